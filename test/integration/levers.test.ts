import { readItem, readItems } from '@directus/sdk';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { connect } from '../harness/database';
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

describe('days since last contact: sortable in the lists, present in every export', () => {
	const DAY = 86_400_000;
	const knex = connect(h.info.db);
	afterAll(() => knex.destroy());
	const ts = (d: Date) => (h.info.kind === 'sqlite' ? d.getTime() : d);
	let pool: { id: number };
	let byDays: number[];
	const clocks = [5, 1, 12];

	beforeAll(async () => {
		pool = await f.makePool({ members: [{ user: rep.id }] });
		const ids = await f.makeCustomers(clocks.length, { owner: rep.id, pool: pool.id, tier: 'B' });
		for (const [i, days] of clocks.entries()) await knex('crm_customers').where('id', ids[i]!).update({ last_contact_at: ts(new Date(Date.now() - days * DAY - 3_600_000)) });
		byDays = clocks.map((d, i) => [d, ids[i]!] as const).sort((a, b) => a[0] - b[0]).map(([, id]) => id);
	});

	const list = async (token: string, sort: string) => {
		const filter = encodeURIComponent(JSON.stringify({ pool: { _eq: pool.id } }));
		const res = await h.http(token, 'GET', `/items/crm_customers?filter=${filter}&sort=${sort}&fields=id,name,days_since_contact`);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		return res.body.data as { id: number; days_since_contact: string }[];
	};

	it('a rep sorts their list by it, both ways (REST and GraphQL), and reads the days', async () => {
		const up = await list(rep.token, 'days_since_contact');
		expect(up.map((c) => c.id)).toEqual(byDays);
		expect(up.map((c) => c.days_since_contact.split('/')[0])).toEqual(['1', '5', '12']);
		expect((await list(rep.token, '-days_since_contact')).map((c) => c.id)).toEqual([...byDays].reverse());
		// beside another sort key, in its place
		expect((await list(rep.token, '-days_since_contact,id')).map((c) => c.id)).toEqual([...byDays].reverse());
		const gql = await h.http(rep.token, 'POST', '/graphql', {
			query: `query { crm_customers(filter: { pool: { id: { _eq: ${pool.id} } } }, sort: ["-days_since_contact"]) { id days_since_contact } }`,
		});
		expect(gql.body.errors, JSON.stringify(gql.body.errors)).toBeUndefined();
		expect(gql.body.data.crm_customers.map((c: any) => Number(c.id))).toEqual([...byDays].reverse());
	});

	it('Directus’s own export (CSV, JSON) carries the days', async () => {
		const filter = encodeURIComponent(JSON.stringify({ pool: { _eq: pool.id } }));
		const csv = await fetch(`${h.url}/items/crm_customers?filter=${filter}&sort=id&fields=id,name,days_since_contact&export=csv`, {
			headers: { Authorization: `Bearer ${h.info.people.manager.token}` },
		});
		expect(csv.status).toBe(200);
		const text = await csv.text();
		for (const days of clocks) expect(text).toContain(`${days}/`);
		const json = await fetch(`${h.url}/items/crm_customers?filter=${filter}&sort=days_since_contact&fields=id,days_since_contact&export=json`, {
			headers: { Authorization: `Bearer ${rep.token}` },
		});
		const rows = JSON.parse(await json.text()) as any[];
		expect(rows.map((r) => Number(r.id))).toEqual(byDays);
		expect(rows.every((r) => typeof r.days_since_contact === 'string' && r.days_since_contact.length > 0)).toBe(true);
	});

	it('the .xlsx export has its column, in the manager’s language', async () => {
		const filter = encodeURIComponent(JSON.stringify({ pool: { _eq: pool.id } }));
		const res = await fetch(`${h.url}/lead-pool/export.xlsx?filter=${filter}`, { headers: { Authorization: `Bearer ${h.info.people.manager.token}` } });
		expect(res.status).toBe(200);
		const wb = new ExcelJS.Workbook();
		await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as any);
		const rows: unknown[][] = [];
		wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
		const header = rows[0] as string[];
		const col = header.findIndex((hd) => ['Days since last contact', '距上次联系天数', '距上次聯絡天數'].includes(hd));
		expect(col, header.join(' | ')).toBeGreaterThan(-1);
		const days = rows.slice(1).map((r) => String(r[col]).split('/')[0]).sort((a, b) => Number(a) - Number(b));
		expect(days).toEqual(['1', '5', '12']);
	});
});
