import { readItems, readNotifications } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/** A leaving rep's whole book goes to another rep in one step (`from`), under the receiving rep's caps. */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let leaving: Rep;
let taking: Rep;
let small: Rep;
let book: number[];

const transfer = (token: string, body: Record<string, unknown>) => h.http(token, 'POST', '/lead-pool/transfer', body);
const ownersOf = async (keys: number[]) => ((await h.admin.request(readItems('crm_customers', { filter: { id: { _in: keys } }, fields: ['owner'], limit: -1 }))) as any[]).map((c) => c.owner);

beforeAll(async () => {
	[leaving, taking] = (await f.makeReps(2)) as any;
	[small] = (await f.makeReps(1, { profile: { max_new: 1 } })) as any;
	const pool = await f.makePool({ members: [{ user: leaving.id }] });
	book = await f.makeCustomers(3, { pool: pool.id });
	expect((await h.http(leaving.token, 'POST', '/lead-pool/claim', { keys: book })).status).toBe(200);
});

describe('transferring a rep’s whole book', () => {
	it('refuses a rep, a transfer to the same rep, and a receiving rep over the cap, moving nothing', async () => {
		expect((await transfer(leaving.token, { from: leaving.id, to: taking.id, reason: 'x' })).status).toBe(403);
		expect((await transfer(h.info.people.manager.token, { from: leaving.id, to: leaving.id, reason: 'x' })).status).toBe(400);
		const over = await transfer(h.info.people.manager.token, { from: leaving.id, to: small.id, reason: 'leaving' });
		expect(over.status).toBe(409);
		expect(over.body.errors[0].extensions.code).toBe('LEAD_POOL_QUOTA_EXCEEDED');
		expect(new Set(await ownersOf(book))).toEqual(new Set([leaving.id]));
	});

	it('moves every customer in one step, with an event each and a notification to the receiving rep', async () => {
		const res = await transfer(h.info.people.manager.token, { from: leaving.id, to: taking.id, reason: 'Leaving the company' });
		expect(res.status).toBe(200);
		expect(res.body.data.assigned.sort()).toEqual([...book].sort());
		expect(new Set(await ownersOf(book))).toEqual(new Set([taking.id]));
		const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _in: book }, from_owner: { _eq: leaving.id }, to_owner: { _eq: taking.id } }, fields: ['reason'], limit: -1 }))) as any[];
		expect(events).toHaveLength(3);
		expect(events.every((e) => e.reason === 'Leaving the company')).toBe(true);
		const notes = (await h.admin.request(readNotifications({ filter: { recipient: { _eq: taking.id } }, fields: ['subject', 'message'], limit: -1 }))) as any[];
		expect(notes.some((n) => n.subject.startsWith('3 customers given to you by Test Manager'))).toBe(true);
		// and nothing is left to move
		expect((await transfer(h.info.people.manager.token, { from: leaving.id, to: taking.id, reason: 'again' })).status).toBe(400);
	});
});
