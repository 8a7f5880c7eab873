import { readItems, readNotifications, updateSingleton } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';
import { QUIET_SCHEDULE } from '../harness/global-setup';
import { secondInstance } from '../harness/second-instance';

const f = fixtures();
const { h } = f;
const DAY = 86_400_000;
const knex = connect(h.info.db);
const ts = (d: Date) => (h.info.kind === 'sqlite' ? d.getTime() : d);
let second: Awaited<ReturnType<typeof secondInstance>>;

beforeAll(async () => {
	second = await secondInstance(h.info);
});
afterAll(async () => {
	await h.admin.request(updateSingleton('crm_settings', { reclaim_schedule: QUIET_SCHEDULE } as any));
	// let a run that the schedule started just before finish, so later tests see a quiet instance
	for (let i = 0; i < 150 && (await knex('crm_settings').first('reclaim_lock'))?.reclaim_lock; i++) await new Promise((r) => setTimeout(r, 100));
	await second?.stop();
	await knex.destroy();
});

describe('the schedule on two instances, plus manual runs in parallel', () => {
	it('reclaims each due customer once, with one event each, and reminds once per customer', async () => {
		const reps = await f.makeReps(3);
		const pool = await f.makePool({ members: reps.map((r) => ({ user: r.id })), reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 3 });
		const due: number[] = [];
		const soon: number[] = [];
		for (const rep of reps) {
			due.push(...(await f.makeCustomers(20, { pool: pool.id, owner: rep.id })));
			soon.push(...(await f.makeCustomers(5, { pool: pool.id, owner: rep.id })));
		}
		await knex('crm_customers').whereIn('id', due).update({ owned_since: ts(new Date(Date.now() - 11 * DAY)) });
		await knex('crm_customers').whereIn('id', soon).update({ owned_since: ts(new Date(Date.now() - 8 * DAY)) });

		// every two seconds, to make the runs overlap: more often than a manager may set it, so straight into the row
		await knex('crm_settings').update({ reclaim_schedule: '*/2 * * * * *' });
		const manual = (url: string) => fetch(`${url}/lead-pool/reclaim/run`, { method: 'POST', headers: { Authorization: `Bearer ${h.info.adminToken}`, 'Content-Type': 'application/json' }, body: '{}' }).then((r) => r.json());
		await Promise.all([manual(h.url), manual(second.url), manual(h.url), manual(second.url)]);

		await expect.poll(async () => Number((await knex('crm_customers').whereIn('id', due).whereNull('owner').count({ n: '*' }))[0]!.n), { timeout: 30_000, interval: 500 }).toBe(due.length);
		// let the schedule fire a few more times on both instances
		await new Promise((r) => setTimeout(r, 7000));
		await Promise.all([manual(h.url), manual(second.url)]);

		const events = await knex('crm_events').select('customer').count({ n: '*' }).whereIn('customer', [...due, ...soon]).where('action', 'reclaimed').groupBy('customer');
		expect(events).toHaveLength(due.length);
		expect(events.every((e: any) => Number(e.n) === 1)).toBe(true);
		expect(Number((await knex('crm_customers').whereIn('id', soon).whereNotNull('owner').count({ n: '*' }))[0]!.n)).toBe(soon.length);

		const names = (await knex('crm_customers').select('name').whereIn('id', soon)).map((r: any) => r.name);
		const notes = (await h.admin.request(readNotifications({ filter: { recipient: { _in: reps.map((r) => r.id) }, subject: { _contains: 'fall due' } }, limit: -1 }))) as any[];
		for (const name of names) expect(notes.filter((n) => n.message.includes(name)), name).toHaveLength(1);
		const digests = (await h.admin.request(readItems('crm_settings' as any))) as any;
		expect(digests.reclaim_last_run_at).toBeTruthy();
	});
});
