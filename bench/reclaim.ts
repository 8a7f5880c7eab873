// Benchmark of the reclaim issue: one reclaim run over N customers of which `due` are due, against
//  - a hand-written baseline doing the same work in plain SQL (one INSERT … SELECT of the events plus one UPDATE),
//  - reclaiming through Directus one customer at a time (PATCH owner = null through ItemsService and the hooks),
//    measured on a sample and extrapolated;
// with the Directus process's resident memory sampled during the run.
import { createItem, createUsers, readSingleton, rest, staticToken, createDirectus, updateItem } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import ids from '../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { seedBulk } from '../seeds/seed.mjs';
import { connect } from '../test/harness/database';
import type { BenchInstance } from './instance';
import { rssMb } from './measure';

const DAY = 86_400_000;


export async function benchReclaim(inst: BenchInstance, opts: { size: number; due: number; sample: number }) {
	const { url, adminToken, db, kind } = inst;
	const admin = createDirectus(url).with(staticToken(adminToken)).with(rest());
	const knex = connect(db);
	const ts = (d: Date) => (kind === 'sqlite' ? d.getTime() : d);
	try {
		const owners = Array.from({ length: 6 }, () => ({ id: randomUUID() }));
		await admin.request(createUsers(owners.map((u, i) => ({ id: u.id, email: `rb-${i}-${randomBytes(3).toString('hex')}@example.org`, role: ids.role.rep, status: 'active' })) as any));
		const settings = (await admin.request(readSingleton('crm_settings'))) as any;
		await admin.request(updateItem('crm_pools', settings.default_pool, { reclaim_enabled: false } as any));
		const t0 = performance.now();
		await seedBulk({ knex, size: opts.size, seed: 21, poolIds: { company: settings.default_pool, east: settings.default_pool, web: settings.default_pool }, reps: owners.map((o) => o.id) });
		const seedSeconds = (performance.now() - t0) / 1000;
		const pool = (await admin.request(createItem('crm_pools', { name: 'Reclaim bench', kind: 'company', reclaim_enabled: true, reclaim_no_contact_days: 30, reclaim_reminder_days: 0 } as any))) as any;
		const cut = new Date(Date.now() - 30 * DAY);
		// Everyone owned was recently active, except `due` customers moved into the reclaim pool and left alone 40 days.
		await knex('crm_customers').whereNotNull('owner').update({ owned_since: ts(new Date(Date.now() - DAY)) });
		const dueIds = knex('crm_customers').select('id').whereNotNull('owner').orderBy('id').limit(opts.due);
		await knex('crm_customers')
			.whereIn('id', kind === 'sqlite' ? dueIds : knex.select('id').from(dueIds.as('d')))
			.update({ pool: pool.id, owned_since: ts(new Date(Date.now() - 40 * DAY)), last_contact_at: null, locked: false, stage: 'new' });
		await knex.raw(kind === 'sqlite' ? 'ANALYZE' : 'VACUUM ANALYZE crm_customers');
		const dueCount = Number((await knex('crm_customers').where('pool', pool.id).whereNotNull('owner').count({ n: '*' }))[0]!.n);

		const restore = async () => {
			await knex('crm_customers').where('pool', pool.id).whereNull('owner').whereNotNull('previous_owner').update({ owner: knex.ref('previous_owner'), previous_owner: null, released_at: null, release_reason: null });
			await knex('crm_events').where({ action: 'reclaimed', pool: pool.id }).delete();
			if (kind !== 'sqlite') await knex.raw('VACUUM ANALYZE crm_customers, crm_events');
		};

		const cond = `pool = ? AND owner IS NOT NULL AND locked = ? AND stage <> 'customer' AND (last_contact_at IS NULL OR last_contact_at <= ?) AND owned_since <= ?`;
		const baseline = async () => {
			// (each timed run starts right after a checkpoint, as ours does: see bench/scale.ts)
			if (kind !== 'sqlite') await knex.raw('CHECKPOINT');
			const start = performance.now();
			await knex.transaction(async (trx) => {
				const b = [pool.id, false, ts(cut), ts(cut)];
				await trx.raw(`INSERT INTO crm_events (customer, action, from_owner, to_owner, pool, actor, reason, details, date_created) SELECT id, 'reclaimed', owner, NULL, pool, NULL, 'baseline', NULL, ? FROM crm_customers WHERE ${cond}`, [ts(new Date()), ...b] as any[]);
				await trx.raw(`UPDATE crm_customers SET previous_owner = owner, owner = NULL, released_at = ?, release_reason = 'baseline' WHERE ${cond}`, [ts(new Date()), ...b] as any[]);
			});
			return (performance.now() - start) / 1000;
		};

		const baseline1 = await baseline();
		await restore();

		const pid = inst.instance.child.pid!;
		const rssBefore = rssMb(pid);
		let rssPeak = rssBefore;
		const sampler = setInterval(() => {
			try {
				rssPeak = Math.max(rssPeak, rssMb(pid));
			} catch {
				/* process gone */
			}
		}, 50);
		if (kind !== 'sqlite') await knex.raw('CHECKPOINT');
		const start = performance.now();
		const res = await fetch(`${url}/lead-pool/reclaim/run`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: '{}' });
		const ours = (performance.now() - start) / 1000;
		clearInterval(sampler);
		const body = (await res.json()) as any;
		if (body.data?.reclaimed !== dueCount) throw new Error(`reclaim run reclaimed ${body.data?.reclaimed}, expected ${dueCount}`);
		await restore();
		const baseline2 = await baseline();
		await restore();

		// One customer at a time through Directus (PATCH → ItemsService → hooks), on a sample.
		const sample = (await knex('crm_customers').select('id').where('pool', pool.id).whereNotNull('owner').orderBy('id').limit(opts.sample)).map((r: any) => r.id);
		const s0 = performance.now();
		for (const id of sample) {
			const r = await fetch(`${url}/items/crm_customers/${id}`, { method: 'PATCH', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ owner: null, release_reason: 'one by one' }) });
			await r.arrayBuffer();
		}
		const perItem = (performance.now() - s0) / 1000 / sample.length;
		const oneByOne = perItem * dueCount;
		const base = Math.min(baseline1, baseline2);
		return { customers: opts.size, due: dueCount, seedSeconds, baseline1, baseline2, ours, ratio: ours / base, sample: sample.length, perItemMs: perItem * 1000, oneByOne, speedup: oneByOne / ours, rssBefore, rssPeak, rssGrowth: rssPeak - rssBefore };
	} finally {
		await knex.destroy();
	}
}
