import { readItem, readItems } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { fixtures } from '../harness/fixtures';

/**
 * Where customers go, from the studio: the pools a release may go to (the form's Release picker asks
 * GET /lead-pool/release/pools, decided by the release's own rule), and "Move to pool" on the customers list (a manual
 * flow running the same service as POST /lead-pool/move).
 */
const f = fixtures();
const { h } = f;

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let rep: Rep;
let other: Rep;
const code = (res: { body: any }) => res.body?.errors?.[0]?.extensions?.code;
const customer = async (id: number) => (await h.admin.request(readItem('crm_customers', id, { fields: ['owner', 'pool'] }))) as any;
const pools = (token: string, keys: number[]) => h.http(token, 'GET', `/lead-pool/release/pools?keys=${keys.join(',')}`);
const move = (token: string, body: Record<string, unknown>) => h.http(token, 'POST', `/flows/trigger/${ids.flow.move_selected}`, { collection: 'crm_customers', ...body });

beforeAll(async () => {
	[rep, other] = (await f.makeReps(2)) as [Rep, Rep];
});

describe('the pools a release may go to', () => {
	it('a rep: the customer’s pool first, then their other pools; never a pool they are not in', async () => {
		const home = await f.makePool({ members: [{ user: rep.id }] });
		const elsewhere = await f.makePool({ members: [{ user: rep.id }] });
		const theirs = await f.makePool({ members: [{ user: other.id }] });
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: home.id });
		const res = await pools(rep.token, [id!]);
		expect(res.status).toBe(200);
		const list = res.body.data as { id: number; name: string; source: boolean }[];
		expect(list[0]).toMatchObject({ id: home.id, source: true });
		expect(list.map((p) => p.id)).toContain(elsewhere.id);
		expect(list.map((p) => p.id)).not.toContain(theirs.id);
		expect(list.filter((p) => p.source)).toHaveLength(1);
		// every pool offered is one the release takes
		const res2 = await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'to the export team', pool: elsewhere.id });
		expect(res2.status).toBe(200);
		expect(await customer(id!)).toMatchObject({ owner: null, pool: elsewhere.id });
	});

	it('out of a pool that keeps its customers: only that pool', async () => {
		const keeping = await f.makePool({ members: [{ user: rep.id }], release_elsewhere: false });
		await f.makePool({ members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: keeping.id });
		const res = await pools(rep.token, [id!]);
		expect(res.status).toBe(200);
		expect(res.body.data.map((p: any) => p.id)).toEqual([keeping.id]);
	});

	it('a rep asks only about their own customers; a manager sees every active pool', async () => {
		const home = await f.makePool({ members: [{ user: other.id }] });
		const [theirs] = await f.makeCustomers(1, { owner: other.id, pool: home.id });
		const res = await pools(rep.token, [theirs!]);
		expect(res.status).toBe(403);
		expect(code(res)).toBe('LEAD_POOL_NOT_OWNER');
		// the refusal names no customer the rep cannot see
		expect(JSON.stringify(res.body)).not.toContain(`Customer ${f.tag}`);
		const stranger = await f.makePool({ members: [{ user: other.id }] });
		const byManager = await pools(h.info.people.manager.token, [theirs!]);
		expect(byManager.status).toBe(200);
		expect(byManager.body.data.map((p: any) => p.id)).toEqual(expect.arrayContaining([home.id, stranger.id]));
		expect((await h.http(null as any, 'GET', `/lead-pool/release/pools?keys=${theirs}`)).status).toBe(403);
		expect((await pools(rep.token, [])).status).toBe(400);
	});
});

describe('"Move to pool" on the customers list', () => {
	it('a manager moves the selected unowned customers to the pool picked, with the reason, one moved event each', async () => {
		const from = await f.makePool({ members: [{ user: rep.id }] });
		const to = await f.makePool({ members: [{ user: rep.id }] });
		const keys = await f.makeCustomers(2, { pool: from.id });
		const res = await move(h.info.people.manager.token, { keys, to_pool: to.id, reason: 'export customers to the export pool' });
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		for (const id of keys) expect(await customer(id)).toMatchObject({ owner: null, pool: to.id });
		const moved = (await h.admin.request(readItems('crm_events', { filter: { customer: { _in: keys }, action: { _eq: 'moved' } }, fields: ['reason', 'actor'] }))) as any[];
		expect(moved).toHaveLength(2);
		expect(moved[0]).toMatchObject({ reason: 'export customers to the export pool', actor: h.info.people.manager.id });
	});

	it('a rep pressing it is refused with the contract code, and nothing moves; no pool or no reason is a 400', async () => {
		const from = await f.makePool({ members: [{ user: rep.id }] });
		const to = await f.makePool({ members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { pool: from.id });
		const byRep = await move(rep.token, { keys: [id], to_pool: to.id, reason: 'mine now' });
		expect(byRep.status).toBe(403);
		expect(code(byRep)).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(await customer(id!)).toMatchObject({ pool: from.id });
		const noPool = await move(h.info.people.manager.token, { keys: [id], reason: 'x' });
		expect(noPool.status).toBe(400);
		const noReason = await move(h.info.people.manager.token, { keys: [id], to_pool: to.id });
		expect(noReason.status).toBe(400);
		expect(await customer(id!)).toMatchObject({ pool: from.id });
	});

	it('an owned customer among the selected: refused, nothing moves (all or nothing)', async () => {
		const from = await f.makePool({ members: [{ user: rep.id }] });
		const to = await f.makePool({ members: [{ user: rep.id }] });
		const [free] = await f.makeCustomers(1, { pool: from.id });
		const [owned] = await f.makeCustomers(1, { pool: from.id, owner: rep.id });
		const res = await move(h.info.people.manager.token, { keys: [free, owned], to_pool: to.id, reason: 'tidy' });
		expect(res.status).toBe(409);
		expect(code(res)).toBe('LEAD_POOL_ALREADY_OWNED');
		expect(await customer(free!)).toMatchObject({ pool: from.id });
	});
});
