import { createItem, readItem, readItems, updateItem, updateItems } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * A won deal is an event, not a field: entering the stage `customer` writes a `won` event for the owner, leaving it a
 * `won_reverted`; "deals won" and the weighted assignment score count wins not taken back. A rep flipping stages
 * back and forth gains nothing.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

const actionsOf = async (id: number) =>
	((await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id }, action: { _in: ['won', 'won_reverted'] } }, sort: ['id'], fields: ['action', 'to_owner', 'actor'] }))) as any[]);
const customer = async (id: number) => (await h.admin.request(readItem('crm_customers', id))) as any;

async function assign(body: Record<string, unknown>) {
	const res = await h.http(h.info.people.manager.token, 'POST', '/lead-pool/assign', body);
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body.data;
}

let flipper: Rep;
let closer: Rep;
let pool: { id: number };
beforeAll(async () => {
	[flipper, closer] = (await f.makeReps(2, { profile: { max_new: 100, max_prospects: 100 } })) as [Rep, Rep];
	pool = await f.makePool({ members: [{ user: flipper.id }, { user: closer.id }] });
});

describe('a win is recorded, and so is its revert', () => {
	it('setting stage customer writes a won event for the owner; setting it back writes won_reverted and clears the stamp', async () => {
		const [id] = await f.makeCustomers(1, { owner: flipper.id, pool: pool.id });
		await flipper.client.request(updateItem('crm_customers', id!, { stage: 'customer' }));
		expect((await customer(id!)).converted_at).toBeTruthy();
		await flipper.client.request(updateItem('crm_customers', id!, { stage: 'new' }));
		expect((await customer(id!)).converted_at).toBeNull();
		expect(await actionsOf(id!)).toEqual([
			{ action: 'won', to_owner: flipper.id, actor: flipper.id },
			{ action: 'won_reverted', to_owner: flipper.id, actor: flipper.id },
		]);
		// a rep cannot write the stamp themself
		await flipper.client.request(updateItem('crm_customers', id!, { converted_at: new Date().toISOString(), notes: 'x' } as any));
		expect((await customer(id!)).converted_at).toBeNull();
	});

	it('a customer created as won is a win for its owner; a batch revert takes every win back', async () => {
		const created = (await closer.client.request(createItem('crm_customers', { name: `Won ${f.tag}`, source: 'manual', stage: 'customer', pool: pool.id } as any))) as any;
		expect((await actionsOf(Number(created.id))).map((e) => e.action)).toEqual(['won']);
		const ids = await f.makeCustomers(2, { owner: closer.id, pool: pool.id, stage: 'customer' });
		await h.manager.request(updateItems('crm_customers', ids, { stage: 'prospect' }));
		for (const id of ids) expect((await actionsOf(id)).map((e) => e.action)).toEqual(['won', 'won_reverted']);
		// GraphQL the same
		const gql = await h.http(closer.token, 'POST', '/graphql', { query: `mutation { update_crm_customers_item(id: ${ids[0]}, data: { stage: "customer" }) { id } }` });
		expect(gql.body.errors).toBeUndefined();
		expect((await actionsOf(ids[0]!)).map((e) => e.action)).toEqual(['won', 'won_reverted', 'won']);
	});
});

describe('the weighted score counts only wins not taken back', () => {
	it('a rep who flipped ten customers to won and back scores nothing for them; the rep with one real win gets the inquiry', async () => {
		const [a, b] = (await f.makeReps(2)) as [Rep, Rep];
		const team = await f.makePool({ members: [{ user: a.id }, { user: b.id }] });
		const flipped = await f.makeCustomers(10, { owner: a.id, pool: team.id });
		await a.client.request(updateItems('crm_customers', flipped, { stage: 'customer' }));
		await a.client.request(updateItems('crm_customers', flipped, { stage: 'new' }));
		// won, reverted and won again counts once
		await a.client.request(updateItem('crm_customers', flipped[0]!, { stage: 'customer' }));
		await a.client.request(updateItem('crm_customers', flipped[0]!, { stage: 'prospect' }));
		const [real, twice] = await f.makeCustomers(2, { owner: b.id, pool: team.id });
		await b.client.request(updateItem('crm_customers', real!, { stage: 'customer' }));
		await b.client.request(updateItem('crm_customers', twice!, { stage: 'customer' }));
		await b.client.request(updateItem('crm_customers', twice!, { stage: 'new' }));
		await b.client.request(updateItem('crm_customers', twice!, { stage: 'customer' }));

		const rule = (await h.manager.request(
			createItem('crm_assignment_rules', {
				name: `Deals ${f.tag}`,
				status: 'active',
				priority: 0,
				strategy: 'weighted_performance',
				candidate_users: [a.id, b.id],
				weight_inquiries: 0,
				weight_sample_orders: 0,
				weight_meetings_hosted: 0,
				weight_follow_ups: 0,
				weight_deals_won: 10,
				score_window: 'last_n_days',
				score_window_days: 7,
				score_mode: 'winner',
			} as any),
		)) as any;
		const [inquiry] = await f.makeCustomers(1, { source: 'website', pool: team.id });
		const plan = await assign({ keys: [inquiry], rule: rule.id, dry_run: true });
		expect(plan.decisions[0].to).toBe(b.id);
		const scores = Object.values(plan.decisions[0].scores ?? {}) as number[];
		expect(scores.sort((x, y) => x - y)).toEqual([0, 20]);
	});
});
