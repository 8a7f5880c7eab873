import { createItem, deleteItem, deleteItems, readItem, readItems, updateItem, updateItems, updateSingleton, readSingleton } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';
import { refusal } from '../harness/clients';

const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

async function customer(id: number) {
	return (await h.admin.request(readItem('crm_customers', id))) as any;
}
async function actions(id: number) {
	return ((await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id } }, sort: ['id'], limit: -1 }))) as any[]).map((e) => e.action);
}

describe('quotas', () => {
	let rep: Rep;
	let pool: { id: number };
	beforeAll(async () => {
		[rep] = (await f.makeReps(1, { profile: { max_new: 2, max_prospects: 1 } })) as any;
		pool = await f.makePool({ members: [{ user: rep.id }] });
	});

	it('refuses a claim over the cap with LEAD_POOL_QUOTA_EXCEEDED naming the cap and the count; a batch changes nothing', async () => {
		const ids = await f.makeCustomers(3, { pool: pool.id });
		const r = await refusal(rep.client.request(updateItems('crm_customers', ids, { owner: rep.id })));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_QUOTA_EXCEEDED' });
		expect(r.message).toMatch(/2 of 2 new customers/);
		for (const id of ids) expect((await customer(id)).owner).toBeNull();
		const res = await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: ids });
		expect(res.body.data.claimed).toEqual(ids.slice(0, 2));
		expect(res.body.data.refused).toEqual([expect.objectContaining({ key: ids[2], code: 'LEAD_POOL_QUOTA_EXCEEDED' })]);
	});

	it('counts prospects against their own cap', async () => {
		const ids = await f.makeCustomers(2, { pool: pool.id, stage: 'prospect' });
		await rep.client.request(updateItem('crm_customers', ids[0]!, { owner: rep.id }));
		const r = await refusal(rep.client.request(updateItem('crm_customers', ids[1]!, { owner: rep.id })));
		expect(r.message).toMatch(/1 of 1 prospects/);
	});

	it('a customer created for a rep over the cap lands in the pool, with an event saying why', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const c = await customer(id!);
		expect(c.owner).toBeNull();
		expect(c.pool).toBe(pool.id);
		const evs = (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id } } }))) as any[];
		expect(evs).toHaveLength(1);
		expect(evs[0]).toMatchObject({ action: 'over_cap_to_pool' });
		// in English as stored (the studio's display words it for a Chinese reader: core/labels EVENT_REASONS)
		expect(evs[0].reason).toMatch(/^Went to the pool: .+ already owns 2 of 2 new customers allowed$/);
	});

	it('a customer imported through Directus’s own CSV import for an over-cap rep lands in the pool; nothing is lost', async () => {
		const csv = `name,owner,stage,source,pool\n"Import ${f.tag} A",${rep.id},new,trade_show,${pool.id}\n"Import ${f.tag} B",${rep.id},new,trade_show,${pool.id}\n`;
		const form = new FormData();
		form.append('file', new Blob([csv], { type: 'text/csv' }), 'customers.csv');
		const res = await fetch(`${h.url}/utils/import/crm_customers`, { method: 'POST', headers: { Authorization: `Bearer ${h.info.adminToken}` }, body: form });
		expect(res.status).toBeLessThan(300);
		const rows = (await h.admin.request(readItems('crm_customers', { filter: { name: { _starts_with: `Import ${f.tag}` } }, fields: ['owner', 'source', 'pool'] }))) as any[];
		expect(rows).toHaveLength(2);
		expect(rows.every((r) => r.owner === null && r.pool === pool.id && r.source === 'trade_show')).toBe(true);
	});

	it('a customer created without a pool lands in the channel pool of its source, else the default pool', async () => {
		const channel = await f.makePool({ kind: 'channel', sources: ['referral'], members: [{ user: rep.id }] });
		const [a] = await f.makeCustomers(1, { source: 'referral' });
		const [b] = await f.makeCustomers(1, { source: 'directory' });
		expect((await customer(a!)).pool).toBe(channel.id);
		const settings = (await h.admin.request(readSingleton('crm_settings'))) as any;
		expect((await customer(b!)).pool).toBe(settings.default_pool);
	});
});

