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
const state = async (id: number) => (await h.admin.request(readItem('crm_customers', id, { fields: ['owner', 'locked', 'locked_until', 'locked_by'] }))) as any;
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

describe('a hostile rep: every change of a lock goes through the lock rules (REST and GraphQL)', () => {
	const manager = () => h.info.people.manager;
	const patch = (token: string, id: number, body: Record<string, unknown>) => h.http(token, 'PATCH', `/items/crm_customers/${id}`, body);
	const gql = (token: string, id: number, data: string) =>
		h.http(token, 'POST', '/graphql', { query: `mutation { update_crm_customers_item(id: ${id}, data: { ${data} }) { id } }` });
	const gqlCode = (res: { body: any }) => res.body?.errors?.[0]?.extensions?.code;
	const far = '3000-01-01T00:00:00Z';

	it('a lock records who locked: the rep’s own, a manager’s (with or without an end)', async () => {
		const [a, b] = await f.makeCustomers(2, { owner: rep.id, pool: pool.id });
		await lock(rep.token, [a!]);
		expect(await state(a!)).toMatchObject({ locked: true, locked_by: rep.id });
		await lock(manager().token, [b!], true, new Date(Date.now() + 3 * DAY).toISOString());
		expect(await state(b!)).toMatchObject({ locked: true, locked_by: manager().id });
		await lock(rep.token, [a!], false);
		expect(await state(a!)).toMatchObject({ locked: false, locked_until: null, locked_by: null });
		await lock(manager().token, [b!], false);
	});

	it('cannot set their lock to year 3000 by PATCHing locked_until, nor lock past lock_max_days that way', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const rest = await patch(rep.token, id!, { locked_until: far });
		expect(rest.status).toBe(400);
		expect(code(rest)).toBe('INVALID_PAYLOAD');
		expect(await state(id!)).toMatchObject({ locked: false, locked_until: null });
		await lock(rep.token, [id!]);
		const before = await state(id!);
		for (const attempt of [() => patch(rep.token, id!, { locked_until: far }), () => patch(rep.token, id!, { locked: true, locked_until: far })]) {
			const res = await attempt();
			expect(res.status).toBe(400);
		}
		const g = await gql(rep.token, id!, `locked_until: "${far}"`);
		expect(gqlCode(g)).toBe('INVALID_PAYLOAD');
		expect(await state(id!)).toEqual(before);
		// within the rule, PATCHing the end is a lock request like any other: allowed, with its event
		const soon = new Date(Date.now() + 2 * DAY).toISOString();
		expect((await patch(rep.token, id!, { locked_until: soon })).status).toBe(200);
		expect(Math.abs(new Date((await state(id!)).locked_until).getTime() - new Date(soon).getTime())).toBeLessThan(1000);
		expect((await eventsOf(id!)).filter((a) => a === 'locked')).toHaveLength(2);
		await lock(rep.token, [id!], false);
	});

	it('cannot lock, unlock or move the end of a colleague’s lock', async () => {
		const [theirs] = await f.makeCustomers(1, { owner: other.id, pool: pool.id });
		await lock(other.token, [theirs!]);
		const before = await state(theirs!);
		for (const body of [{ locked_until: null }, { locked: false }, { locked_until: new Date(Date.now() + DAY).toISOString() }, { locked_by: null }]) {
			const res = await patch(rep.token, theirs!, body);
			expect(res.status, JSON.stringify(body)).toBe(403);
			expect(code(res)).toBe('LEAD_POOL_NOT_OWNER');
		}
		expect(gqlCode(await gql(rep.token, theirs!, 'locked: false'))).toBe('LEAD_POOL_NOT_OWNER');
		expect(await state(theirs!)).toEqual(before);
		await lock(other.token, [theirs!], false);
	});

	it('cannot clear, shorten or take over a manager’s lock, with an end or without', async () => {
		const [endless, ending] = await f.makeCustomers(2, { owner: rep.id, pool: pool.id });
		await lock(manager().token, [endless!]);
		await lock(manager().token, [ending!], true, new Date(Date.now() + 40 * DAY).toISOString());
		for (const id of [endless!, ending!]) {
			const before = await state(id);
			for (const body of [{ locked: false }, { locked_by: null }, { locked_until: new Date(Date.now() + DAY).toISOString() }]) {
				const res = await patch(rep.token, id, body);
				expect(res.status, JSON.stringify(body)).toBe(403);
				expect(code(res)).toBe('LEAD_POOL_MANAGERS_ONLY');
			}
			expect(gqlCode(await gql(rep.token, id, 'locked: false'))).toBe('LEAD_POOL_MANAGERS_ONLY');
			expect(gqlCode(await gql(rep.token, id, 'locked_by: null'))).toBe('LEAD_POOL_MANAGERS_ONLY');
			// locking it in their own name, or clearing its end, changes nothing of the manager's lock
			await patch(rep.token, id, { locked_by: rep.id });
			await patch(rep.token, id, { locked_until: null });
			expect(await state(id)).toEqual(before);
			// nor is it released
			expect(code(await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'mine' }))).toBe('LEAD_POOL_LOCKED');
		}
		// a manager's lock with an end costs the rep no place either: two locks of their own still fit (cap 2)
		const mine = await f.makeCustomers(2, { owner: rep.id, pool: pool.id });
		expect((await lock(rep.token, mine)).status).toBe(200);
		await lock(rep.token, mine, false);
		await lock(manager().token, [endless!, ending!], false);
	});

	it('cannot lock in someone else’s name', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const res = await patch(rep.token, id!, { locked: true, locked_by: manager().id });
		expect(res.status).toBe(400);
		expect(await state(id!)).toMatchObject({ locked: false, locked_by: null });
	});

	it('a PATCH refused at its owner or stage leaves its lock unchanged (one transaction)', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		// lock + giving the customer to a colleague: refused, so no lock either
		const give = await patch(rep.token, id!, { locked: true, owner: other.id });
		expect(code(give)).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(await state(id!)).toMatchObject({ owner: rep.id, locked: false, locked_by: null });
		expect(await eventsOf(id!)).not.toContain('locked');
		// unlock + a release without a reason: refused, so still locked
		await lock(rep.token, [id!]);
		const before = await state(id!);
		const release = await patch(rep.token, id!, { locked: false, owner: null });
		expect(release.status).toBe(400);
		expect(await state(id!)).toEqual(before);
		expect(await eventsOf(id!)).not.toContain('unlocked');
		// the same by GraphQL
		expect(gqlCode(await gql(rep.token, id!, `locked: false, owner: "${other.id}"`))).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(await state(id!)).toEqual(before);
		// unlock + release with a reason: both, in that order, each an event
		expect((await patch(rep.token, id!, { locked: false, owner: null, release_reason: 'not interested' })).status).toBe(200);
		expect(await state(id!)).toMatchObject({ owner: null, locked: false, locked_by: null });
		expect(await eventsOf(id!)).toEqual(expect.arrayContaining(['locked', 'unlocked', 'released']));
	});

	it('a manager’s PATCH of locked_until alone is a lock too: theirs, with its event', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		await lock(rep.token, [id!]);
		const until = new Date(Date.now() + 100 * DAY).toISOString();
		expect((await patch(manager().token, id!, { locked_until: until })).status).toBe(200);
		expect(await state(id!)).toMatchObject({ locked: true, locked_by: manager().id });
		expect(code(await lock(rep.token, [id!], false))).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect((await patch(manager().token, id!, { locked: false })).status).toBe(200);
		expect(await state(id!)).toMatchObject({ locked: false, locked_until: null, locked_by: null });
		expect((await eventsOf(id!)).filter((a) => a === 'locked' || a === 'unlocked')).toEqual(['locked', 'locked', 'unlocked']);
	});
});
