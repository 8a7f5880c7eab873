import { createItem, deleteItem, deleteItems, deleteUser, readItem, readItems, readSingleton, readUser, updateItem } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupLeadPool } from '../../extensions/lead-pool/setup/setup.mjs';
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';
import { refusal } from '../harness/clients';

/**
 * Deleting never erases history: a pool that holds customers and a user who owns customers cannot be deleted; a user
 * or pool that can be deleted leaves the audit trail, follow-ups and performance entries as they were, with the ids
 * of who did what. Existing installs get the same: setup drops the foreign keys that used to null or delete them.
 */
const f = fixtures();
const { h } = f;
const knex = connect(h.info.db);
afterAll(() => knex.destroy());

const poolOf = async (id: number) => ((await h.admin.request(readItem('crm_customers', id, { fields: ['pool'] }))) as any).pool;

describe('a pool that holds customers cannot be deleted', () => {
	it('is refused with LEAD_POOL_POOL_NOT_EMPTY (409) by REST, batch and GraphQL, and its customers keep it', async () => {
		const [rep] = await f.makeReps(1);
		const full = await f.makePool({ members: [{ user: rep!.id }] });
		const empty = await f.makePool({ members: [{ user: rep!.id }] });
		const [unowned] = await f.makeCustomers(1, { pool: full.id });
		const [owned] = await f.makeCustomers(1, { pool: full.id, owner: rep!.id });
		const single = await refusal(h.manager.request(deleteItem('crm_pools', full.id)));
		expect(single).toMatchObject({ status: 409, code: 'LEAD_POOL_POOL_NOT_EMPTY' });
		expect(single.message).toMatch(/still holds 2 customers/);
		expect(await refusal(h.admin.request(deleteItems('crm_pools', [empty.id, full.id])))).toMatchObject({ status: 409 });
		const gql = await h.http(h.info.adminToken, 'POST', '/graphql', { query: `mutation { delete_crm_pools_item(id: ${full.id}) { id } }` });
		expect(gql.body.errors?.[0]?.extensions?.code).toBe('LEAD_POOL_POOL_NOT_EMPTY');
		expect(await poolOf(unowned!)).toBe(full.id);
		expect(await poolOf(owned!)).toBe(full.id);
		// the batch changed nothing: the empty pool is still there
		expect(((await h.admin.request(readItem('crm_pools', empty.id))) as any).id).toBe(empty.id);
	});

	it('the default pool cannot be deleted while it is the default', async () => {
		const settings = (await h.admin.request(readSingleton('crm_settings'))) as any;
		const r = await refusal(h.admin.request(deleteItem('crm_pools', settings.default_pool)));
		expect(r).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(r.message).toMatch(/default pool/);
		expect(((await h.admin.request(readItem('crm_pools', settings.default_pool))) as any).id).toBe(settings.default_pool);
	});

	it('an empty pool is deleted; the events that name it keep its id', async () => {
		const [rep] = await f.makeReps(1);
		const old = await f.makePool({ members: [{ user: rep!.id }] });
		const next = await f.makePool({ members: [{ user: rep!.id }] });
		const [id] = await f.makeCustomers(1, { pool: old.id });
		await h.manager.request(updateItem('crm_customers', id!, { pool: next.id } as any));
		await h.manager.request(deleteItem('crm_pools', old.id));
		expect(await h.admin.request(readItems('crm_pools', { filter: { id: { _eq: old.id } } }))).toHaveLength(0);
		const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id } }, fields: ['action', 'pool'], sort: ['id'] }))) as any[];
		expect(events[0]).toMatchObject({ action: 'created_in_pool', pool: old.id });
	});
});

