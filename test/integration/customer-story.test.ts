import { createItem, deleteItem, readItem, updateItem, updateItems } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * What a customer keeps of its story, kept by Lead Pool and by nobody else: the latest follow-up beside the last
 * contact, how many times it went back to a pool, and the next contact its owner planned (cleared on every return to
 * a pool).
 */
const f = fixtures();
const { h } = f;

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let rep: Rep;
let pool: { id: number };
const DAY = 86_400_000;

/** A time written as ISO text, as the database keeps it: MariaDB stores whole seconds. */
const stored = (iso: string) => (h.info.kind === 'mariadb' ? Math.floor(Date.parse(iso) / 1000) * 1000 : Date.parse(iso));
const read = async (id: number) =>
	(await h.admin.request(readItem('crm_customers', id, { fields: ['owner', 'return_count', 'next_contact_at', 'last_follow_up_summary', 'last_contact_at', 'locked', 'locked_until'] }))) as any;

beforeAll(async () => {
	[rep] = (await f.makeReps(1)) as [Rep];
	pool = await f.makePool({ members: [{ user: rep.id }], claim_by_follow_up: true });
});

describe('the latest follow-up and the next contact', () => {
	it('a follow-up leaves its summary beside the last contact, and plans the next contact', async () => {
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const next = new Date(Date.now() + 3 * DAY).toISOString();
		await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'Asked for a quote on 200 units', next_contact_at: next } as any));
		const after = await read(id!);
		expect(after.owner).toBe(rep.id);
		expect(after.last_follow_up_summary).toBe('Asked for a quote on 200 units');
		expect(new Date(after.next_contact_at).getTime()).toBe(stored(next));
		// an older follow-up logged later does not replace the latest
		const older = new Date(Date.now() - 5 * DAY).toISOString();
		await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'Old visit notes', contacted_at: older } as any));
		expect((await read(id!)).last_follow_up_summary).toBe('Asked for a quote on 200 units');
		await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'Sent samples' } as any));
		expect((await read(id!)).last_follow_up_summary).toBe('Sent samples');
	});

	it('editing the latest follow-up’s summary updates the customer’s', async () => {
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const fu = (await rep.client.request(createItem('crm_follow_ups', { customer: id, summary: 'first draft' } as any))) as any;
		await rep.client.request(updateItem('crm_follow_ups', fu.id, { summary: 'corrected notes' } as any));
		expect((await read(id!)).last_follow_up_summary).toBe('corrected notes');
	});

	it('one edit of several follow-ups: each customer keeps the summary only where the edited one is its latest, and the owner’s next contact moves on each', async () => {
		const [a, b] = await f.makeCustomers(2, { pool: pool.id });
		const oldA = (await rep.client.request(createItem('crm_follow_ups', { customer: a, summary: 'a: first' } as any))) as any;
		const latestA = (await rep.client.request(createItem('crm_follow_ups', { customer: a, summary: 'a: latest' } as any))) as any;
		const onlyB = (await rep.client.request(createItem('crm_follow_ups', { customer: b, summary: 'b: only' } as any))) as any;
		const next = new Date(Date.now() + 4 * DAY).toISOString();
		await rep.client.request(updateItems('crm_follow_ups', [oldA.id, onlyB.id], { summary: 'batch note', next_contact_at: next } as any));
		const [afterA, afterB] = [await read(a!), await read(b!)];
		expect(afterA.last_follow_up_summary).toBe('a: latest');
		expect(afterB.last_follow_up_summary).toBe('batch note');
		expect(new Date(afterA.next_contact_at).getTime()).toBe(stored(next));
		expect(new Date(afterB.next_contact_at).getTime()).toBe(stored(next));
		await rep.client.request(updateItems('crm_follow_ups', [latestA.id, onlyB.id], { summary: 'both latest' } as any));
		expect((await read(a!)).last_follow_up_summary).toBe('both latest');
		expect((await read(b!)).last_follow_up_summary).toBe('both latest');
	});

	it('the owner sets the next contact on the customer; reps cannot write what Lead Pool keeps', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const next = new Date(Date.now() + DAY).toISOString();
		await rep.client.request(
			updateItem('crm_customers', id!, { next_contact_at: next, return_count: 99, last_follow_up_summary: 'forged', locked_until: next } as any),
		);
		const after = await read(id!);
		expect(new Date(after.next_contact_at).getTime()).toBe(stored(next));
		expect(after.return_count).toBe(0);
		expect(after.last_follow_up_summary).toBeNull();
		// an end of lock is a lock request, decided by the lock rules (tests: locks.test.ts): a day is within them
		expect(after.locked).toBe(true);
		expect(new Date(after.locked_until).getTime()).toBe(stored(next));
	});

	it('managers cannot write the kept fields either', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		await h.manager.request(updateItem('crm_customers', id!, { return_count: 7, last_follow_up_summary: 'forged' } as any));
		const after = await read(id!);
		expect(after.return_count).toBe(0);
		expect(after.last_follow_up_summary).toBeNull();
	});
});

describe('every return to a pool counts, and clears the planned contact', () => {
	const plan = () => new Date(Date.now() + 2 * DAY).toISOString();

	it('release, delete and a manager taking the customer back', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, next_contact_at: plan() });
		expect((await read(id!)).next_contact_at).not.toBeNull();
		await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'no budget this year' });
		let after = await read(id!);
		expect(after).toMatchObject({ owner: null, return_count: 1, next_contact_at: null });

		await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: [id] });
		await rep.client.request(updateItem('crm_customers', id!, { next_contact_at: plan() } as any));
		await rep.client.request(deleteItem('crm_customers', id!));
		after = await read(id!);
		expect(after).toMatchObject({ owner: null, return_count: 2, next_contact_at: null });

		await h.manager.request(updateItem('crm_customers', id!, { owner: rep.id } as any));
		await h.manager.request(updateItem('crm_customers', id!, { owner: null, release_reason: 'reorganising territories' } as any));
		after = await read(id!);
		expect(after).toMatchObject({ owner: null, return_count: 3, next_contact_at: null });
	});

	it('a reclaim counts too', async () => {
		const reclaiming = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 5, reclaim_reminder_days: 0 });
		const longAgo = new Date(Date.now() - 30 * DAY).toISOString();
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: reclaiming.id, owned_since: longAgo, next_contact_at: plan() });
		const run = await h.http(f.adminToken, 'POST', '/lead-pool/reclaim/run', {});
		expect(run.status).toBe(200);
		expect(await read(id!)).toMatchObject({ owner: null, return_count: 1, next_contact_at: null });
	});

	it('a customer created into a pool plans no contact', async () => {
		const [id] = await f.makeCustomers(1, { pool: pool.id, next_contact_at: plan() });
		expect((await read(id!)).next_contact_at).toBeNull();
	});
});
