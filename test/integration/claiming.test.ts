import { createItem, readItem, readItems, readNotifications, updateItem, updateItems } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

async function owner(id: number) {
	return ((await h.admin.request(readItem('crm_customers', id, { fields: ['owner'] }))) as any).owner;
}
async function events(id: number) {
	return (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id } }, sort: ['id'], limit: -1 }))) as any[];
}
function errorOf(e: any) {
	return { status: e?.response?.status, code: e?.errors?.[0]?.extensions?.code, message: e?.errors?.[0]?.message };
}
async function refusal(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		return errorOf(e);
	}
	throw new Error('expected a refusal');
}

let rep: Rep;
let other: Rep;
let outsider: Rep;
beforeAll(async () => {
	[rep, other, outsider] = (await f.makeReps(3)) as any;
});

describe('direct claim', () => {
	it('a member claims a pool customer by setting owner to themself; the event records it', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		await rep.client.request(updateItem('crm_customers', id!, { owner: rep.id }));
		expect(await owner(id!)).toBe(rep.id);
		const evs = await events(id!);
		expect(evs.map((e) => e.action)).toEqual(['created_in_pool', 'claimed']);
		expect(evs[1]).toMatchObject({ to_owner: rep.id, actor: rep.id, pool: pool.id });
		const again = await refusal(other.client.request(updateItem('crm_customers', id!, { owner: other.id })));
		expect(again).toMatchObject({ status: 409, code: 'LEAD_POOL_ALREADY_OWNED' });
		expect(await owner(id!)).toBe(rep.id);
	});

	it('a non-member is refused with LEAD_POOL_NOT_MEMBER and nothing changes', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const r = await refusal(outsider.client.request(updateItem('crm_customers', id!, { owner: outsider.id })));
		expect(r).toMatchObject({ status: 403, code: 'LEAD_POOL_NOT_MEMBER' });
		expect(await owner(id!)).toBeNull();
		expect((await events(id!)).map((e) => e.action)).toEqual(['created_in_pool']);
	});

	it('a pool without direct claims refuses with LEAD_POOL_CLAIM_MODE; "admin assigns only" pools refuse every claim', async () => {
		const noDirect = await f.makePool({ members: [{ user: rep.id }], claim_direct: false, claim_by_request: true });
		const assigned = await f.makePool({ members: [{ user: rep.id }], claim_policy: 'assigned_only' });
		const [a] = await f.makeCustomers(1, { pool: noDirect.id });
		const [b] = await f.makeCustomers(1, { pool: assigned.id });
		expect(await refusal(rep.client.request(updateItem('crm_customers', a!, { owner: rep.id })))).toMatchObject({ status: 409, code: 'LEAD_POOL_CLAIM_MODE' });
		const r = await refusal(rep.client.request(updateItem('crm_customers', b!, { owner: rep.id })));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_CLAIM_MODE' });
		expect(r.message).toMatch(/assign/);
		expect(await owner(a!)).toBeNull();
		expect(await owner(b!)).toBeNull();
	});

	it('a batch edit claims all or nothing', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		const ids = await f.makeCustomers(3, { pool: pool.id });
		await h.manager.request(updateItem('crm_customers', ids[2]!, { owner: other.id }));
		const r = await refusal(rep.client.request(updateItems('crm_customers', ids, { owner: rep.id })));
		expect(r.code).toBe('LEAD_POOL_ALREADY_OWNED');
		expect([await owner(ids[0]!), await owner(ids[1]!)]).toEqual([null, null]);
		await rep.client.request(updateItems('crm_customers', ids.slice(0, 2), { owner: rep.id }));
		expect([await owner(ids[0]!), await owner(ids[1]!)]).toEqual([rep.id, rep.id]);
	});

	it('POST /lead-pool/claim claims what it can and reports each key', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		const ids = await f.makeCustomers(2, { pool: pool.id });
		await h.manager.request(updateItem('crm_customers', ids[1]!, { owner: other.id }));
		const res = await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: [...ids, 999999999] });
		expect(res.status).toBe(200);
		expect(res.body.data.claimed).toEqual([ids[0]]);
		expect(res.body.data.refused.map((r: any) => [r.key, r.code])).toEqual([
			[999999999, 'LEAD_POOL_NOT_FOUND'],
			[ids[1], 'LEAD_POOL_ALREADY_OWNED'],
		]);
		const none = await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: [ids[1]] });
		expect(none.status).toBe(409);
		expect(none.body.errors[0].extensions.code).toBe('LEAD_POOL_ALREADY_OWNED');
		expect((await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: 'nope' })).status).toBe(400);
	});

	it('a rep can never make someone else the owner; managers assign and transfer with a reason', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		expect(await refusal(rep.client.request(updateItem('crm_customers', id!, { owner: other.id })))).toMatchObject({ status: 403, code: 'LEAD_POOL_MANAGERS_ONLY' });
		expect(await owner(id!)).toBeNull();
		await h.manager.request(updateItem('crm_customers', id!, { owner: rep.id }));
		const res = await h.http(h.info.people.manager.token, 'POST', '/lead-pool/transfer', { keys: [id], to: other.id, reason: 'rep moved to the Europe team' });
		expect(res.status).toBe(200);
		expect(await owner(id!)).toBe(other.id);
		const evs = await events(id!);
		expect(evs.map((e) => e.action)).toEqual(['created_in_pool', 'assigned', 'transferred']);
		expect(evs[2]).toMatchObject({ from_owner: rep.id, to_owner: other.id, reason: 'rep moved to the Europe team' });
		expect((await h.http(rep.token, 'POST', '/lead-pool/transfer', { keys: [id], to: rep.id, reason: 'x' })).status).toBe(403);
	});

	it('a rep edits only their own customers, and stage changes record the conversion', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
		const [mine, theirs] = await f.makeCustomers(2, { pool: pool.id });
		await rep.client.request(updateItem('crm_customers', mine!, { owner: rep.id }));
		await other.client.request(updateItem('crm_customers', theirs!, { owner: other.id }));
		await rep.client.request(updateItem('crm_customers', mine!, { stage: 'customer' }));
		const won = (await h.admin.request(readItem('crm_customers', mine!))) as any;
		expect(won.stage).toBe('customer');
		expect(won.converted_at).toBeTruthy();
		const r = await refusal(rep.client.request(updateItem('crm_customers', theirs!, { stage: 'prospect' })));
		expect(r.status).toBe(403);
		expect(((await h.admin.request(readItem('crm_customers', theirs!))) as any).stage).toBe('new');
	});
});

