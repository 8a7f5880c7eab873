// Benchmark of the assignment issue: assign `customers` unowned customers to `candidates` reps by weighted
// performance (proportional) over `followUps` follow-ups, end to end through POST /lead-pool/assign, against a
// per-customer loop through Directus (PATCH owner = rep, i.e. ItemsService and the ownership hooks) measured on a
// sample and extrapolated.
import { createItem, createItems, createUsers, rest, staticToken, createDirectus } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import ids from '../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { connect } from '../test/harness/database';
import type { BenchInstance } from './instance';

export async function benchAssignment(inst: BenchInstance, opts: { customers: number; candidates: number; followUps: number; sample: number }) {
	const { url, adminToken, db, kind } = inst;
	const admin = createDirectus(url).with(staticToken(adminToken)).with(rest());
	const knex = connect(db);
	const ts = (d: Date) => (kind === 'sqlite' ? d.getTime() : d);
	try {
		const reps = Array.from({ length: opts.candidates }, () => randomUUID());
		for (let i = 0; i < reps.length; i += 100) {
			await admin.request(createUsers(reps.slice(i, i + 100).map((id, k) => ({ id, email: `ab-${i + k}-${randomBytes(2).toString('hex')}@example.org`, first_name: `Rep ${i + k}`, role: ids.role.rep, status: 'active' })) as any));
			await admin.request(createItems('crm_rep_profiles', reps.slice(i, i + 100).map((user) => ({ user, max_new: 1_000_000, max_prospects: 1_000_000 })) as any));
		}
		const pool = (await admin.request(createItem('crm_pools', { name: 'Assignment bench', kind: 'company', claim_policy: 'assigned_only' } as any))) as any;
		const t0 = performance.now();
		// Customers to assign, and history: follow-ups spread over the reps and the last 14 days, all set-based.
		const rows = Array.from({ length: opts.customers }, (_, i) => ({ name: `Bench inquiry ${i}`, source: 'website', stage: 'new', pool: pool.id, locked: false, date_created: ts(new Date()) }));
		await knex.batchInsert('crm_customers', rows, 500);
		const firstId = Number((await knex('crm_customers').min({ m: 'id' }).where('pool', pool.id))[0]!.m);
		const day = 86_400_000;
		const batch = kind === 'sqlite' ? 500 : 5000;
		for (let i = 0; i < opts.followUps; i += batch) {
			const chunk = Array.from({ length: Math.min(batch, opts.followUps - i) }, (_, k) => {
				const n = i + k;
				return { customer: firstId + (n % opts.customers), rep: reps[(n * 7) % reps.length], channel: 'phone', summary: 'call', contacted_at: ts(new Date(Date.now() - (n % 14) * day)), date_created: ts(new Date()) };
			});
			await knex('crm_follow_ups').insert(chunk);
		}
		const perf = reps.flatMap((rep, i) => [
			{ rep, date: kind === 'sqlite' ? Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) : new Date().toISOString().slice(0, 10), metric: 'sample_orders', value: (i % 5) + 1 },
			{ rep, date: kind === 'sqlite' ? Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`) : new Date().toISOString().slice(0, 10), metric: 'meetings_hosted', value: i % 3 },
		]);
		await knex.batchInsert('crm_performance', perf, 500);
		await knex.raw(kind === 'sqlite' ? 'ANALYZE' : 'ANALYZE crm_customers, crm_follow_ups, crm_performance');
		const seedSeconds = (performance.now() - t0) / 1000;
		const rule = (await admin.request(createItem('crm_assignment_rules', { name: 'Bench weighted', status: 'active', strategy: 'weighted_performance', score_mode: 'proportional', score_window: 'last_n_days', score_window_days: 14, candidate_users: reps, weight_follow_ups: 1, weight_sample_orders: 3, weight_meetings_hosted: 2 } as any))) as any;

		// Per-customer loop on a sample: a manager sets the owner of one customer at a time.
		const sampleIds = (await knex('crm_customers').select('id').where('pool', pool.id).whereNull('owner').orderBy('id', 'desc').limit(opts.sample)).map((r: any) => r.id);
		const s0 = performance.now();
		for (const [k, id] of sampleIds.entries()) {
			const r = await fetch(`${url}/items/crm_customers/${id}`, { method: 'PATCH', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ owner: reps[k % reps.length] }) });
			await r.arrayBuffer();
		}
		const perItem = (performance.now() - s0) / 1000 / sampleIds.length;
		const remaining = Number((await knex('crm_customers').where('pool', pool.id).whereNull('owner').count({ n: '*' }))[0]!.n);

		const a0 = performance.now();
		const res = await fetch(`${url}/lead-pool/assign`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ pool: pool.id, rule: rule.id }) });
		const body = (await res.json()) as any;
		const seconds = (performance.now() - a0) / 1000;
		if (!res.ok) throw new Error(JSON.stringify(body));
		const loop = perItem * remaining;
		return { customers: remaining, candidates: opts.candidates, followUps: opts.followUps, seedSeconds, seconds, assigned: body.data.assigned, perItemMs: perItem * 1000, sample: sampleIds.length, loop, speedup: loop / seconds };
	} finally {
		await knex.destroy();
	}
}
