import { createItem, readItem, readItems, readNotifications, updateItem } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';

const f = fixtures();
const { h } = f;
const DAY = 86_400_000;
const knex = connect(h.info.db);
afterAll(() => knex.destroy());

/** Directus's own timestamp format per database (epoch ms on SQLite). */
const ts = (d: Date) => (h.info.kind === 'sqlite' ? d.getTime() : d);
const ago = (days: number, minutes = 0) => new Date(Date.now() - days * DAY - minutes * 60_000);

/** As if the rep got these customers `days` ago (and last talked to them `contact` days ago). */
async function backdate(ids: number[], days: number, contact: number | null = null, minutes = 0) {
	await knex('crm_customers').whereIn('id', ids).update({ owned_since: ts(ago(days, minutes)), last_contact_at: contact === null ? null : ts(ago(contact)) });
}
async function run(body: Record<string, unknown> = {}) {
	const res = await h.http(h.info.adminToken, 'POST', '/lead-pool/reclaim/run', body);
	expect(res.status).toBe(200);
	return res.body.data;
}
async function get(id: number) {
	return (await h.admin.request(readItem('crm_customers', id))) as any;
}
async function reclaimEvents(ids: number[]) {
	return (await h.admin.request(readItems('crm_events', { filter: { customer: { _in: ids }, action: { _eq: 'reclaimed' } }, limit: -1 }))) as any[];
}

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let rep: Rep;
beforeAll(async () => {
	[rep] = (await f.makeReps(1)) as any;
});

describe('the run\'s digests', () => {
	it('tell each owner and the pool admin once, each in their own language', async () => {
		const [en] = (await f.makeReps(1, { language: 'en-US' })) as any[];
		const [zh] = (await f.makeReps(1, { language: 'zh-CN' })) as any[];
		const [tw] = (await f.makeReps(1, { language: 'zh-TW' })) as any[];
		const pool = await f.makePool({
			members: [{ user: en.id }, { user: zh.id }, { user: tw.id, role: 'admin' }],
			reclaim_enabled: true,
			reclaim_no_contact_days: 10,
			reclaim_reminder_days: 0,
		});
		const ofEn = await f.makeCustomers(2, { pool: pool.id, owner: en.id });
		const ofZh = await f.makeCustomers(1, { pool: pool.id, owner: zh.id });
		await backdate([...ofEn, ...ofZh], 20);
		await run();
		const notesOf = async (user: string) =>
			(await h.admin.request(readNotifications({ filter: { recipient: { _eq: user } }, fields: ['subject', 'message'], limit: -1 }))) as any[];
		const [toEn, toZh, toTw] = [await notesOf(en.id), await notesOf(zh.id), await notesOf(tw.id)];
		expect(toEn.map((n) => n.subject)).toEqual(['2 customers returned to the pool']);
		expect(toZh.map((n) => n.subject)).toEqual(['1 个客户已被自动回收']);
		expect(toZh[0].message).toMatch(/^以下客户因未及时跟进或成交，已回到公海：/);
		// the pool admin, in Traditional, with the pool's name as written
		const name = ((await h.admin.request(readItem('crm_pools', pool.id))) as any).name;
		expect(toTw.map((n) => n.subject)).toEqual([`3 個客戶回收至公海「${name}」`]);
	});
});

describe('no contact for N days', () => {
	it('is due at N days, not at N-1, and goes back to its pool with the rule and days recorded', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 3, cooldown_days: 5 });
		const [due, notYet] = await f.makeCustomers(2, { pool: pool.id, owner: rep.id });
		await backdate([due!], 10, null, 1);
		await backdate([notYet!], 9);
		const result = await run();
		expect(result.by_pool[(await h.admin.request(readItem('crm_pools', pool.id)) as any).name].reclaimed).toBe(1);
		const c = await get(due!);
		expect(c).toMatchObject({ owner: null, previous_owner: rep.id, pool: pool.id });
		expect(c.release_reason).toMatch(/no follow-up for 10 days/);
		expect(c.released_at).toBeTruthy();
		expect((await get(notYet!)).owner).toBe(rep.id);
		const events = await reclaimEvents([due!, notYet!]);
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({ customer: due, from_owner: rep.id, to_owner: null, pool: pool.id });
		// the cool-down applies to the previous owner
		const r = await rep.client.request(updateItem('crm_customers', due!, { owner: rep.id })).catch((e) => e);
		expect(r.errors?.[0]?.extensions?.code).toBe('LEAD_POOL_COOLDOWN');
		// and the owner is told
		const notes = (await h.admin.request(readNotifications({ filter: { recipient: { _eq: rep.id } }, limit: -1 }))) as any[];
		expect(notes.some((n) => /returned to the pool/.test(n.subject))).toBe(true);
	});

	it('counts from the later of the last follow-up and the claim; only follow-ups move the clock', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 0 });
		const [followedUp, edited, reclaimed] = await f.makeCustomers(3, { pool: pool.id, owner: rep.id });
		await backdate([followedUp!, edited!, reclaimed!], 30, 20);
		await rep.client.request(createItem('crm_follow_ups', { customer: followedUp, summary: 'Sent new price list' } as any));
		await rep.client.request(updateItem('crm_customers', edited!, { notes: 'edited, but nobody called' }));
		await run();
		expect((await get(followedUp!)).owner).toBe(rep.id);
		expect((await get(edited!)).owner).toBeNull();
		expect((await get(reclaimed!)).owner).toBeNull();
		// a fresh claim restarts the clock, even with an old last contact
		await knex('crm_customers').where('id', reclaimed!).update({ previous_owner: null });
		await rep.client.request(updateItem('crm_customers', reclaimed!, { owner: rep.id }));
		await run();
		expect((await get(reclaimed!)).owner).toBe(rep.id);
	});
});

