// Benchmarks of the ownership issue, each against a baseline measured in the same run on the same instance:
//  - a claim through PATCH /items/crm_customers/:id against a PATCH of a plain field of the same collection;
//  - a rep's list read of 100 customers from the whole table against the same read by an admin;
//  - the query plans of the quota and visibility checks (they must use indexes, not scan customers).
import { createItem, createItems, createUsers, readSingleton, rest, staticToken, createDirectus } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import ids from '../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { seedBulk } from '../seeds/seed.mjs';
import { connect } from '../test/harness/database';
import type { BenchInstance } from './instance';
import { pct } from './measure';

const median = (xs: number[]) => pct(xs, 0.5);
const p95 = (xs: number[]) => pct(xs, 0.95);
async function timed(fn: () => Promise<Response>) {
	const t = performance.now();
	const res = await fn();
	await res.arrayBuffer();
	if (!res.ok) throw new Error(`HTTP ${res.status}`);
	return performance.now() - t;
}

export async function benchOwnership(inst: BenchInstance, opts: { size: number; rounds: number }) {
	const { url, adminToken, db, kind } = inst;
	const admin = createDirectus(url).with(staticToken(adminToken)).with(rest());
	const knex = connect(db);
	try {
		// A rep with room for everything, in a pool of their own with fresh customers to claim.
		const rep = { id: randomUUID(), token: randomBytes(16).toString('hex') };
		const owners = Array.from({ length: 6 }, () => ({ id: randomUUID() }));
		await admin.request(
			createUsers([rep, ...owners].map((u, i) => ({ id: u.id, email: `bench-${i}-${randomBytes(3).toString('hex')}@example.org`, role: ids.role.rep, status: 'active', ...(u === rep ? { token: rep.token } : {}) })) as any),
		);
		await admin.request(createItem('crm_rep_profiles', { user: rep.id, max_new: 1_000_000, max_prospects: 1_000_000 } as any));
		const settings = (await admin.request(readSingleton('crm_settings'))) as any;
		const t0 = performance.now();
		await seedBulk({ knex, size: opts.size, seed: 11, poolIds: { company: settings.default_pool, east: settings.default_pool, web: settings.default_pool }, reps: owners.map((o) => o.id) });
		const seedSeconds = (performance.now() - t0) / 1000;
		// each call fills keys for up to its time budget and says what is left
		for (let pending = 1; pending > 0; ) {
			const setup = await fetch(`${url}/lead-pool/setup`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` } });
			pending = Number(((await setup.json()) as any)?.data?.keys_pending ?? 0);
		}
		const pool = (await admin.request(createItem('crm_pools', { name: `Bench ${randomBytes(2).toString('hex')}`, kind: 'department', claim_direct: true, cooldown_days: 0, members: [{ user: rep.id, role: 'member' }] } as any))) as any;
		const fresh = ((await admin.request(createItems('crm_customers', Array.from({ length: opts.rounds }, (_, i) => ({ name: `Bench claim ${i}`, pool: pool.id, stage: 'new' })) as any))) as any[]).map((c) => c.id);

		const patch = (id: number, body: unknown) => fetch(`${url}/items/crm_customers/${id}`, { method: 'PATCH', headers: { Authorization: `Bearer ${rep.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
		const claim: number[] = [];
		const plain: number[] = [];
		// Interleaved so both see the same machine state; the plain edit touches a customer the rep already owns.
		for (const id of fresh) {
			claim.push(await timed(() => patch(id, { owner: rep.id })));
			plain.push(await timed(() => patch(id, { notes: `edited ${Math.random()}` })));
		}

		const list = (token: string) => fetch(`${url}/items/crm_customers?limit=100&fields=id,name,owner,pool,stage,last_contact_at`, { headers: { Authorization: `Bearer ${token}` } });
		const repReads: number[] = [];
		const adminReads: number[] = [];
		for (let i = 0; i < 5; i++) await (await list(rep.token)).arrayBuffer(); // warm caches
		for (let i = 0; i < opts.rounds; i++) {
			repReads.push(await timed(() => list(rep.token)));
			adminReads.push(await timed(() => list(adminToken)));
		}

		const plans: Record<string, string> = {};
		if (kind === 'postgres') {
			const explain = async (sql: string, bindings: unknown[]) => ((await knex.raw(`EXPLAIN ${sql}`, bindings as any)).rows as any[]).map((r) => r['QUERY PLAN']).join(' / ');
			plans['holdings (quota)'] = await explain(`select stage, count(*) from crm_customers where owner = ? and stage in ('new','prospect') group by stage`, [rep.id]);
			plans['visibility (rep list)'] = await explain(`select id from crm_customers where (owner = ? or (owner is null and pool in (?, ?))) order by id limit 100`, [rep.id, settings.default_pool, pool.id]);
		} else {
			const explain = async (sql: string, bindings: unknown[]) => ((await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as any)) as any[]).map((r) => r.detail).join(' / ');
			plans['holdings (quota)'] = await explain(`select stage, count(*) from crm_customers where owner = ? and stage in ('new','prospect') group by stage`, [rep.id]);
		}

		return {
			customers: opts.size,
			seedSeconds,
			claimPatchMs: median(claim),
			plainPatchMs: median(plain),
			claimRatio: median(claim) / median(plain),
			repListMs: median(repReads),
			adminListMs: median(adminReads),
			repListP95: p95(repReads),
			adminListP95: p95(adminReads),
			listRatio: median(repReads) / median(adminReads),
			plans,
		};
	} finally {
		await knex.destroy();
	}
}