describe('a user who owns customers cannot be deleted; one who does not leaves the history whole', () => {
	it('deleting a rep who owns customers is refused with LEAD_POOL_OWNS_CUSTOMERS (409); the customers keep their owner', async () => {
		const [rep] = await f.makeReps(1);
		const pool = await f.makePool({ members: [{ user: rep!.id }] });
		const ids = await f.makeCustomers(2, { pool: pool.id, owner: rep!.id });
		const r = await refusal(h.admin.request(deleteUser(rep!.id)));
		expect(r).toMatchObject({ status: 409, code: 'LEAD_POOL_OWNS_CUSTOMERS' });
		expect(r.message).toMatch(/still owns 2 customers/);
		expect(((await h.admin.request(readUser(rep!.id))) as any).id).toBe(rep!.id);
		for (const id of ids) expect(((await h.admin.request(readItem('crm_customers', id))) as any).owner).toBe(rep!.id);
	});

	it('after the book is transferred the user can go: events keep their actors, follow-ups and performance entries stay', async () => {
		const [leaving, staying] = await f.makeReps(2);
		const pool = await f.makePool({ members: [{ user: leaving!.id }, { user: staying!.id }] });
		const ids = await f.makeCustomers(3, { pool: pool.id });
		for (const id of ids) await leaving!.client.request(updateItem('crm_customers', id, { owner: leaving!.id }));
		const followUp = (await leaving!.client.request(createItem('crm_follow_ups', { customer: ids[0], summary: 'Visited the plant' } as any))) as any;
		const entry = (await h.manager.request(createItem('crm_performance', { rep: leaving!.id, metric: 'sample_orders', value: 4, date: '2026-11-02' } as any))) as any;
		const moved = await h.http(h.info.people.manager.token, 'POST', '/lead-pool/transfer', { from: leaving!.id, to: staying!.id, reason: 'Leaving the company' });
		expect(moved.status).toBe(200);

		await h.admin.request(deleteUser(leaving!.id));

		const claims = (await h.admin.request(readItems('crm_events', { filter: { customer: { _in: ids }, action: { _eq: 'claimed' } }, fields: ['actor', 'to_owner'] }))) as any[];
		expect(claims).toHaveLength(3);
		for (const e of claims) expect(e).toMatchObject({ actor: leaving!.id, to_owner: leaving!.id });
		const transfers = (await h.admin.request(readItems('crm_events', { filter: { customer: { _in: ids }, action: { _eq: 'transferred' } }, fields: ['from_owner'] }))) as any[];
		expect(transfers.map((e) => e.from_owner)).toEqual([leaving!.id, leaving!.id, leaving!.id]);
		expect(((await h.admin.request(readItem('crm_follow_ups', followUp.id))) as any).rep).toBe(leaving!.id);
		expect(((await h.admin.request(readItem('crm_performance', entry.id))) as any).rep).toBe(leaving!.id);
		for (const id of ids) expect(((await h.admin.request(readItem('crm_customers', id))) as any).owner).toBe(staying!.id);
	});
});

describe('existing installs get the same guarantees from setup', () => {
	it('setup drops a foreign key an earlier install put on the history, keeps its indexes, and then changes nothing', async () => {
		const hasForeignKey = async () => {
			if (h.info.kind === 'sqlite') return ((await knex.raw('PRAGMA foreign_key_list(crm_performance)')) as any[]).some((k) => k.from === 'rep');
			const rows = await knex('information_schema.table_constraints as tc')
				.join('information_schema.key_column_usage as k', (j) => j.on('k.constraint_name', 'tc.constraint_name').andOn('k.table_name', 'tc.table_name'))
				.where({ 'tc.constraint_type': 'FOREIGN KEY', 'tc.table_name': 'crm_performance', 'k.column_name': 'rep' })
				.select('tc.constraint_name')
				// MariaDB's information_schema lists every database on the server
				.modify((q) => (h.info.kind === 'mariadb' ? q.whereRaw('tc.table_schema = DATABASE()') : q));
			return rows.length > 0;
		};
		expect(await hasForeignKey()).toBe(false);
		// an install from before: performance entries deleted with their rep
		if (h.info.kind === 'sqlite') await knex.schema.alterTable('crm_performance', (t) => t.foreign('rep').references('directus_users.id').onDelete('CASCADE'));
		// entries of users deleted earlier in this file stay, so the old key is added without checking them
		else if (h.info.kind === 'mariadb') {
			// MySQL has no NOT VALID: the key is added with the checks off, on one connection
			await knex.transaction(async (trx) => {
				await trx.raw('SET SESSION foreign_key_checks = 0');
				await trx.raw('ALTER TABLE crm_performance ADD CONSTRAINT crm_performance_rep_foreign FOREIGN KEY (rep) REFERENCES directus_users (id) ON DELETE CASCADE');
				await trx.raw('SET SESSION foreign_key_checks = 1');
			});
		} else await knex.raw('ALTER TABLE crm_performance ADD CONSTRAINT crm_performance_rep_foreign FOREIGN KEY (rep) REFERENCES directus_users (id) ON DELETE CASCADE NOT VALID');
		expect(await hasForeignKey()).toBe(true);
		const { changes } = await setupLeadPool({ url: h.url, token: h.info.adminToken });
		expect(changes).toEqual(expect.arrayContaining([expect.stringMatching(/crm_performance\.rep/)]));
		expect(await hasForeignKey()).toBe(false);
		expect((await setupLeadPool({ url: h.url, token: h.info.adminToken })).changes).toEqual([]);
		const [rep] = await f.makeReps(1);
		const entry = (await h.manager.request(createItem('crm_performance', { rep: rep!.id, metric: 'inquiries', value: 1, date: '2026-11-03' } as any))) as any;
		await h.admin.request(deleteUser(rep!.id));
		expect(((await h.admin.request(readItem('crm_performance', entry.id))) as any).rep).toBe(rep!.id);
	});
});