describe('not converted within M days', () => {
	it('is due M days after the claim even when contacted recently', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_not_converted_days: 20, reclaim_reminder_days: 0 });
		const [due, notYet] = await f.makeCustomers(2, { pool: pool.id, owner: rep.id, stage: 'prospect' });
		await backdate([due!], 20, 1, 1);
		await backdate([notYet!], 19, 1);
		await run();
		const c = await get(due!);
		expect(c.owner).toBeNull();
		expect(c.release_reason).toMatch(/not converted within 20 days/);
		expect((await get(notYet!)).owner).toBe(rep.id);
	});
});

describe('exemptions', () => {
	it('never reclaims locked customers, won customers or exempt tiers', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 5, reclaim_exempt_tiers: ['A'], reclaim_reminder_days: 0 });
		const [locked, won, tierA, tierB] = await f.makeCustomers(4, { pool: pool.id, owner: rep.id, tier: 'B' });
		await knex('crm_customers').where('id', locked!).update({ locked: true });
		await knex('crm_customers').where('id', won!).update({ stage: 'customer' });
		await knex('crm_customers').where('id', tierA!).update({ tier: 'A' });
		await backdate([locked!, won!, tierA!, tierB!], 50);
		await run();
		expect((await get(locked!)).owner).toBe(rep.id);
		expect((await get(won!)).owner).toBe(rep.id);
		expect((await get(tierA!)).owner).toBe(rep.id);
		expect((await get(tierB!)).owner).toBeNull();
	});
});

describe('reminders', () => {
	it('reminds the owner exactly K days before, once per due date', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 3 });
		const [inWindow, outside] = await f.makeCustomers(2, { pool: pool.id, owner: rep.id });
		await backdate([inWindow!], 7, null, 1);
		await backdate([outside!], 6);
		const name = ((await h.admin.request(readItem('crm_pools', pool.id))) as any).name;
		const first = await run();
		expect(first.by_pool[name].reminded).toBe(1);
		expect((await get(inWindow!)).owner).toBe(rep.id);
		const customerName = (await get(inWindow!)).name;
		const reminders = async () => ((await h.admin.request(readNotifications({ filter: { recipient: { _eq: rep.id }, subject: { _contains: 'fall due' } }, limit: -1 }))) as any[]).filter((n) => n.message.includes(customerName));
		const afterFirst = (await reminders()).length;
		expect(afterFirst).toBe(1);
		const second = await run();
		expect(second.by_pool[name].reminded).toBe(0);
		expect((await reminders()).length).toBe(afterFirst);
		// a follow-up moves the due date, opening a new window later
		await rep.client.request(createItem('crm_follow_ups', { customer: inWindow, summary: 'called' } as any));
		const third = await run();
		expect(third.by_pool[name].reminded).toBe(0);
	});
});

describe('dry run', () => {
	it('reports what would be reclaimed and reminded and changes nothing', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 3 });
		const [due, soon] = await f.makeCustomers(2, { pool: pool.id, owner: rep.id });
		await backdate([due!], 11);
		await backdate([soon!], 8);
		const name = ((await h.admin.request(readItem('crm_pools', pool.id))) as any).name;
		const before = await knex('crm_customers').whereIn('id', [due!, soon!]).orderBy('id');
		const result = await run({ dry_run: true });
		expect(result.dry_run).toBe(true);
		expect(result.by_pool[name]).toEqual({ reclaimed: 1, reminded: 1 });
		expect(await knex('crm_customers').whereIn('id', [due!, soon!]).orderBy('id')).toEqual(before);
		expect(await reclaimEvents([due!, soon!])).toHaveLength(0);
	});

	it('is for admins only', async () => {
		expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/reclaim/run', {})).status).toBe(403);
		expect((await h.http(rep.token, 'POST', '/lead-pool/reclaim/run', { dry_run: true })).status).toBe(403);
	});
});
