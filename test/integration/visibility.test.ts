import { aggregate, createItem, readItem, readItems } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

const f = fixtures();
const { h } = f;

let repA: Awaited<ReturnType<typeof f.makeReps>>[number];
let repB: Awaited<ReturnType<typeof f.makeReps>>[number];
let poolA: { id: number };
let poolB: { id: number };
let inA: number[];
let inB: number[];
let ownedByA: number[];
let ownedByB: number[];
let all: number[];

beforeAll(async () => {
	[repA, repB] = (await f.makeReps(2)) as any;
	poolA = await f.makePool({ members: [{ user: repA!.id }] });
	poolB = await f.makePool({ members: [{ user: repB!.id }] });
	inA = await f.makeCustomers(3, { pool: poolA.id });
	inB = await f.makeCustomers(2, { pool: poolB.id });
	// A's own customer sits in B's pool: owners see their customers wherever they are.
	ownedByA = await f.makeCustomers(1, { pool: poolB.id, owner: repA!.id });
	ownedByB = await f.makeCustomers(2, { pool: poolA.id, owner: repB!.id });
	all = [...inA, ...inB, ...ownedByA, ...ownedByB];
	await h.admin.request(createItem('crm_follow_ups', { customer: ownedByB[0], summary: 'secret call notes', rep: repB!.id } as any));
	await h.admin.request(createItem('crm_follow_ups', { customer: ownedByA[0], summary: 'my call notes', rep: repA!.id } as any));
});

const expectedForA = () => [...inA, ...ownedByA].sort((a, b) => a - b);
const ours = (rows: any[]) =>
	rows
		.map((r) => Number(r.id))
		.filter((id) => all.includes(id))
		.sort((a, b) => a - b);

describe('a rep sees their own customers and the unowned customers of their pools, on every read path', () => {
	it('REST list', async () => {
		const rows = await repA!.client.request(readItems('crm_customers', { filter: { id: { _in: all } }, limit: -1 }));
		expect(ours(rows)).toEqual(expectedForA());
	});

	it('REST single: another pool and another rep’s customer are forbidden', async () => {
		expect((await repA!.client.request(readItem('crm_customers', inA[0]!))).id).toBe(inA[0]);
		await expect(repA!.client.request(readItem('crm_customers', inB[0]!))).rejects.toMatchObject({ response: { status: 403 } });
		await expect(repA!.client.request(readItem('crm_customers', ownedByB[0]!))).rejects.toMatchObject({ response: { status: 403 } });
	});

	it('search', async () => {
		const rows = await repA!.client.request(readItems('crm_customers', { search: f.tag, limit: -1 }));
		expect(ours(rows)).toEqual(expectedForA());
	});

	it('aggregate and group-by count only what the rep can see', async () => {
		const [count] = (await repA!.client.request(aggregate('crm_customers', { aggregate: { count: '*' }, query: { filter: { id: { _in: all } } } }))) as any[];
		expect(Number(count.count)).toBe(expectedForA().length);
		const groups = (await repA!.client.request(aggregate('crm_customers', { aggregate: { count: '*' }, groupBy: ['pool'], query: { filter: { id: { _in: all } } } }))) as any[];
		const byPool = Object.fromEntries(groups.map((g) => [g.pool, Number(g.count)]));
		expect(byPool[poolA.id]).toBe(3);
		expect(byPool[poolB.id]).toBe(1);
	});

	it('export', async () => {
		const res = await fetch(`${h.url}/items/crm_customers?export=json&limit=-1&filter=${encodeURIComponent(JSON.stringify({ id: { _in: all } }))}`, { headers: { Authorization: `Bearer ${repA!.token}` } });
		expect(res.status).toBe(200);
		expect(ours(JSON.parse(await res.text()))).toEqual(expectedForA());
	});

	it('GraphQL list and aggregate', async () => {
		const res = await h.http(repA!.token, 'POST', '/graphql', {
			query: `query { crm_customers(filter: { id: { _in: [${all.join(',')}] } }, limit: -1) { id } crm_customers_aggregated(filter: { id: { _in: [${all.join(',')}] } }) { count { id } } }`,
		});
		expect(res.status).toBe(200);
		expect(ours(res.body.data.crm_customers)).toEqual(expectedForA());
		expect(Number(res.body.data.crm_customers_aggregated[0].count.id)).toBe(expectedForA().length);
	});

	it('follow-ups, and their customer, only of customers the rep can see', async () => {
		const rows = (await repA!.client.request(readItems('crm_follow_ups', { fields: ['id', 'summary', 'customer.id', 'customer.name'], filter: { customer: { _in: all } }, limit: -1 }))) as any[];
		expect(rows.map((r) => r.summary)).toEqual(['my call notes']);
		const managerView = (await h.manager.request(readItems('crm_follow_ups', { filter: { customer: { _in: all } }, limit: -1 }))) as any[];
		expect(managerView).toHaveLength(2);
	});

	it('events only of customers the rep can see', async () => {
		const rows = (await repA!.client.request(readItems('crm_events', { filter: { customer: { _in: all } }, limit: -1 }))) as any[];
		const customers = new Set(rows.map((r) => Number(r.customer)));
		expect([...customers].sort((a, b) => a - b)).toEqual(expectedForA());
	});

	it('pools: non-members see nothing of them', async () => {
		const pools = (await repA!.client.request(readItems('crm_pools', { fields: ['id'], limit: -1 }))) as any[];
		const ids = pools.map((p) => p.id);
		expect(ids).toContain(poolA.id);
		expect(ids).not.toContain(poolB.id);
	});

	it('managers and admins see everything', async () => {
		const rows = await h.manager.request(readItems('crm_customers', { filter: { id: { _in: all } }, limit: -1 }));
		expect(ours(rows)).toEqual([...all].sort((a, b) => a - b));
	});
});

describe('users nested in what a rep reads', () => {
	it('show names, never e-mails, of other reps', async () => {
		const rows = (await repA!.client.request(readItems('crm_customers', { fields: ['id', 'owner.id', 'owner.email', 'owner.first_name'], filter: { id: { _in: ownedByA } } }))) as any[];
		expect(rows[0].owner.email).toBe(repA!.email);
		const pool = (await repA!.client.request(readItems('crm_customers', { fields: ['id', 'owner.email', 'user_created.email', 'user_created.first_name'], filter: { id: { _in: inA } }, limit: 1 }))) as any[];
		expect(pool[0].user_created.first_name).toBe('Admin');
		expect(pool[0].user_created.email).toBeUndefined();
	});
});
