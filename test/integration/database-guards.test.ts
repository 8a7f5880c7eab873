import { createItem, readItem, readItems } from '@directus/sdk';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';
import { connect } from '../harness/database';

// What the database itself keeps, whatever path a write takes (plain SQL from another tool, a second process): the
// same guarantees on SQLite, PostgreSQL and MariaDB, each with its own means (see data/schema/guards.ts).
const f = fixtures();
const { h } = f;
let knex: Knex;

beforeAll(() => {
	knex = connect(h.info.db);
});
afterAll(async () => {
	await knex?.destroy();
});

/** A statement the database may refuse (MariaDB's triggers) or skip (SQLite's and PostgreSQL's): either way, no error escapes. */
async function attempt(run: () => Promise<unknown>): Promise<'done' | 'refused'> {
	try {
		await run();
		return 'done';
	} catch {
		return 'refused';
	}
}

describe('the delete guard', () => {
	it('keeps a customer and its follow-ups when a DELETE bypasses Directus', async () => {
		const [rep] = await f.makeReps(1);
		const pool = await f.makePool({ members: [{ user: rep!.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id, owner: rep!.id });
		await rep!.client.request(createItem('crm_follow_ups', { customer: id, channel: 'phone', summary: 'called' } as any));
		const outcome = await attempt(() => knex('crm_customers').where('id', id!).delete());
		// MariaDB refuses the statement; SQLite and PostgreSQL skip the row
		expect(outcome).toBe(h.info.kind === 'mariadb' ? 'refused' : 'done');
		expect(await knex('crm_customers').where('id', id!).first('id')).toBeTruthy();
		expect(Number((await knex('crm_follow_ups').where('customer', id!).count({ n: '*' }).first())!.n)).toBe(1);
	});

	it('lets a purge through, and only a purge', async () => {
		const [id] = await f.makeCustomers(1);
		const res = await h.http(h.info.adminToken, 'POST', '/lead-pool/purge', { keys: [id], reason: 'guard test' });
		expect(res.body.data.purged).toEqual([id]);
		expect(await knex('crm_customers').where('id', id!).first('id')).toBeUndefined();
	});
});

describe('one pending claim request per customer', () => {
	it('refuses a second pending request for a customer, however it is written', async () => {
		const [a, b] = await f.makeReps(2);
		const pool = await f.makePool({ members: [{ user: a!.id }, { user: b!.id }], claim_direct: false, claim_by_request: true });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		await a!.client.request(createItem('crm_claim_requests', { customer: id, reason: 'met at the fair' } as any));
		const second = await attempt(() => knex('crm_claim_requests').insert({ customer: id, requester: b!.id, status: 'pending', reason: 'me too' }));
		expect(second).toBe('refused');
		const pending = await knex('crm_claim_requests').where({ customer: id, status: 'pending' }).pluck('requester');
		expect(pending).toEqual([a!.id]);
		// once decided, a new request may be filed
		await knex('crm_claim_requests').where({ customer: id }).update({ status: 'rejected' });
		expect(await attempt(() => knex('crm_claim_requests').insert({ customer: id, requester: b!.id, status: 'pending', reason: 'now me' }))).toBe('done');
	});
});

describe('a new customer’s first event', () => {
	it('names the customer, in the pool and for a rep', async () => {
		const [rep] = await f.makeReps(1);
		const pool = await f.makePool({ members: [{ user: rep!.id }] });
		const [inPool] = await f.makeCustomers(1, { pool: pool.id });
		const mine = (await rep!.client.request(createItem('crm_customers', { name: `Mine ${f.tag}`, source: 'manual' } as any))) as any;
		for (const [id, action] of [
			[inPool, 'created_in_pool'],
			[Number(mine.id), 'created_owned'],
		] as const) {
			const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id } }, fields: ['action'] }))) as any[];
			expect(events.map((e) => e.action)).toEqual([action]);
		}
		expect(((await h.admin.request(readItem('crm_customers', Number(mine.id)))) as any).owner).toBe(rep!.id);
	});
});

describe('the install state', () => {
	it('is ok with every guard in place, and names the optional parts this database lacks', async () => {
		const res = await h.http(h.info.adminToken, 'GET', '/lead-pool/status');
		expect(res.body.data.install).toMatchObject({ state: 'ok', missing_required: [] });
		for (const part of res.body.data.install.missing_optional) expect(part).toMatchObject({ part: expect.any(String), cost: expect.any(String) });
		// reps see the state, not the details
		const rep = await h.http(h.info.people.reps[0]!.token, 'GET', '/lead-pool/status');
		expect(rep.body.data.install).toEqual({ state: 'ok' });
	});
});
