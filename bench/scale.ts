// Scale benchmark (issue 16): one throw-away PostgreSQL database grown step by step (for instance 1M → 3M → 10M
// customers, set-based seeding through bench/seed-sql.ts), and at every size, through a real Directus over HTTP:
//  - reclaim of the due customers (a tenth of all, spread over 200 owners and 4 pools, mixed with not-due rows of the
//    same owners and pools) by POST /lead-pool/reclaim/run, against a hand-written SQL baseline doing the same work
//    (one INSERT … SELECT of the events, one UPDATE) run first in a transaction that is rolled back;
//  - the duplicate check by keyword length (2–10 characters; pieces of real names, common and rare, and a fifth that
//    matches nothing), as a rep, against Directus's own `filter[name][_icontains]` on a sample of the same keywords;
//  - every report, as a manager (admin) and as a rep;
//  - assignment of 10,000 new pool customers to the 200 reps by weighted performance over their follow-ups;
//  - the Directus process's resident memory during each step.
// LEAD_POOL_BENCH_KEEP_DB=1 keeps the database at the end (its name is printed).
// Between sizes the run restores what reclaim changed, so every size starts with a tenth of its customers due.
import { randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import ids from '../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { REPORTS } from '../extensions/lead-pool/src/services/reports';
import { nameKey } from '../extensions/lead-pool/src/core/normalize';
import { connect } from '../test/harness/database';
import { throwawayInstance } from '../test/harness/throwaway';
import { instanceEnv, startInstance, stopInstance } from '../scripts/lib/instance.mjs';
import { freePort } from '../test/harness/global-setup';
import { ensureRollups, rollupsKept } from '../extensions/lead-pool/src/data/schema/rollups';
import { seedSql } from './seed-sql';
import { pct, rssMb } from './measure';

export interface ScaleOptions {
	sizes: number[];
	/** duplicate-check keywords per length (2–10 characters) */
	keywordsPerLength: number;
	/** of those, how many are also searched with `_icontains` (a full scan when nothing matches) */
	icontainsPerLength: number;
	assign: number;
	reps: number;
	/** measure again on a database an earlier run kept (LEAD_POOL_BENCH_KEEP_DB), at its size, without seeding */
	reuseDb?: string;
	log?: (line: string) => void;
}

export interface SizeResult {
	customers: number;
	seedSeconds: number;
	due: number;
	reclaimSeconds: number;
	reclaimed: number;
	baselineSeconds: number;
	reclaimRatio: number;
	dupP95ByLength: [number, number][];
	dupP95: number;
	dupP50: number;
	icontainsP95: number;
	icontainsP50: number;
	dupRatioP95: number;
	reports: { name: string; adminMs: number; repMs: number; status: string }[];
	assignSeconds: number;
	assigned: number;
	rssGrowthMb: number;
	tableMb: number;
}

// no client-side timeout: a reclaim of a million customers runs for minutes in one request
const patient = new Agent({ headersTimeout: 0, bodyTimeout: 0 });

export async function benchScale(opts: ScaleOptions): Promise<SizeResult[]> {
	const log = opts.log ?? (() => {});
	const env = {
		LEAD_POOL_RECLAIM_SCHEDULE: 'off',
		LEAD_POOL_DUPLICATES_PER_MINUTE: '1000000',
		LEAD_POOL_DUPLICATES_BURST: '1000000',
		// the reclaim's chunk size, as an admin would set it (default 1,000)
		...(process.env['LEAD_POOL_RECLAIM_CHUNK'] ? { LEAD_POOL_RECLAIM_CHUNK: process.env['LEAD_POOL_RECLAIM_CHUNK'] } : {}),
	};
	const inst = opts.reuseDb ? await reuse(opts.reuseDb, env) : await throwawayInstance('postgres', env);
	const knex = connect(inst.db);
	const pid = inst.instance.child.pid!;
	let rssBase = rssMb(pid);
	let rssPeak = rssBase;
	const sampler = setInterval(() => {
		try {
			rssPeak = Math.max(rssPeak, rssMb(pid));
		} catch {
			/* gone */
		}
	}, 100);
	const call = async (method: string, path: string, token: string, body?: unknown) => {
		const t = performance.now();
		const res = await request(`${inst.url}${path}`, {
			method: method as any,
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			dispatcher: patient,
		});
		const text = await res.body.text();
		const ms = performance.now() - t;
		let json: any = null;
		try {
			json = JSON.parse(text);
		} catch {
			/* not JSON */
		}
		return { ms, status: res.statusCode, json, text };
	};
	const admin = (method: string, path: string, body?: unknown) => call(method, path, inst.adminToken, body);
	const must = async (what: string, p: Promise<{ status: number; json: any; text: string }>) => {
		const r = await p;
		if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
		return r.json;
	};
	try {
		const found = opts.reuseDb ? await findScaleSetup(knex) : null;
		if (found) {
			// what this build's setup adds to a database an earlier build made (indexes, guards)
			const setup = await must('setup', admin('POST', '/lead-pool/setup'));
			log(`setup on the kept database: ${JSON.stringify(setup.data.indexes_created)}`);
		}
		const { reps, pools, assignPool, rule } = found ?? (await makeScaleSetup());
		async function makeScaleSetup() {
			// 200 reps owning the seeded customers; their profiles lift the caps (the seed gives each thousands)
			const reps = Array.from({ length: opts.reps }, (_, i) => ({ id: randomUUID(), token: randomBytes(16).toString('hex'), email: `scale-rep-${i}-${randomBytes(3).toString('hex')}@example.org` }));
			await must('users', admin('POST', '/users', reps.map((r, i) => ({ id: r.id, email: r.email, token: r.token, first_name: `Rep ${i}`, role: ids.role.rep, status: 'active', email_notifications: false }))));
			await must('profiles', admin('POST', '/items/crm_rep_profiles', reps.map((r) => ({ user: r.id, max_new: 1_000_000, max_prospects: 1_000_000 }))));
			const pools: number[] = [];
			for (const [i, kind] of (['company', 'company', 'company', 'company'] as const).entries()) {
				const p = await must('pool', admin('POST', '/items/crm_pools', { name: `Scale pool ${i + 1}`, kind, reclaim_enabled: true, reclaim_no_contact_days: 30, reclaim_reminder_days: 0 }));
				pools.push(Number(p.data.id));
			}
			// the default pool keeps what setup put there; reclaim stays off in it
			const settings = await knex('crm_settings').first('default_pool');
			await must('default pool', admin('PATCH', `/items/crm_pools/${settings.default_pool}`, { reclaim_enabled: false }));
			const assignPool = Number((await must('assign pool', admin('POST', '/items/crm_pools', { name: 'Scale inquiries', kind: 'company', claim_policy: 'assigned_only', reclaim_enabled: false }))).data.id);
			const rule = Number(
				(
					await must(
						'rule',
						admin('POST', '/items/crm_assignment_rules', { name: 'Scale weighted', status: 'active', strategy: 'weighted_performance', score_mode: 'proportional', score_window: 'last_n_days', score_window_days: 30, candidate_users: reps.map((r) => r.id), weight_follow_ups: 1 }),
					)
				).data.id,
			);
			return { reps, pools, assignPool, rule };
		}
		const results: SizeResult[] = [];
		let have = found ? Number((await knex('crm_customers').whereNot('pool', assignPool).count({ n: '*' }))[0]!.n) : 0;
		const sizes = found ? [have] : opts.sizes;
		for (const size of sizes) {
			// grow to `size`
			const seeded = size > have ? await seedSql(knex, { size: size - have, reps: reps.map((r) => r.id), pools, dueShare: 0.1, bulk: true, log }) : { seconds: 0 };
			have = size;
			if (found) {
				// what a kept run left: its reclaim undone and its assigned inquiries gone
				await restore(new Date(0));
			}
			await knex.raw(`VACUUM ANALYZE crm_customers, crm_events, crm_follow_ups${(await knex.schema.hasTable('crm_customer_keys')) ? ', crm_customer_keys' : ''}`);
			const tableMb = Number((await knex.raw(`SELECT pg_total_relation_size('crm_customers') / 1048576 AS mb`)).rows[0].mb);
			log(`${size.toLocaleString('en')} customers (${seeded.seconds.toFixed(0)} s to seed this step; crm_customers with its indexes ${tableMb} MB)`);
			rssBase = rssMb(pid);
			rssPeak = rssBase;

			// reclaim: the baseline first, rolled back, then ours. Each starts right after a checkpoint: the first change of
			// each page after one writes the whole page to the WAL, and a checkpoint that fell inside one run only (the
			// baseline's million rows of WAL fill max_wal_size) charged that run alone for it
			await knex.raw('CHECKPOINT');
			const now = new Date();
			const cut = new Date(now.getTime() - 30 * 86_400_000);
			const cond = `pool = ANY(?) AND owner IS NOT NULL AND locked = false AND stage <> 'customer' AND (last_contact_at IS NULL OR last_contact_at <= ?) AND owned_since <= ?`;
			const due = Number((await knex.raw(`SELECT count(*) AS n FROM crm_customers WHERE ${cond}`, [pools, cut, cut])).rows[0].n);
			let baselineSeconds = 0;
			await knex
				.transaction(async (trx) => {
					const t = performance.now();
					await trx.raw(`INSERT INTO crm_events (customer, action, from_owner, to_owner, pool, actor, reason, details, date_created) SELECT id, 'reclaimed', owner, NULL, pool, NULL, 'baseline', NULL, ? FROM crm_customers WHERE ${cond}`, [now, pools, cut, cut]);
					await trx.raw(`UPDATE crm_customers SET previous_owner = owner, owner = NULL, owned_since = NULL, released_at = ?, release_reason = 'baseline', return_count = return_count + 1, date_updated = ? WHERE ${cond}`, [now, now, pools, cut, cut]);
					baselineSeconds = (performance.now() - t) / 1000;
					throw new Error('rollback');
				})
				.catch((e) => {
					if ((e as Error).message !== 'rollback') throw e;
				});
			// the rolled-back baseline left a million dead rows in each table it wrote, the rollups too
			await knex.raw(`VACUUM ANALYZE crm_customers, crm_events${(await rollupsKept(knex)) ? ', crm_pool_stays, crm_event_hours' : ''}`);
			await knex.raw('CHECKPOINT');
			log(`reclaim baseline: ${due.toLocaleString('en')} due, ${baselineSeconds.toFixed(1)} s (rolled back)`);
			const startedAt = new Date();
			const rec = await admin('POST', '/lead-pool/reclaim/run', {});
			if (rec.status !== 200) throw new Error(`reclaim: HTTP ${rec.status} ${rec.text.slice(0, 300)}`);
			const reclaimed = Number(rec.json.data.reclaimed);
			log(`reclaim run: ${reclaimed.toLocaleString('en')} reclaimed in ${(rec.ms / 1000).toFixed(1)} s (${(rec.ms / 1000 / baselineSeconds).toFixed(2)}x)`);

			// the duplicate check, as a rep, by keyword length
			const total = size;
			const pieces = new Map<number, string[]>();
			const absent = ['zq', 'xkq', '鳯鸞', 'qwzv', '龘龘龘', 'xyzzyq', 'vvvqqqx', '豳豳鼗鼗', 'qqqqzzzxx', 'zzxxqqvvkk', 'kqzv', '鼗豳', 'zzxq'];
			let seed = 7;
			const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
			for (let len = 2; len <= 10; len++) {
				const list: string[] = [];
				let tries = 0;
				while (list.length < opts.keywordsPerLength && tries++ < opts.keywordsPerLength * 20) {
					if (list.length % 5 === 4) {
						// absent: a word of no name, as long as asked
						const a = absent[(list.length + len) % absent.length]!;
						list.push([...(a + 'qzxv鳯鸞' + a)].slice(0, len).join(''));
						continue;
					}
					const row = await knex('crm_customers').select('name').where('id', '>=', 1 + Math.floor(rand() * total)).orderBy('id').first();
					const words = String(row?.name ?? '').split(/[\s.,]+/).filter((w) => [...w].length >= len);
					if (!words.length) continue;
					const word = [...words[Math.floor(rand() * words.length)]!];
					const at = Math.floor(rand() * (word.length - len + 1));
					const piece = word.slice(at, at + len).join('').toLowerCase();
					if (nameKey(piece) !== piece || !nameKey(String(row.name))!.includes(piece)) continue;
					list.push(piece);
				}
				pieces.set(len, list);
			}
			const rep = reps[0]!;
			const dup = (kw: string) => call('GET', `/lead-pool/duplicates?q=${encodeURIComponent(kw)}&limit=10`, rep.token);
			for (const kw of pieces.get(4)!.slice(0, 5)) await dup(kw); // warm up
			const byLength: [number, number][] = [];
			const all: number[] = [];
			for (const [len, list] of pieces) {
				const ms: number[] = [];
				for (const kw of list) {
					const r = await dup(kw);
					if (r.status !== 200) throw new Error(`duplicates ${kw}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
					ms.push(r.ms);
				}
				all.push(...ms);
				byLength.push([len, pct(ms, 0.95)]);
			}
			const theirs: number[] = [];
			const ours: number[] = [];
			for (const list of pieces.values()) {
				// names and absent words in the proportion of the whole list (one in five absent)
				const sample = list.filter((_, i) => i % 5 === 4).slice(0, Math.ceil(opts.icontainsPerLength / 5));
				sample.push(...list.filter((_, i) => i % 5 !== 4).slice(0, opts.icontainsPerLength - sample.length));
				for (const kw of sample) {
					const r = await call('GET', `/items/crm_customers?filter[name][_icontains]=${encodeURIComponent(kw)}&limit=10&fields=id,name,owner,pool,date_created`, rep.token);
					if (r.status !== 200) throw new Error(`_icontains ${kw}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
					theirs.push(r.ms);
					ours.push((await dup(kw)).ms);
				}
			}
			log(`duplicate check p95 ${pct(all, 0.95).toFixed(1)} ms; by length ${byLength.map(([l, p]) => `${l}: ${p.toFixed(1)}`).join(', ')}; _icontains p95 ${pct(theirs, 0.95).toFixed(0)} ms`);

			// every report, as a manager and as a rep
			const reports: SizeResult['reports'] = [];
			for (const name of REPORTS) {
				const a = await admin('GET', `/lead-pool/reports/${name}`);
				const r = await call('GET', `/lead-pool/reports/${name}`, rep.token);
				reports.push({ name, adminMs: a.ms, repMs: r.ms, status: `${a.status}/${r.status}` });
			}
			log(`reports: ${reports.map((r) => `${r.name} ${r.adminMs.toFixed(0)}/${r.repMs.toFixed(0)} ms (${r.status})`).join(', ')}`);

			// assignment of new inquiries to the 200 reps
			const maxId = Number((await knex('crm_customers').max({ m: 'id' }))[0]!.m);
			await knex.raw(
				`INSERT INTO crm_customers (id, name, name_key, source, tier, stage, pool, locked, date_created, return_count)
				 SELECT ? + i, 'Scale inquiry ' || (? + i), 'scaleinquiry' || (? + i), 'website', 'C', 'new', ?, false, now(), 0 FROM generate_series(1, ?) AS i`,
				[maxId, maxId, maxId, assignPool, opts.assign],
			);
			await knex.raw(`SELECT setval(pg_get_serial_sequence('crm_customers', 'id'), (SELECT MAX(id) FROM crm_customers))`);
			await knex.raw('ANALYZE crm_customers');
			const asg = await admin('POST', '/lead-pool/assign', { pool: assignPool, rule });
			if (asg.status !== 200) throw new Error(`assign: HTTP ${asg.status} ${asg.text.slice(0, 300)}`);
			log(`assignment: ${asg.json.data.assigned} of ${opts.assign} in ${(asg.ms / 1000).toFixed(2)} s`);

			results.push({
				customers: size,
				seedSeconds: seeded.seconds,
				due,
				reclaimSeconds: rec.ms / 1000,
				reclaimed,
				baselineSeconds,
				reclaimRatio: rec.ms / 1000 / baselineSeconds,
				dupP95ByLength: byLength,
				dupP95: pct(all, 0.95),
				dupP50: pct(all, 0.5),
				icontainsP95: pct(theirs, 0.95),
				icontainsP50: pct(theirs, 0.5),
				dupRatioP95: pct(theirs, 0.95) / pct(ours, 0.95),
				reports,
				assignSeconds: asg.ms / 1000,
				assigned: Number(asg.json.data.assigned),
				rssGrowthMb: rssPeak - rssBase,
				tableMb,
			});

			// put back what this size changed, so the next size starts with a tenth due again and no assigned inquiries
			if (size !== sizes[sizes.length - 1]) await restore(startedAt);
		}
		return results;

		async function restore(since: Date) {
			const t = performance.now();
			await knex.transaction(async (trx) => {
				// the bench's own rows go for good: the delete guard (which returns deleted customers to their pool) is off here
				await trx.raw('SET LOCAL session_replication_role = replica');
				await trx('crm_events').whereIn('customer', trx('crm_customers').select('id').where('pool', assignPool)).delete();
				// (triggers are off: the duplicate check's copy of their keys goes with them by hand)
				if (await trx.schema.hasTable('crm_customer_keys')) {
					await trx('crm_customer_keys').whereIn('id', trx('crm_customers').select('id').where('pool', assignPool)).delete();
				}
				await trx('crm_customers').where('pool', assignPool).delete();
				await trx.raw(
					`UPDATE crm_customers c SET owner = e.from_owner, owned_since = e.owned_since, previous_owner = NULL, released_at = NULL, release_reason = NULL, return_count = 0
					 FROM (SELECT customer, from_owner, now() - interval '31 days' AS owned_since FROM crm_events WHERE action = 'reclaimed' AND date_created >= ?) e
					 WHERE c.id = e.customer`,
					[since],
				);
				await trx('crm_events').where('action', 'reclaimed').where('date_created', '>=', since).delete();
			});
			// the events were deleted with triggers off: the reports' rollups are filled again from the events
			if (await rollupsKept(knex)) await ensureRollups(knex, { rebuild: true });
			await knex.raw('VACUUM ANALYZE crm_customers, crm_events');
			log(`restored in ${((performance.now() - t) / 1000).toFixed(0)} s`);
		}
	} finally {
		clearInterval(sampler);
		await knex.destroy();
		if (process.env['LEAD_POOL_BENCH_KEEP_DB']) {
			// keep the grown database for EXPLAIN and further runs; only Directus stops
			await stopInstance(inst.instance);
			log(`kept database ${(inst.db as any).database}`);
		} else await inst.stop();
	}
}

/** Directus started again on a database a scale run kept. */
async function reuse(database: string, extra: Record<string, string>) {
	const db = { client: 'pg', host: '127.0.0.1', port: 5432, user: 'postgres', database };
	const knex = connect(db as any);
	const admin = await knex('directus_users').first('token', 'email').where('email', 'admin@example.com');
	await knex.destroy();
	const env = instanceEnv({ db, port: await freePort(), admin: { email: admin.email, password: randomBytes(8).toString('hex'), token: admin.token }, extra: { EXTENSIONS_MUST_LOAD: 'true', LOG_LEVEL: 'error', ...extra } });
	const instance = await startInstance(env, { timeoutMs: 600_000 });
	return { url: instance.url, adminToken: admin.token as string, db, instance, stop: () => stopInstance(instance) };
}

/** The reps, pools and rule a kept run made. */
async function findScaleSetup(knex: ReturnType<typeof connect>) {
	const reps = (await knex('directus_users').select('id', 'token').where('email', 'like', 'scale-rep-%').orderByRaw("(substring(email from 'scale-rep-(\\d+)-'))::int")) as { id: string; token: string }[];
	const pools = (await knex('crm_pools').where('name', 'like', 'Scale pool %').orderBy('id').pluck('id')).map(Number);
	const assignPool = Number((await knex('crm_pools').first('id').where('name', 'Scale inquiries')).id);
	const rule = Number((await knex('crm_assignment_rules').first('id').where('name', 'Scale weighted')).id);
	return { reps, pools, assignPool, rule };
}

/** The growth between the first and the last size, per tenfold: ~1 flat, ~10 linear. */
export function growth(first: number, last: number, sizeFirst: number, sizeLast: number): string {
	const exponent = Math.log(last / first) / Math.log(sizeLast / sizeFirst);
	const kind = exponent < 0.2 ? 'flat' : exponent < 0.6 ? 'sub-linear (log-like)' : exponent < 1.2 ? 'linear' : 'worse than linear';
	return `x${(last / first).toFixed(2)} for x${(sizeLast / sizeFirst).toFixed(1)} customers (exponent ${exponent.toFixed(2)}: ${kind})`;
}
