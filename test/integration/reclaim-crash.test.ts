import { createItem, createUsers } from '@directus/sdk';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectus, rest, staticToken } from '@directus/sdk';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { connect } from '../harness/database';
import { throwawayInstance, type ThrowawayInstance } from '../harness/throwaway';
import { harness } from '../harness/clients';

const h = harness();
const DAY = 86_400_000;
const COUNT = 20_000;
let inst: ThrowawayInstance;
let knex: ReturnType<typeof connect>;

beforeAll(async () => {
	inst = await throwawayInstance(h.info.kind, { LEAD_POOL_RECLAIM_SCHEDULE: 'off', LEAD_POOL_RECLAIM_CHUNK: '100', LEAD_POOL_RECLAIM_LEASE_SECONDS: '2' });
	knex = connect(inst.db);
	const admin = createDirectus(inst.url).with(staticToken(inst.adminToken)).with(rest());
	const rep = randomUUID();
	await admin.request(createUsers([{ id: rep, email: `crash-${rep.slice(0, 6)}@example.org`, role: ids.role.rep, status: 'active' }] as any));
	const pool = (await admin.request(createItem('crm_pools', { name: 'Crash pool', kind: 'company', reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 0 } as any))) as any;
	const owned = inst.kind === 'sqlite' ? Date.now() - 30 * DAY : new Date(Date.now() - 30 * DAY);
	const rows = Array.from({ length: COUNT }, (_, i) => ({ name: `Crash ${i}`, stage: 'new', source: 'manual', owner: rep, pool: pool.id, owned_since: owned, locked: false }));
	await knex.batchInsert('crm_customers', rows, 500);
}, 240_000);

afterAll(async () => {
	await knex?.destroy();
	await inst?.stop();
});

async function counts() {
	const reclaimed = Number((await knex('crm_customers').whereNull('owner').where('release_reason', 'like', 'Reclaimed%').count({ n: '*' }))[0]!.n);
	const events = Number((await knex('crm_events').where('action', 'reclaimed').count({ n: '*' }))[0]!.n);
	const doubled = await knex('crm_events').select('customer').where('action', 'reclaimed').groupBy('customer').havingRaw('COUNT(*) > 1');
	return { reclaimed, events, doubled: doubled.length };
}

describe('a reclaim run killed midway (kill -9)', () => {
	it('leaves every customer untouched or fully reclaimed, and the next run finishes the job', async () => {
		const run = fetch(`${inst.url}/lead-pool/reclaim/run`, { method: 'POST', headers: { Authorization: `Bearer ${inst.adminToken}`, 'Content-Type': 'application/json' }, body: '{}' }).catch(() => null);
		await expect.poll(async () => (await counts()).events, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
		inst.instance.child.kill('SIGKILL');
		await run;
		// A statement the database already received completes (or rolls back) on its own; let it settle.
		await new Promise((r) => setTimeout(r, 1000));
		const afterKill = await counts();
		expect(afterKill.events).toBeLessThan(COUNT);
		expect(afterKill.reclaimed).toBe(afterKill.events);
		expect(afterKill.doubled).toBe(0);

		await inst.restart();
		await new Promise((r) => setTimeout(r, 2500)); // the dead run's lease expires
		const res = await fetch(`${inst.url}/lead-pool/reclaim/run`, { method: 'POST', headers: { Authorization: `Bearer ${inst.adminToken}`, 'Content-Type': 'application/json' }, body: '{}' });
		const body = (await res.json()) as any;
		expect(body.data.ran).toBe(true);
		expect(body.data.reclaimed).toBe(COUNT - afterKill.events);
		expect(await counts()).toEqual({ reclaimed: COUNT, events: COUNT, doubled: 0 });
	}, 180_000);
});
