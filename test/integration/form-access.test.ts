import { deleteItem, readItem, updateItem } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';
import { refusal } from '../harness/clients';

/**
 * What the studio offers on a customer's form (Directus's `GET /permissions/me/crm_customers/<key>`): a rep's pool
 * customer reads as read-only with no delete, their own as editable; a manager edits any. The answer narrows what
 * the studio draws and widens nothing: the rep's edit and delete of a pool customer are still refused with the
 * contract's codes, and a rep cannot learn of a customer they may not read.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

let rep: Rep;
let other: Rep;
let poolCustomer: number | undefined;
let mine: number | undefined;
let theirs: number | undefined;
let hidden: number | undefined;

const access = async (token: string, key: number | string) => {
	const res = await h.http(token, 'GET', `/permissions/me/crm_customers/${key}`);
	return { status: res.status, update: res.body?.data?.update?.access, delete: res.body?.data?.delete?.access };
};

beforeAll(async () => {
	[rep, other] = (await f.makeReps(2)) as [Rep, Rep];
	const pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
	const elsewhere = await f.makePool({ members: [{ user: other.id }] });
	[poolCustomer] = await f.makeCustomers(1, { pool: pool.id });
	[mine] = await f.makeCustomers(1, { pool: pool.id, owner: rep.id });
	[theirs] = await f.makeCustomers(1, { pool: pool.id, owner: other.id });
	[hidden] = await f.makeCustomers(1, { pool: elsewhere.id });
});

describe('a customer form opens as the rules allow', () => {
	it('a rep: a pool customer read-only and not deletable, their own editable and deletable', async () => {
		expect(await access(rep.token, poolCustomer!)).toEqual({ status: 200, update: false, delete: false });
		expect(await access(rep.token, mine!)).toEqual({ status: 200, update: true, delete: true });
		expect(await access(rep.token, theirs!)).toMatchObject({ update: false, delete: false });
		expect(await access(rep.token, hidden!)).toMatchObject({ update: false, delete: false });
		expect(await access(rep.token, 999_999_999)).toMatchObject({ update: false, delete: false });
	});

	it('the studio is told to ask customer by customer for a rep (partial access), not for a manager', async () => {
		const summary = async (token: string) => (await h.http(token, 'GET', '/permissions/me')).body.data.crm_customers;
		const forRep = await summary(rep.token);
		expect([forRep.read.access, forRep.create.access, forRep.update.access, forRep.delete.access]).toEqual(['full', 'full', 'partial', 'partial']);
		const forManager = await summary(h.info.people.manager.token);
		expect([forManager.update.access, forManager.delete.access]).toEqual(['full', 'full']);
	});

	it('a manager and the admin: every customer editable', async () => {
		for (const token of [h.info.people.manager.token, h.info.adminToken]) {
			expect(await access(token, poolCustomer!)).toEqual({ status: 200, update: true, delete: true });
			expect(await access(token, theirs!)).toEqual({ status: 200, update: true, delete: true });
		}
	});

	it('nothing widened: the rep is refused editing and deleting a pool customer with the contract codes, and it stays as it was', async () => {
		const before = (await h.admin.request(readItem('crm_customers', poolCustomer!))) as any;
		const edit = await refusal(rep.client.request(updateItem('crm_customers', poolCustomer!, { notes: 'mine now?' } as any)));
		expect(edit).toMatchObject({ status: 403, code: 'LEAD_POOL_NOT_OWNER' });
		const del = await refusal(rep.client.request(deleteItem('crm_customers', poolCustomer!)));
		expect(del).toMatchObject({ status: 403, code: 'LEAD_POOL_NOT_OWNER' });
		const after = (await h.admin.request(readItem('crm_customers', poolCustomer!))) as any;
		expect(after.notes).toBe(before.notes);
		expect(after.owner).toBeNull();
		// the hidden customer: the permissions answer gives nothing away that a read does not
		const read = await h.http(rep.token, 'GET', `/items/crm_customers/${hidden}`);
		expect(read.status).toBeGreaterThanOrEqual(400);
		expect(await access(rep.token, hidden!)).toEqual(await access(rep.token, 999_999_999));
	});

	it('without a token the studio is told nothing', async () => {
		const res = await h.http(null, 'GET', `/permissions/me/crm_customers/${poolCustomer}`);
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
	});
});
