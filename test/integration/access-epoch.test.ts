import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteItems, readItems } from '@directus/sdk';
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';
import { secondInstance } from '../harness/second-instance';

// Each instance keeps a rep's access facts (member pools, policies) for up to a minute under the access epoch, a
// counter in the database that every change of who may see what moves (data/epochs.ts). These tests change access on
// one instance and read on the other (PostgreSQL and MariaDB; SQLite has one instance).

const f = fixtures();
const { h } = f;
let second: Awaited<ReturnType<typeof secondInstance>>;

beforeAll(async () => {
	second = await secondInstance(h.info);
});
afterAll(async () => second?.stop());

async function readVia(url: string, token: string, id: number): Promise<number> {
	const res = await fetch(`${url}/items/crm_customers/${id}?fields=id,name`, { headers: { Authorization: `Bearer ${token}` } });
	await res.arrayBuffer();
	return res.status;
}

async function epoch(): Promise<number> {
	const knex = connect(h.info.db);
	try {
		return Number((await knex('lead_pool_epochs').first('n').where('name', 'access')).n);
	} finally {
		await knex.destroy();
	}
}

/** The epoch once it has passed `than` (actions run just after Directus answers), or as it is after two seconds. */
async function epochAbove(than: number): Promise<number> {
	const until = Date.now() + 2_000;
	let n = await epoch();
	while (n <= than && Date.now() < until) {
		await new Promise((r) => setTimeout(r, 50));
		n = await epoch();
	}
	return n;
}

/** The epoch once the actions of earlier writes have run: the same in two reads half a second apart. */
async function settled(): Promise<number> {
	let n = await epoch();
	for (;;) {
		await new Promise((r) => setTimeout(r, 500));
		const again = await epoch();
		if (again === n) return n;
		n = again;
	}
}

describe('who may see what, across instances', () => {
	it('a rep taken off a pool on one instance loses its customers on the other within about a second', async () => {
		const [rep] = (await f.makeReps(1)) as any[];
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		// the other instance has read the rep's pools, and keeps them
		expect(await readVia(second.url, rep.token, id!)).toBe(200);
		expect(await readVia(second.url, rep.token, id!)).toBe(200);
		const before = await settled();
		const members = (await h.admin.request(readItems('crm_pool_members', { filter: { pool: { _eq: pool.id } } as any, fields: ['id'] }))) as any[];
		expect(members.length).toBe(1);
		await h.admin.request(deleteItems('crm_pool_members', members.map((m) => m.id)));
		const removed = Date.now();
		expect(await epochAbove(before)).toBeGreaterThan(before);
		let status = 200;
		while (Date.now() - removed < 8_000) {
			status = await readVia(second.url, rep.token, id!);
			if (status !== 200) break;
			await new Promise((r) => setTimeout(r, 100));
		}
		expect(status).toBe(403);
		// a 5-second cache without the epoch took up to 5 s here; the epoch is read once a second
		expect(Date.now() - removed).toBeLessThan(3_000);
	});

	it('moves on a change of access, not on the studio recording the page a user is on', async () => {
		const [rep] = (await f.makeReps(1)) as any[];
		const before = await settled();
		const page = await h.http(rep.token, 'PATCH', '/users/me/track/page', { last_page: '/content/crm_customers' });
		expect(page.status).toBeLessThan(300);
		// (given the time an action would take to run)
		expect(await epochAbove(before)).toBe(before);
		// a rep profile (their team) is access: it moves
		const profiles = (await h.admin.request(readItems('crm_rep_profiles', { filter: { user: { _eq: rep.id } } as any, fields: ['id'] }))) as any[];
		const res = await h.http(h.info.adminToken, 'PATCH', `/items/crm_rep_profiles/${profiles[0].id}`, { team: null, availability: 'available' });
		expect(res.status).toBe(200);
		expect(await epochAbove(before)).toBeGreaterThan(before);
	});

	it('is neither readable nor writable by a rep or a manager, through REST or GraphQL', async () => {
		const [rep] = (await f.makeReps(1)) as any[];
		const before = await settled();
		for (const token of [rep.token, h.info.people.manager.token]) {
			expect((await h.http(token, 'GET', '/items/lead_pool_epochs?limit=1')).status).toBe(403);
			expect((await h.http(token, 'GET', '/items/lead_pool_epochs/access')).status).toBe(403);
			expect((await h.http(token, 'PATCH', '/items/lead_pool_epochs/access', { n: 0 })).status).toBe(403);
			expect((await h.http(token, 'POST', '/items/lead_pool_epochs', { name: 'other', n: 1 })).status).toBe(403);
			const gql = await h.http(token, 'POST', '/graphql', { query: '{ lead_pool_epochs { name n } }' });
			expect(gql.body?.data?.lead_pool_epochs).toBeUndefined();
			expect(gql.body?.errors?.length).toBeGreaterThan(0);
		}
		// nothing they sent moved or reset it
		expect(await epoch()).toBe(before);
	});
});
