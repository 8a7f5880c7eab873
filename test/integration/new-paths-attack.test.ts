import { updateItem } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * This wave's new read paths, attacked as a hostile rep: who locked a customer (`locked_by`, a relation to users),
 * the release destinations, the studio's per-item permission answers and the labelled export. A customer of a pool
 * the rep is not in stays invisible through every one of them: not read, not filtered on, named in no answer.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let spy: Rep;
let other: Rep;
let hidden: number;
let secretPool: { id: number; name: string };
const MISSING = 987_654_321;

beforeAll(async () => {
	[spy, other] = (await f.makeReps(2)) as [Rep, Rep];
	await f.makePool({ members: [{ user: spy.id }] });
	secretPool = await f.makePool({ name: `Secret pool ${f.tag}`, members: [{ user: other.id }] });
	hidden = (await f.makeCustomers(1, { pool: secretPool.id, owner: other.id, name: `Hidden Co ${f.tag}` }))[0]!;
	// a manager's lock on the hidden customer: locked_by names the manager
	await h.manager.request(updateItem('crm_customers', hidden!, { locked: true } as any));
});

describe('new paths never lead to a customer the rep cannot see', () => {
	it('locked_by: filters on it, through it and GraphQL find nothing hidden and open no user', async () => {
		const me = (await h.http(h.info.people.manager.token, 'GET', '/users/me?fields=id')).body.data.id;
		for (const path of [
			`/items/crm_customers?filter[locked_by][_eq]=${me}&fields=id,name`,
			`/items/crm_customers?filter[locked_by][_nnull]=true&fields=id,name,locked_by.*`,
			`/items/crm_customers?filter[locked_by][email][_contains]=@&fields=id`,
			`/items/crm_customers?filter[id][_eq]=${hidden}&fields=id,locked_by.email`,
		]) {
			const res = await h.http(spy.token, 'GET', path);
			expect(res.status, path).toBeLessThan(500);
			expect(JSON.stringify(res.body), path).not.toContain(`Hidden Co ${f.tag}`);
			expect((res.body.data ?? []).map((c: any) => c.id), path).not.toContain(hidden);
		}
		const gql = await h.http(spy.token, 'POST', '/graphql', { query: `{ crm_customers(filter: { locked_by: { id: { _nnull: true } } }) { id name locked_by { email } } }` });
		expect(JSON.stringify(gql.body)).not.toContain(`Hidden Co ${f.tag}`);
	});

	it('the release destinations of a hidden customer name nothing of it (the number only, as every guessed key)', async () => {
		const theirs = await h.http(spy.token, 'GET', `/lead-pool/release/pools?keys=${hidden}`);
		expect(theirs.status).toBeGreaterThanOrEqual(400);
		expect(theirs.status).toBeLessThan(500);
		const text = JSON.stringify(theirs.body);
		expect(text).not.toContain(secretPool.name);
		expect(text).not.toContain(`Hidden Co ${f.tag}`);
		expect(text).not.toContain(other.id);
	});

	it('the studio’s permission answer for a hidden customer is the one for a missing customer', async () => {
		const theirs = await h.http(spy.token, 'GET', `/permissions/me/crm_customers/${hidden}`);
		const none = await h.http(spy.token, 'GET', `/permissions/me/crm_customers/${MISSING}`);
		expect(theirs.status).toBe(none.status);
		expect(JSON.stringify(theirs.body)).toBe(JSON.stringify(none.body));
	});

	it('the labelled export is for managers only, filter or not', async () => {
		const filter = encodeURIComponent(JSON.stringify({ id: { _eq: hidden } }));
		const res = await h.http(spy.token, 'GET', `/lead-pool/export.xlsx?filter=${filter}`);
		expect(res.status).toBe(403);
		expect(res.body?.errors?.[0]?.extensions?.code).toBe('LEAD_POOL_MANAGERS_ONLY');
	});

	it('a rep cannot name another user as the locker of their own customer', async () => {
		const [mine] = await f.makeCustomers(1, { owner: spy.id, name: `Mine ${f.tag}` });
		const res = await h.http(spy.token, 'PATCH', `/items/crm_customers/${mine}`, { locked: true, locked_by: other.id });
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(res.status).toBeLessThan(500);
		const row = (await h.http(f.adminToken, 'GET', `/items/crm_customers/${mine}?fields=locked,locked_by`)).body.data;
		expect(row.locked_by).not.toBe(other.id);
	});
});