describe('claim by follow-up', () => {
	it('writing a follow-up on a pool customer claims it in the same transaction and sets the last contact', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], claim_direct: false, claim_by_follow_up: true });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'Called, interested in samples', channel: 'phone' } as any));
		const c = (await h.admin.request(readItem('crm_customers', id!))) as any;
		expect(c.owner).toBe(rep.id);
		expect(c.last_contact_at).toBeTruthy();
		expect((await events(id!)).map((e) => e.action)).toEqual(['created_in_pool', 'claimed_by_follow_up']);
	});

	it('is refused where the pool does not enable it, and no follow-up is written', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const r = await refusal(rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'hello' } as any)));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_CLAIM_MODE' });
		expect(await owner(id!)).toBeNull();
		expect(await h.admin.request(readItems('crm_follow_ups', { filter: { customer: { _eq: id } } }))).toHaveLength(0);
	});

	it('a rep cannot log follow-ups on another rep’s customer', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }], claim_by_follow_up: true });
		const [id] = await f.makeCustomers(1, { pool: pool.id, owner: other.id });
		expect((await refusal(rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'x' } as any)))).status).toBe(403);
	});
});

describe('claim by request', () => {
	it('a rep files a request, one pending per customer, a manager approves and the requester owns it and is notified', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }], claim_direct: false, claim_by_request: true });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const req = (await rep.client.request(createItem('crm_claim_requests', { customer: id, reason: 'Met them at the Canton Fair' } as any))) as any;
		expect(req.status).toBe('pending');
		expect(req.requester).toBe(rep.id);
		const dup = await refusal(other.client.request(createItem('crm_claim_requests', { customer: id, reason: 'me too' } as any)));
		expect(dup).toMatchObject({ status: 409, code: 'LEAD_POOL_REQUEST_PENDING' });
		expect((await refusal(rep.client.request(updateItem('crm_claim_requests', req.id, { status: 'approved' })))).code).toBe('LEAD_POOL_MANAGERS_ONLY');
		await h.manager.request(updateItem('crm_claim_requests', req.id, { status: 'approved', review_note: 'ok' }));
		expect(await owner(id!)).toBe(rep.id);
		const after = (await h.admin.request(readItem('crm_claim_requests', req.id))) as any;
		expect(after).toMatchObject({ status: 'approved', reviewer: h.info.people.manager.id });
		expect((await events(id!)).map((e) => e.action)).toEqual(['created_in_pool', 'request_approved']);
		await expect
			.poll(async () => (await h.admin.request(readNotifications({ filter: { recipient: { _eq: rep.id } } }))).length, { timeout: 5000 })
			.toBeGreaterThan(0);
	});

	it('a rejection leaves the customer in the pool and is recorded', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], claim_direct: false, claim_by_request: true });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const req = (await rep.client.request(createItem('crm_claim_requests', { customer: id, reason: 'please' } as any))) as any;
		await h.manager.request(updateItem('crm_claim_requests', req.id, { status: 'rejected', review_note: 'Already in talks with the Europe team' }));
		expect(await owner(id!)).toBeNull();
		expect((await events(id!)).map((e) => e.action)).toEqual(['created_in_pool', 'request_rejected']);
	});

	it('is refused where the pool does not take requests', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		expect(await refusal(rep.client.request(createItem('crm_claim_requests', { customer: id, reason: 'x' } as any)))).toMatchObject({ status: 409, code: 'LEAD_POOL_CLAIM_MODE' });
		expect(await h.admin.request(readItems('crm_claim_requests', { filter: { customer: { _eq: id } } }))).toHaveLength(0);
	});
});

