import { createItem, createItems, deleteItem, readItem, readItems, updateItem, updateItems } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { fixtures } from '../harness/fixtures';
import { refusal } from '../harness/clients';

/**
 * No write rule can be walked around, tried the way a hostile rep would: locks a rep sets on their own customers,
 * follow-ups dated in the future, follow-ups edited after the customer went to someone else, and the error shapes of
 * races and flows.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

const customer = async (id: number) => (await h.admin.request(readItem('crm_customers', id))) as any;
const followUp = async (id: number) => (await h.admin.request(readItem('crm_follow_ups', id))) as any;
const time = (value: unknown) => new Date(value as string).getTime();

let rep: Rep;
let other: Rep;
let pool: { id: number };
beforeAll(async () => {
	[rep, other] = (await f.makeReps(2)) as [Rep, Rep];
	pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }], claim_by_follow_up: true });
});

describe('reps lock customers only under the lock rules', () => {
	it('a rep creating a customer already locked is refused (REST, batch and GraphQL), and nothing is created', async () => {
		const name = `Locked ${f.tag}`;
		const r = await refusal(rep.client.request(createItem('crm_customers', { name, source: 'manual', pool: pool.id, locked: true } as any)));
		expect(r).toMatchObject({ status: 403, code: 'LEAD_POOL_MANAGERS_ONLY' });
		expect(r.message).toMatch(/Creating a customer already locked/);
		const batch = await refusal(
			rep.client.request(createItems('crm_customers', [{ name: `${name} A`, source: 'manual', pool: pool.id }, { name: `${name} B`, source: 'manual', pool: pool.id, locked: 1 }] as any)),
		);
		expect(batch.status).toBe(403);
		const gql = await h.http(rep.token, 'POST', '/graphql', {
			query: `mutation { create_crm_customers_item(data: { name: "${name} G", source: "manual", locked: true, purge_requested: false }) { id } }`,
		});
		expect(gql.body.errors?.[0]?.extensions?.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(await h.admin.request(readItems('crm_customers', { filter: { name: { _starts_with: name } } }))).toHaveLength(0);
	});

	it('a rep’s lock switch goes through the lock rules: an event, never a silent field write', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		// a rep's lock ends by itself, never in 2099: asking for that is refused, and nothing is locked
		const far = await refusal(rep.client.request(updateItem('crm_customers', id!, { locked: true, locked_until: '2099-01-01T00:00:00Z' } as any)));
		expect(far).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect((await customer(id!)).locked).toBe(false);
		await rep.client.request(updateItem('crm_customers', id!, { locked: true } as any));
		const locked = await customer(id!);
		expect(locked.locked).toBe(true);
		// a rep's lock ends by itself, never in 2099
		expect(time(locked.locked_until)).toBeLessThan(Date.now() + 3660 * 86_400_000);
		const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id }, action: { _eq: 'locked' } } }))) as any[];
		expect(events).toHaveLength(1);
		await rep.client.request(updateItem('crm_customers', id!, { notes: 'still mine' } as any));
		expect((await customer(id!)).notes).toBe('still mine');
	});
});

describe('the reclaim clock never runs ahead of now', () => {
	it('a follow-up dated 2099 is refused, on create and on edit, and the last contact does not move', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const r = await refusal(rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'future', contacted_at: '2099-01-01T00:00:00Z' } as any)));
		expect(r).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(r.message).toMatch(/cannot be in the future/);
		expect((await customer(id!)).last_contact_at).toBeNull();
		const fu = (await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'called' } as any))) as any;
		const before = (await customer(id!)).last_contact_at;
		expect(await refusal(rep.client.request(updateItem('crm_follow_ups', fu.id, { contacted_at: '2099-01-01T00:00:00Z' } as any)))).toMatchObject({ status: 400 });
		// GraphQL too
		const gql = await h.http(rep.token, 'POST', '/graphql', {
			query: `mutation { update_crm_follow_ups_item(id: ${fu.id}, data: { contacted_at: "2099-01-01T00:00:00Z" }) { id } }`,
		});
		expect(gql.body.errors?.[0]?.extensions?.code).toBe('INVALID_PAYLOAD');
		expect((await customer(id!)).last_contact_at).toBe(before);
	});

	it('a few minutes of clock skew are allowed, but the last contact is never later than now', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const ahead = new Date(Date.now() + 3 * 60_000).toISOString();
		await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'phone clock ahead', contacted_at: ahead } as any));
		const after = Date.now();
		expect(time((await customer(id!)).last_contact_at)).toBeLessThanOrEqual(after + 1000);
	});
});

describe('follow-ups are their writer’s, while the writer owns the customer', () => {
	it('a rep cannot edit a colleague’s follow-up; the refusal says it is a colleague’s, not that the customer is not theirs', async () => {
		const [id] = await f.makeCustomers(1, { owner: other.id, pool: pool.id });
		const fu = (await other.client.request(createItem('crm_follow_ups', { customer: id, summary: 'mine' } as any))) as any;
		const r = await refusal(rep.client.request(updateItem('crm_follow_ups', fu.id, { summary: 'defaced' })));
		expect(r).toMatchObject({ status: 403, code: 'LEAD_POOL_FOLLOW_UP_NOT_YOURS' });
		expect(r.message).toMatch(/written by a colleague/);
		expect((await followUp(fu.id)).summary).toBe('mine');
	});

	it('after the customer goes to another rep, the old owner can no longer edit their follow-up or move the new owner’s clock', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const fu = (await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'first call', contacted_at: new Date(Date.now() - 20 * 86_400_000).toISOString() } as any))) as any;
		await h.manager.request(updateItem('crm_customers', id!, { owner: other.id, release_reason: 'Rebalancing' } as any));
		const clock = (await customer(id!)).last_contact_at;
		const r = await refusal(rep.client.request(updateItem('crm_follow_ups', fu.id, { contacted_at: new Date().toISOString(), summary: 'called again' })));
		expect(r).toMatchObject({ status: 403, code: 'LEAD_POOL_FOLLOW_UP_NOT_YOURS' });
		expect(r.message).toMatch(/no longer own/);
		expect((await customer(id!)).last_contact_at).toBe(clock);
		expect((await followUp(fu.id)).summary).toBe('first call');
		// a manager correcting that old follow-up does not move the new owner's clock either
		await h.manager.request(updateItem('crm_follow_ups', fu.id, { contacted_at: new Date().toISOString() }));
		expect((await customer(id!)).last_contact_at).toBe(clock);
	});

	it('a rep edits their own follow-up of a customer they own, which moves its clock; nobody moves a follow-up to another customer', async () => {
		const [id, elsewhere] = await f.makeCustomers(2, { owner: rep.id, pool: pool.id });
		const fu = (await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'x', contacted_at: new Date(Date.now() - 5 * 86_400_000).toISOString() } as any))) as any;
		// a whole second: MariaDB keeps timestamps in seconds
		const now = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000).toISOString();
		await rep.client.request(updateItem('crm_follow_ups', fu.id, { contacted_at: now, customer: elsewhere, rep: other.id } as any));
		expect(await followUp(fu.id)).toMatchObject({ customer: id, rep: rep.id });
		expect(time((await customer(id!)).last_contact_at)).toBe(time(now));
	});

	it('reps cannot delete follow-ups, their own included: the history stays', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const fu = (await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'keep me' } as any))) as any;
		expect((await refusal(rep.client.request(deleteItem('crm_follow_ups', fu.id)))).status).toBe(403);
		expect((await followUp(fu.id)).summary).toBe('keep me');
	});
});

describe('refusals keep their code and status, whatever the path', () => {
	it('of two reps filing a request for one customer at the same moment, one gets it and the other LEAD_POOL_REQUEST_PENDING', async () => {
		const reps = await f.makeReps(4);
		const requests = await f.makePool({ members: reps.map((r) => ({ user: r.id })), claim_direct: false, claim_by_request: true });
		for (let round = 0; round < 3; round++) {
			const [id] = await f.makeCustomers(1, { pool: requests.id });
			const answers = await Promise.all(
				reps.map((r) => h.http(r.token, 'POST', '/items/crm_claim_requests', { customer: id, reason: `round ${round}` })),
			);
			const ok = answers.filter((a) => a.status === 200);
			const refused = answers.filter((a) => a.status !== 200);
			expect(ok).toHaveLength(1);
			for (const a of refused) {
				expect(a.status, JSON.stringify(a.body)).toBe(409);
				expect(a.body.errors[0].extensions.code).toBe('LEAD_POOL_REQUEST_PENDING');
			}
			expect(await h.admin.request(readItems('crm_claim_requests', { filter: { customer: { _eq: id } } }))).toHaveLength(1);
		}
	});

	it('a rep pressing "Assign selected" is refused with 403 and the contract code, and nothing is assigned', async () => {
		const assignOnly = await f.makePool({ claim_policy: 'assigned_only', members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { pool: assignOnly.id });
		const res = await h.http(rep.token, 'POST', `/flows/trigger/${ids.flow.assign_selected}`, { collection: 'crm_customers', keys: [id], dry_run: false });
		expect(res.status).toBe(403);
		expect(res.body.errors[0].extensions.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect((await customer(id!)).owner).toBeNull();
	});
});