describe('a change of stage counts against the caps', () => {
	async function repWithPool(profile: Record<string, unknown>) {
		const [rep] = (await f.makeReps(1, { profile })) as Rep[];
		const pool = await f.makePool({ members: [{ user: rep!.id }] });
		return { rep: rep!, pool };
	}
	const stageOf = async (id: number) => (await customer(id)).stage;

	it('a rep at the prospect cap cannot turn a new customer into a prospect; once a prospect is won, they can', async () => {
		const { rep, pool } = await repWithPool({ max_new: 5, max_prospects: 1 });
		const [prospect] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, stage: 'prospect' });
		const [fresh] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, stage: 'new' });
		const r = await refusal(rep.client.request(updateItem('crm_customers', fresh!, { stage: 'prospect' })));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_QUOTA_EXCEEDED' });
		expect(r.message).toMatch(/You already own 1 of 1 prospects/);
		expect(await stageOf(fresh!)).toBe('new');
		await rep.client.request(updateItem('crm_customers', prospect!, { stage: 'customer' }));
		await rep.client.request(updateItem('crm_customers', fresh!, { stage: 'prospect' }));
		expect(await stageOf(fresh!)).toBe('prospect');
	});

	it('a won customer taken back to new counts against the new-customer cap', async () => {
		const { rep, pool } = await repWithPool({ max_new: 1, max_prospects: 5 });
		await f.makeCustomers(1, { owner: rep.id, pool: pool.id, stage: 'new' });
		const [won] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, stage: 'customer' });
		const r = await refusal(rep.client.request(updateItem('crm_customers', won!, { stage: 'new' })));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_QUOTA_EXCEEDED' });
		expect(r.message).toMatch(/1 of 1 new customers/);
		expect(await stageOf(won!)).toBe('customer');
		expect((await customer(won!)).owner).toBe(rep.id);
	});

	it('a batch change of stage over the cap changes none of the customers', async () => {
		const { rep, pool } = await repWithPool({ max_new: 5, max_prospects: 1 });
		const ids = await f.makeCustomers(2, { owner: rep.id, pool: pool.id, stage: 'new' });
		const r = await refusal(rep.client.request(updateItems('crm_customers', ids, { stage: 'prospect' })));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_QUOTA_EXCEEDED' });
		for (const id of ids) expect(await stageOf(id)).toBe('new');
	});

	it('a manager cannot put a rep over a cap by changing stages; the refusal names the rep', async () => {
		const { rep, pool } = await repWithPool({ max_new: 5, max_prospects: 1 });
		const [prospect] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, stage: 'prospect' });
		const [fresh] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, stage: 'new' });
		const r = await refusal(h.manager.request(updateItem('crm_customers', fresh!, { stage: 'prospect' })));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_QUOTA_EXCEEDED' });
		expect(r.message).toMatch(new RegExp(`Rep0 ${f.tag} already owns 1 of 1 prospects`));
		expect(await stageOf(fresh!)).toBe('new');
		await h.manager.request(updateItem('crm_customers', prospect!, { stage: 'new' }));
		await h.manager.request(updateItem('crm_customers', fresh!, { stage: 'prospect' }));
		expect(await stageOf(fresh!)).toBe('prospect');
	});

	it('stage changes of unowned customers are not limited', async () => {
		const { pool } = await repWithPool({ max_new: 0, max_prospects: 0 });
		const ids = await f.makeCustomers(2, { pool: pool.id, stage: 'customer' });
		await h.manager.request(updateItems('crm_customers', ids, { stage: 'prospect' }));
		for (const id of ids) expect(await stageOf(id)).toBe('prospect');
	});
});

describe('delete returns to the pool', () => {
	let rep: Rep;
	let other: Rep;
	let pool: { id: number };
	beforeAll(async () => {
		[rep, other] = (await f.makeReps(2)) as any;
		pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
	});

	it('a rep’s single DELETE keeps the row and its follow-ups, clears the owner and records who and why', async () => {
		const [id] = await f.makeCustomers(1, { pool: pool.id, owner: rep.id });
		await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'first call' } as any));
		await rep.client.request(deleteItem('crm_customers', id!));
		const c = await customer(id!);
		expect(c).toMatchObject({ owner: null, previous_owner: rep.id });
		expect(c.release_reason).toMatch(/Deleted/);
		expect(await h.admin.request(readItems('crm_follow_ups', { filter: { customer: { _eq: id } } }))).toHaveLength(1);
		expect(await actions(id!)).toEqual(['created_owned', 'deleted_to_pool']);
	});

	it('batch DELETE by a manager, DELETE by query, and GraphQL delete all return to the pool', async () => {
		const ids = await f.makeCustomers(4, { pool: pool.id, owner: other.id });
		await h.manager.request(deleteItems('crm_customers', ids.slice(0, 2)));
		await h.manager.request(deleteItems('crm_customers', { filter: { id: { _eq: ids[2] } } } as any));
		const gql = await h.http(h.info.people.manager.token, 'POST', '/graphql', { query: `mutation { delete_crm_customers_item(id: ${ids[3]}) { id } }` });
		expect(gql.status).toBe(200);
		for (const id of ids) {
			expect((await customer(id)).owner).toBeNull();
			expect(await actions(id)).toEqual(['created_owned', 'deleted_to_pool']);
		}
	});

	it('an admin’s plain DELETE also returns to the pool', async () => {
		const [id] = await f.makeCustomers(1, { pool: pool.id, owner: rep.id });
		await h.admin.request(deleteItem('crm_customers', id!));
		expect((await customer(id!)).owner).toBeNull();
	});

	it('a rep cannot delete another rep’s customer or a pool customer', async () => {
		const [theirs] = await f.makeCustomers(1, { pool: pool.id, owner: other.id });
		const [inPool] = await f.makeCustomers(1, { pool: pool.id });
		expect((await refusal(rep.client.request(deleteItem('crm_customers', theirs!)))).status).toBe(403);
		expect((await refusal(rep.client.request(deleteItem('crm_customers', inPool!)))).status).toBe(403);
		expect((await customer(theirs!)).owner).toBe(other.id);
	});

	it('only an admin purge removes rows, and the purge is recorded', async () => {
		const [id] = await f.makeCustomers(1, { pool: pool.id, owner: rep.id });
		await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'call' } as any));
		expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/purge', { keys: [id], reason: 'GDPR request' })).status).toBe(403);
		expect((await h.http(rep.token, 'POST', '/lead-pool/purge', { keys: [id], reason: 'x' })).status).toBe(403);
		const res = await h.http(h.info.adminToken, 'POST', '/lead-pool/purge', { keys: [id], reason: 'GDPR request' });
		expect(res.body.data.purged).toEqual([id]);
		expect(await h.admin.request(readItems('crm_customers', { filter: { id: { _eq: id } } }))).toHaveLength(0);
		expect(await h.admin.request(readItems('crm_follow_ups', { filter: { customer: { _eq: id } } }))).toHaveLength(0);
		const purge = (await h.admin.request(readItems('crm_events', { filter: { action: { _eq: 'purged' }, reason: { _eq: 'GDPR request' } } }))) as any[];
		expect(purge.some((e) => e.details?.customer_id === id && e.actor)).toBe(true);
	});
});

