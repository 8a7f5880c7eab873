import { deleteItem, readItem, readItems, updateItem, updateSingleton } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';

/**
 * Locks (锁定 with a cap): a rep locks up to max_locked_per_rep of their own customers, each lock ending by itself
 * after lock_max_days; managers lock any customer without an end. Locked customers are never reclaimed and their rep
 * cannot release them; every lock and unlock is an event; locks, claims and releases of a rep never interleave.
 */
const f = fixtures();
const { h } = f;

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let rep: Rep;
let other: Rep;
let pool: { id: number };
const DAY = 86_400_000;
const code = (res: { body: any }) => res.body?.errors?.[0]?.extensions?.code;
const lock = (token: string, keys: number[], locked = true, until?: string) => h.http(token, 'POST', '/lead-pool/lock', { keys, locked, ...(until ? { until } : {}) });
const state = async (id: number) => (await h.admin.request(readItem('crm_customers', id, { fields: ['owner', 'locked', 'locked_until'] }))) as any;
const eventsOf = async (id: number) =>
	((await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id } }, sort: ['id'], fields: ['action', 'actor', 'details'] }))) as any[]).map(
		(e) => e.action,
	);

beforeAll(async () => {
	[rep, other] = (await f.makeReps(2)) as [Rep, Rep];
	pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
	await h.admin.request(updateSingleton('crm_settings', { max_locked_per_rep: 2, lock_max_days: 10 } as any));
});

afterAll(async () => {
	await h.admin.request(updateSingleton('crm_settings', { max_locked_per_rep: 10, lock_max_days: 30 } as any));
});

describe('a rep locks their own customers, within the cap, and the lock ends by itself', () => {
	it('locks for lock_max_days, records the event, and refuses past the cap', async () => {
		const ids = await f.makeCustomers(3, { owner: rep.id, pool: pool.id });
		const res = await lock(rep.token, [ids[0]!, ids[1]!]);
		expect(res.status).toBe(200);
		expect(res.body.data.locked).toEqual([ids[0], ids[1]]);
		const s = await state(ids[0]!);
		expect(s.locked).toBe(true);
		const end = new Date(s.locked_until).getTime();
		expect(Math.abs(end - (Date.now() + 10 * DAY))).toBeLessThan(120_000);
		expect(await eventsOf(ids[0]!)).toContain('locked');
		const over = await lock(rep.token, [ids[2]!]);
		expect(over.status).toBe(409);
		expect(code(over)).toBe('LEAD_POOL_LOCK_LIMIT');
		expect(over.body.errors[0].message).toContain('2 of 2');
		expect((await state(ids[2]!)).locked).toBe(false);
		// unlocking frees a place, and is an event too
		expect((await lock(rep.token, [ids[0]!], false)).status).toBe(200);
		expect(await eventsOf(ids[0]!)).toEqual(expect.arrayContaining(['locked', 'unlocked']));
		expect((await lock(rep.token, [ids[2]!])).status).toBe(200);
		await lock(rep.token, [ids[1]!, ids[2]!], false);
	});

	it('cannot lock a colleague’s customer, nor one longer than lock_max_days', async () => {
		const [theirs] = await f.makeCustomers(1, { owner: other.id, pool: pool.id });
		const res = await lock(rep.token, [theirs!]);
		expect(res.status).toBe(403);
		expect(code(res)).toBe('LEAD_POOL_NOT_OWNER');
		const [mine] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const tooLong = await lock(rep.token, [mine!], true, new Date(Date.now() + 20 * DAY).toISOString());
		expect(tooLong.status).toBe(400);
	});

	it('the form’s lock switch is the same request: capped and recorded', async () => {
		const ids = await f.makeCustomers(3, { owner: rep.id, pool: pool.id });
		await rep.client.request(updateItem('crm_customers', ids[0]!, { locked: true } as any));
		await rep.client.request(updateItem('crm_customers', ids[1]!, { locked: true } as any));
		expect((await state(ids[0]!)).locked_until).not.toBeNull();
		const over = await h.http(rep.token, 'PATCH', `/items/crm_customers/${ids[2]}`, { locked: true });
		expect(code(over)).toBe('LEAD_POOL_LOCK_LIMIT');
		await rep.client.request(updateItem('crm_customers', ids[0]!, { locked: false } as any));
		await rep.client.request(updateItem('crm_customers', ids[1]!, { locked: false } as any));
		expect(await eventsOf(ids[0]!)).toEqual(expect.arrayContaining(['locked', 'unlocked']));
	});
});