describe('release', () => {
	it('a rep releases their own customer with a reason; the cool-down then stops them claiming it back', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], cooldown_days: 7 });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		await rep.client.request(updateItem('crm_customers', id!, { owner: rep.id }));
		expect(await refusal(rep.client.request(updateItem('crm_customers', id!, { owner: null })))).toMatchObject({ status: 400 });
		const res = await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'Not a real buyer' });
		expect(res.status).toBe(200);
		const c = (await h.admin.request(readItem('crm_customers', id!))) as any;
		expect(c).toMatchObject({ owner: null, previous_owner: rep.id, release_reason: 'Not a real buyer' });
		const r = await refusal(rep.client.request(updateItem('crm_customers', id!, { owner: rep.id })));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_COOLDOWN' });
		expect(r.message).toMatch(/7 days/);
	});

	it('a rep cannot release someone else’s customer', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id, owner: other.id });
		const res = await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'mine now' });
		expect(res.status).toBe(403);
		expect(await owner(id!)).toBe(other.id);
	});
});

describe('daily claim limit', () => {
	it('refuses the claim past the pool’s daily limit with LEAD_POOL_CLAIM_LIMIT (429)', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], daily_claim_limit: 2 });
		const ids = await f.makeCustomers(3, { pool: pool.id });
		await rep.client.request(updateItem('crm_customers', ids[0]!, { owner: rep.id }));
		await rep.client.request(updateItem('crm_customers', ids[1]!, { owner: rep.id }));
		const r = await refusal(rep.client.request(updateItem('crm_customers', ids[2]!, { owner: rep.id })));
		expect(r).toMatchObject({ status: 429, code: 'LEAD_POOL_CLAIM_LIMIT' });
		expect(r.message).toMatch(/2 of 2/);
		expect(await owner(ids[2]!)).toBeNull();
	});
});