describe('the audit trail', () => {
	it('nobody edits or deletes events through the API, not even an admin', async () => {
		const [event] = (await h.admin.request(readItems('crm_events', { limit: 1 }))) as any[];
		expect((await refusal(h.admin.request(updateItem('crm_events', event.id, { reason: 'rewritten' })))).status).toBe(403);
		expect((await refusal(h.admin.request(deleteItem('crm_events', event.id)))).status).toBe(403);
		expect((await refusal(h.manager.request(createItem('crm_events', { action: 'claimed' } as any)))).status).toBe(403);
		expect(((await h.admin.request(readItem('crm_events', event.id))) as any).reason).toBe(event.reason);
	});
});

describe('settings are validated where they are stored', () => {
	let rep: Rep;
	beforeAll(async () => {
		[rep] = (await f.makeReps(1)) as any;
	});

	it('negative days and caps are refused with INVALID_PAYLOAD naming the field and range; nothing is saved', async () => {
		const pool = await f.makePool({ members: [{ user: rep.id }], cooldown_days: 3 });
		const r = await refusal(h.manager.request(updateItem('crm_pools', pool.id, { cooldown_days: -1 })));
		expect(r).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(r.message).toMatch(/Cool-down \(days\).*0 to 3650/);
		expect(((await h.admin.request(readItem('crm_pools', pool.id))) as any).cooldown_days).toBe(3);
		const before = (await h.admin.request(readSingleton('crm_settings'))) as any;
		const s = await refusal(h.manager.request(updateSingleton('crm_settings', { max_new_per_rep: -5 })));
		expect(s).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(s.message).toMatch(/Max new customers per rep/);
		expect(((await h.admin.request(readSingleton('crm_settings'))) as any).max_new_per_rep).toBe(before.max_new_per_rep);
		expect((await refusal(h.manager.request(updateSingleton('crm_settings', { timezone: 'Mars/Olympus' })))).status).toBe(400);
		expect((await refusal(h.manager.request(updateSingleton('crm_settings', { reclaim_schedule: 'every hour' })))).status).toBe(400);
	});

	it('a pool with claims enabled and no members is refused; so is disabling a pool that still holds customers', async () => {
		const r = await refusal(h.manager.request(createItem('crm_pools', { name: `Empty ${f.tag}`, kind: 'department', claim_direct: true } as any)));
		expect(r.status).toBe(400);
		expect(r.message).toMatch(/no members/);
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		await f.makeCustomers(2, { pool: pool.id });
		const d = await refusal(h.manager.request(updateItem('crm_pools', pool.id, { status: 'disabled' })));
		expect(d.message).toMatch(/still holds 2 customers/);
		expect(((await h.admin.request(readItem('crm_pools', pool.id))) as any).status).toBe('active');
	});

	it('speaks Chinese to a user whose language is Chinese', async () => {
		const zhRep = (await f.makeReps(1, { language: "zh-CN", profile: { max_new: 0 } }))[0]!;
		const pool = await f.makePool({ members: [{ user: zhRep.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const r = await refusal(zhRep.client.request(updateItem('crm_customers', id!, { owner: zhRep.id })));
		expect(r.code).toBe('LEAD_POOL_QUOTA_EXCEEDED');
		expect(r.message).toMatch(/上限 0/);
	});

	it('a rep profile with a negative cap is refused', async () => {
		const profile = ((await h.admin.request(readItems('crm_rep_profiles', { filter: { user: { _eq: rep.id } } }))) as any[])[0];
		expect((await refusal(h.manager.request(updateItem('crm_rep_profiles', profile.id, { max_prospects: -1 })))).status).toBe(400);
	});
});