describe('a locked customer stays with its rep', () => {
	it('its rep cannot release or delete it (LEAD_POOL_LOCKED) until it is unlocked', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		await lock(rep.token, [id!]);
		for (const attempt of [
			() => h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'no need' }),
			() => h.http(rep.token, 'DELETE', `/items/crm_customers/${id}`),
			() => h.http(rep.token, 'PATCH', `/items/crm_customers/${id}`, { owner: null, release_reason: 'no need' }),
		]) {
			const res = await attempt();
			expect(res.status).toBe(409);
			expect(code(res)).toBe('LEAD_POOL_LOCKED');
		}
		expect((await state(id!)).owner).toBe(rep.id);
		await lock(rep.token, [id!], false);
		await rep.client.request(deleteItem('crm_customers', id!));
		expect((await state(id!)).owner).toBeNull();
	});

	it('a manager locks any customer without an end; the rep cannot lift it; it costs the rep no place', async () => {
		const ids = await f.makeCustomers(3, { owner: rep.id, pool: pool.id });
		const res = await lock(h.info.people.manager.token, [ids[0]!]);
		expect(res.status).toBe(200);
		expect(await state(ids[0]!)).toMatchObject({ locked: true, locked_until: null });
		const lift = await lock(rep.token, [ids[0]!], false);
		expect(code(lift)).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect((await lock(rep.token, [ids[1]!, ids[2]!])).status).toBe(200);
		await lock(h.info.people.manager.token, ids, false);
		expect((await state(ids[0]!)).locked).toBe(false);
	});

	it('reclaim never takes a locked customer; a lock whose end passed ends (with its event) and the customer is reclaimed', async () => {
		const reclaiming = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 3, reclaim_reminder_days: 0 });
		const longAgo = new Date(Date.now() - 20 * DAY).toISOString();
		const [kept, ended] = await f.makeCustomers(2, { owner: rep.id, pool: reclaiming.id, owned_since: longAgo });
		await lock(h.info.people.manager.token, [kept!]);
		await lock(rep.token, [ended!]);
		const knex = connect(h.info.db);
		try {
			const past = new Date(Date.now() - DAY);
			await knex('crm_customers').update({ locked_until: h.info.kind === 'sqlite' ? past.getTime() : past }).where('id', ended!);
		} finally {
			await knex.destroy();
		}
		const run = await h.http(f.adminToken, 'POST', '/lead-pool/reclaim/run', {});
		expect(run.status).toBe(200);
		expect(await state(kept!)).toMatchObject({ owner: rep.id, locked: true });
		expect(await state(ended!)).toMatchObject({ owner: null, locked: false, locked_until: null });
		expect(await eventsOf(ended!)).toEqual(expect.arrayContaining(['locked', 'unlocked', 'reclaimed']));
		await lock(h.info.people.manager.token, [kept!], false);
	});
});

describe('locks race like claims: one rep lock at a time', () => {
	it('two requests that together pass the cap: exactly one wins', async () => {
		for (let round = 0; round < 3; round++) {
			const ids = await f.makeCustomers(4, { owner: rep.id, pool: pool.id });
			const answers = await Promise.all([lock(rep.token, ids.slice(0, 2)), lock(rep.token, ids.slice(2, 4))]);
			expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
			const locked = (await Promise.all(ids.map(state))).filter((s) => s.locked).length;
			expect(locked).toBe(2);
			await lock(rep.token, ids, false);
		}
	});

	it('a lock and a release of the same customer at once: it ends locked and owned, or released and unlocked', async () => {
		for (let round = 0; round < 4; round++) {
			const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
			await Promise.all([lock(rep.token, [id!]), h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'race' })]);
			const s = await state(id!);
			if (s.owner === null) expect(s.locked).toBe(false);
			else expect(s).toMatchObject({ owner: rep.id, locked: true });
			if (s.locked) await lock(rep.token, [id!], false);
		}
	});
});
