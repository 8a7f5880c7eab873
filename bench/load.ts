// Load benchmark (issue 16): K Directus instances on one throw-away PostgreSQL database sharing Redis (the
// multi-instance settings of docker-compose.yml), N API-only reps, and a bounded concurrent client driving claims,
// batch claims, list reads, duplicate checks and follow-ups across the instances, while a reclaim run and an
// assignment run happen. Beside them, under the same load: a plain PATCH by a rep and by an admin, and a plain list
// read by an admin. Afterwards the database is checked for what must never happen: a customer claimed twice, a rep
// over a cap or a pool's daily limit, events out of step with owners. Loopback only, bounded in count and time.
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import ids from '../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { instanceEnv, startInstance, stopInstance } from '../scripts/lib/instance.mjs';
import { connect } from '../test/harness/database';
import { freePort, redisEnv } from '../test/harness/global-setup';
import { throwawayInstance } from '../test/harness/throwaway';
import { seedSql } from './seed-sql';
import { pct, rssMb } from './measure';

export interface LoadOptions {
	instances: number;
	reps: number;
	seconds: number;
	customers: number;
	/** requests in flight at once (the bounded client) */
	concurrency: number;
	dailyLimit: number;
	/** V8's old-space limit of each instance in MB (--max-old-space-size), or Node's default */
	heapMb?: number;
	log?: (line: string) => void;
}

type Op = 'claim' | 'batch_claim' | 'my_list' | 'pool_list' | 'duplicates' | 'follow_up' | 'rep_patch' | 'admin_patch' | 'admin_list';
/** how often each operation is drawn (the plain PATCH and list reads are the baselines, drawn as often as claims) */
const MIX: [Op, number][] = [
	['claim', 3],
	['batch_claim', 1],
	['my_list', 3],
	['pool_list', 2],
	['duplicates', 2],
	['follow_up', 2],
	['rep_patch', 3],
	['admin_patch', 3],
	['admin_list', 3],
];


export async function benchLoad(opts: LoadOptions) {
	const log = opts.log ?? (() => {});
	const ns = `lp-load-${randomBytes(4).toString('hex')}`;
	const shared = {
		...redisEnv(ns),
		CACHE_ENABLED: 'true',
		CACHE_AUTO_PURGE: 'true',
		LEAD_POOL_RECLAIM_SCHEDULE: 'off',
		LEAD_POOL_DUPLICATES_PER_MINUTE: '1000000',
		LEAD_POOL_DUPLICATES_BURST: '1000000',
		DB_POOL__MAX: '10',
		...(opts.heapMb ? { NODE_OPTIONS: `--max-old-space-size=${opts.heapMb}` } : {}),
	};
	const t0 = performance.now();
	const first = await throwawayInstance('postgres', shared);
	const others: Awaited<ReturnType<typeof startInstance>>[] = [];
	const knex = connect(first.db);
	try {
		for (let i = 1; i < opts.instances; i++) {
			const env = instanceEnv({
				db: first.db,
				port: await freePort(),
				admin: { email: 'admin@example.com', password: randomBytes(8).toString('hex'), token: first.adminToken },
				extra: { EXTENSIONS_MUST_LOAD: 'true', STORAGE_LOCAL_ROOT: path.join(path.dirname(first.env.STORAGE_LOCAL_ROOT!), 'uploads'), LOG_LEVEL: 'error', ...shared },
			});
			others.push(await startInstance(env, { logFile: path.join(path.dirname(first.env.STORAGE_LOCAL_ROOT!), `directus-${i}.log`) }));
		}
		const urls = [first.url, ...others.map((o) => o.url)];
		const pids = [first.instance.child.pid!, ...others.map((o) => o.child.pid!)];
		log(`${urls.length} instances up in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

		// people: N API-only reps (static tokens), and 20 seed owners holding the customers that are not in the pool
		const reps = Array.from({ length: opts.reps }, (_, i) => ({ id: randomUUID(), token: randomBytes(16).toString('hex'), email: `load-rep-${i}-${randomBytes(3).toString('hex')}@example.org` }));
		const owners = Array.from({ length: 20 }, (_, i) => ({ id: randomUUID(), email: `load-owner-${i}-${randomBytes(3).toString('hex')}@example.org` }));
		const people = [
			...reps.map((r) => ({ id: r.id, email: r.email, token: r.token, role: ids.role.rep, status: 'active', email_notifications: false })),
			...owners.map((o) => ({ id: o.id, email: o.email, role: ids.role.rep, status: 'active', email_notifications: false })),
		];
		const made = await fetch(`${urls[0]}/users`, { method: 'POST', headers: { Authorization: `Bearer ${first.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(people) });
		if (!made.ok) throw new Error(`users: HTTP ${made.status} ${await made.text()}`);
		// a rep profile makes a rep a candidate of assignment rules (the directory of reps is the profiles')
		const profiles = await fetch(`${urls[0]}/items/crm_rep_profiles`, { method: 'POST', headers: { Authorization: `Bearer ${first.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(reps.map((r) => ({ user: r.id }))) });
		if (!profiles.ok) throw new Error(`rep profiles: HTTP ${profiles.status} ${await profiles.text()}`);
		const pool = Number((await knex('crm_settings').first('default_pool')).default_pool);
		const seeded = await seedSql(knex, { size: opts.customers, reps: owners.map((o) => o.id), pools: [pool], bulk: true, log });
		log(`${opts.customers.toLocaleString('en')} customers seeded in ${seeded.seconds.toFixed(1)} s`);
		// realistic levers: caps from the settings (50 new, 100 prospects), a daily claim limit, reclaim after 30 days
		const admin = (p: string, init: RequestInit = {}) =>
			fetch(`${urls[0]}${p}`, { ...init, headers: { Authorization: `Bearer ${first.adminToken}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
		const patched = await admin(`/items/crm_pools/${pool}`, { method: 'PATCH', body: JSON.stringify({ daily_claim_limit: opts.dailyLimit, reclaim_enabled: true, reclaim_no_contact_days: 30 }) });
		if (!patched.ok) throw new Error(`pool levers: HTTP ${patched.status} ${await patched.text()}`);
		const settings = await knex('crm_settings').first('max_new_per_rep', 'max_prospects_per_rep');
		const ruleRes = await admin('/items/crm_assignment_rules', { method: 'POST', body: JSON.stringify({ name: 'Load: least loaded', status: 'active', priority: 0, strategy: 'least_loaded', candidate_users: reps.map((r) => r.id) }) });
		if (!ruleRes.ok) throw new Error(`assignment rule: HTTP ${ruleRes.status} ${await ruleRes.text()}`);
		const rule = ((await ruleRes.json()) as any).data.id;

		// what the client draws from: pool customers to claim, others to assign, customers to PATCH, keywords
		const poolIds: number[] = (await knex('crm_customers').whereNull('owner').orderByRaw('random()').limit(20_000).pluck('id')).map(Number);
		const assignKeys = poolIds.splice(0, 500);
		const ownedIds: number[] = (await knex('crm_customers').whereNotNull('owner').orderByRaw('random()').limit(5_000).pluck('id')).map(Number);
		const names: string[] = await knex('crm_customers').orderByRaw('random()').limit(300).pluck('name_key');
		const keywords = names.map((n, i) => {
			const chars = [...String(n)];
			const len = Math.min(chars.length, 2 + (i % 9));
			const at = (i * 7) % Math.max(1, chars.length - len + 1);
			return i % 5 === 4 ? ['zq', 'xkq', '鳯鸞', 'qwzv', '龘龘龘', 'xyzzyq'][i % 6]! : chars.slice(at, at + len).join('');
		});
		const mine = new Map<string, number[]>(reps.map((r) => [r.id, []]));

		const lat = new Map<Op | 'reclaim_run' | 'assign_run', number[]>();
		const errors = new Map<string, number>();
		let requests = 0;
		const rand = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
		const total = MIX.reduce((s, [, w]) => s + w, 0);
		const draw = (): Op => {
			let x = Math.random() * total;
			for (const [op, w] of MIX) if ((x -= w) < 0) return op;
			return 'claim';
		};
		let rr = 0;
		const call = async (op: string, token: string, p: string, init: RequestInit = {}) => {
			const url = urls[rr++ % urls.length]!;
			const t = performance.now();
			const res = await fetch(`${url}${p}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
			const body = (await res.json().catch(() => null)) as any;
			const ms = performance.now() - t;
			requests++;
			lat.set(op as Op, [...(lat.get(op as Op) ?? []), ms]);
			if (!res.ok) {
				const code = body?.errors?.[0]?.extensions?.code ?? 'no code';
				const key = `${op} ${res.status} ${code}`;
				errors.set(key, (errors.get(key) ?? 0) + 1);
			}
			return { ok: res.ok, body };
		};
		const run = async (op: Op) => {
			const rep = rand(reps);
			const own = mine.get(rep.id)!;
			switch (op) {
				case 'claim': {
					const r = await call(op, rep.token, '/lead-pool/claim', { method: 'POST', body: JSON.stringify({ keys: [rand(poolIds)] }) });
					if (r.ok) own.push(...(r.body.data.claimed as number[]).map(Number));
					return;
				}
				case 'batch_claim': {
					const r = await call(op, rep.token, '/lead-pool/claim', { method: 'POST', body: JSON.stringify({ keys: [rand(poolIds), rand(poolIds), rand(poolIds), rand(poolIds), rand(poolIds)] }) });
					if (r.ok) own.push(...(r.body.data.claimed as number[]).map(Number));
					return;
				}
				case 'my_list':
					await call(op, rep.token, `/items/crm_customers?filter[owner][_eq]=${rep.id}&limit=25&sort=-id&fields=id,name,stage,last_contact_at`);
					return;
				case 'pool_list':
					await call(op, rep.token, `/items/crm_customers?filter[owner][_null]=true&filter[pool][_eq]=${pool}&limit=25&sort=-id&fields=id,name,stage`);
					return;
				case 'duplicates':
					await call(op, rep.token, `/lead-pool/duplicates?q=${encodeURIComponent(rand(keywords))}&limit=10`);
					return;
				case 'follow_up': {
					if (own.length === 0) return run('claim');
					await call(op, rep.token, '/items/crm_follow_ups', { method: 'POST', body: JSON.stringify({ customer: rand(own), channel: 'phone', summary: 'load call', contacted_at: new Date().toISOString() }) });
					return;
				}
				case 'rep_patch': {
					if (own.length === 0) return run('claim');
					await call(op, rep.token, `/items/crm_customers/${rand(own)}`, { method: 'PATCH', body: JSON.stringify({ notes: `note ${Date.now()}` }) });
					return;
				}
				case 'admin_patch':
					await call(op, first.adminToken, `/items/crm_customers/${rand(ownedIds)}`, { method: 'PATCH', body: JSON.stringify({ notes: `note ${Date.now()}` }) });
					return;
				case 'admin_list':
					await call(op, first.adminToken, `/items/crm_customers?filter[owner][_eq]=${rand(owners).id}&limit=25&sort=-id&fields=id,name,stage,last_contact_at`);
					return;
			}
		};

		const startedAt = new Date(Date.now() - 1000);
		const rssBefore = pids.map(rssMb);
		const rssPeak = [...rssBefore];
		const deadline = performance.now() + opts.seconds * 1000;
		const side = (async () => {
			// a reclaim run a third of the way in, an assignment run two thirds in (admin, on other instances)
			await new Promise((r) => setTimeout(r, (opts.seconds * 1000) / 3));
			let t = performance.now();
			const rec = await fetch(`${urls[1 % urls.length]}/lead-pool/reclaim/run`, { method: 'POST', headers: { Authorization: `Bearer ${first.adminToken}` } });
			const recBody = (await rec.json().catch(() => null)) as any;
			lat.set('reclaim_run', [performance.now() - t]);
			if (!rec.ok) errors.set(`reclaim_run ${rec.status} ${recBody?.errors?.[0]?.extensions?.code}`, 1);
			await new Promise((r) => setTimeout(r, Math.max(0, (opts.seconds * 1000) / 3 - (performance.now() - t))));
			t = performance.now();
			const asg = await fetch(`${urls[2 % urls.length]}/lead-pool/assign`, { method: 'POST', headers: { Authorization: `Bearer ${first.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ keys: assignKeys, rule }) });
			const asgBody = (await asg.json().catch(() => null)) as any;
			lat.set('assign_run', [performance.now() - t]);
			if (!asg.ok) errors.set(`assign_run ${asg.status} ${asgBody?.errors?.[0]?.extensions?.code}`, 1);
			return { reclaim: recBody?.data ?? recBody, assign: asg.ok ? { assigned: asgBody?.data?.assigned, left_in_pool: asgBody?.data?.left_in_pool, skipped: asgBody?.data?.skipped?.length, of: assignKeys.length, first_reason: asgBody?.data?.decisions?.[0]?.reason } : asgBody };
		})();
		const worker = async () => {
			while (performance.now() < deadline) {
				try {
					await run(draw());
				} catch (error) {
					const key = `network ${(error as any)?.cause?.code ?? (error as Error).message}`;
					errors.set(key, (errors.get(key) ?? 0) + 1);
				}
			}
		};
		// every second the peak; every 10 s a sample of each instance, to tell a working set that levels off from a
		// leak that keeps climbing
		const rssSeries: number[][] = [];
		let ticks = 0;
		const sampler = setInterval(() => {
			const now = pids.map(rssMb);
			now.forEach((mb, i) => (rssPeak[i] = Math.max(rssPeak[i]!, mb)));
			if (++ticks % 10 === 0) rssSeries.push(now);
		}, 1000);
		const tRun = performance.now();
		await Promise.all(Array.from({ length: opts.concurrency }, worker));
		const runSeconds = (performance.now() - tRun) / 1000;
		const sideResult = await side;
		clearInterval(sampler);
		// and once the instances have been idle for 15 s (what stays: caches, pools, a heap V8 has not given back)
		await new Promise((r) => setTimeout(r, 15_000));
		const rssAfter = pids.map(rssMb);

		// what must never happen, in SQL
		const one = async (sql: string, b: unknown[] = []) => Number((await knex.raw(sql, b as any)).rows[0].n);
		const since = startedAt.toISOString();
		const OWNERSHIP = `('claimed','claimed_by_follow_up','request_approved','released','deleted_to_pool','reclaimed','assigned','transferred','created_in_pool','created_owned','over_cap_to_pool','moved')`;
		// a claim of a customer whose previous ownership event left it with an owner: claimed twice
		const claimedTwice = await one(
			`SELECT count(*) AS n FROM (
				SELECT customer, action, date_created, lag(to_owner) OVER w AS prev_to
				FROM crm_events WHERE customer IS NOT NULL AND action IN ${OWNERSHIP} WINDOW w AS (PARTITION BY customer ORDER BY id)) e
			WHERE action IN ('claimed', 'claimed_by_follow_up') AND prev_to IS NOT NULL AND date_created >= ?`,
			[since],
		);
		const overNew = await one(`SELECT count(*) AS n FROM (SELECT owner FROM crm_customers WHERE owner IN (${reps.map(() => '?').join(',')}) AND stage = 'new' GROUP BY owner HAVING count(*) > ?) x`, [...reps.map((r) => r.id), settings.max_new_per_rep]);
		const overProspect = await one(`SELECT count(*) AS n FROM (SELECT owner FROM crm_customers WHERE owner IN (${reps.map(() => '?').join(',')}) AND stage = 'prospect' GROUP BY owner HAVING count(*) > ?) x`, [...reps.map((r) => r.id), settings.max_prospects_per_rep]);
		const overDaily = await one(`SELECT count(*) AS n FROM (SELECT actor FROM crm_events WHERE action = 'claimed' AND date_created >= ? AND actor = to_owner AND pool = ? GROUP BY actor HAVING count(*) > ?) x`, [since, pool, opts.dailyLimit]);
		const outOfStep = await one(
			`SELECT count(*) AS n FROM crm_customers c JOIN LATERAL (
				SELECT to_owner FROM crm_events e WHERE e.customer = c.id AND e.action IN ${OWNERSHIP}
				ORDER BY e.id DESC LIMIT 1) last ON true
			WHERE c.id IN (SELECT DISTINCT customer FROM crm_events WHERE date_created >= ?) AND last.to_owner IS DISTINCT FROM c.owner`,
			[since],
		);
		const row = (op: string) => {
			const xs = lat.get(op as Op) ?? [];
			return { op, n: xs.length, p50: pct(xs, 0.5), p95: pct(xs, 0.95), p99: pct(xs, 0.99) };
		};
		return {
			instances: urls.length,
			reps: reps.length,
			customers: opts.customers,
			seedSeconds: seeded.seconds,
			runSeconds,
			requests,
			throughput: requests / runSeconds,
			concurrency: opts.concurrency,
			rows: (['claim', 'batch_claim', 'rep_patch', 'admin_patch', 'my_list', 'admin_list', 'pool_list', 'duplicates', 'follow_up', 'reclaim_run', 'assign_run'] as const).map(row),
			errors: [...errors.entries()].sort((a, b) => b[1] - a[1]),
			side: sideResult,
			anomalies: { claimedTwice, overNew, overProspect, overDaily, outOfStep },
			rssBefore,
			rssPeak,
			rssSeries,
			rssAfter,
		};
	} finally {
		await knex.destroy();
		for (const o of others) await stopInstance(o);
		await first.stop();
	}
}
