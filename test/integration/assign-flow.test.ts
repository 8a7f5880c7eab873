import { createItem, readItem, readNotifications, updateItem, updateUser } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { fixtures } from '../harness/fixtures';

/**
 * "Assign selected", the manual flow setup adds on Customers: a manager previews the plan (a
 * notification, nothing changes), then assigns; a rep who presses it is refused and nothing changes.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let a: Rep;
let keys: number[];

const trigger = (token: string, body: Record<string, unknown>) => h.http(token, 'POST', `/flows/trigger/${ids.flow.assign_selected}`, { collection: 'crm_customers', ...body });
const ownerOf = async (id: number) => ((await h.admin.request(readItem('crm_customers', id, { fields: ['owner'] }))) as any).owner;

beforeAll(async () => {
	[a] = (await f.makeReps(1)) as any;
	const pool = await f.makePool({ claim_policy: 'assigned_only', members: [{ user: a.id }] });
	await h.manager.request(createItem('crm_assignment_rules', { name: `Flow rule ${f.tag}`, status: 'active', priority: 100000, strategy: 'round_robin', match_pool: pool.id, candidate_users: [a.id] } as any));
	keys = await f.makeCustomers(2, { pool: pool.id, name: `Flow customer ${f.tag}` });
});

describe('the Assign selected flow', () => {
	it('previews the plan as a notification to the manager and changes nothing', async () => {
		const res = await trigger(h.info.people.manager.token, { keys, dry_run: true });
		expect(res.status).toBeLessThan(300);
		expect(await ownerOf(keys[0]!)).toBeNull();
		const notes = (await h.admin.request(readNotifications({ filter: { recipient: { _eq: h.info.people.manager.id }, subject: { _starts_with: 'Assignment preview' } }, sort: ['-id'], limit: 1, fields: ['subject', 'message'] }))) as any[];
		expect(notes[0].subject).toContain('2 of 2 would be assigned');
		expect(notes[0].message).toContain(`Flow customer ${f.tag} → Rep0 ${f.tag} (Flow rule ${f.tag}`);
	});

	it('assigns when run without the preview', async () => {
		const res = await trigger(h.info.people.manager.token, { keys, dry_run: false });
		expect(res.status).toBeLessThan(300);
		expect(await ownerOf(keys[0]!)).toBe(a.id);
		expect(await ownerOf(keys[1]!)).toBe(a.id);
	});

	it('refuses a rep and assigns nothing', async () => {
		const [other] = await f.makeCustomers(1, { pool: (await f.makePool({ claim_policy: 'assigned_only', members: [{ user: a.id }] })).id });
		const res = await trigger(a.token, { keys: [other], dry_run: false });
		expect(res.status).toBe(403);
		expect(res.body.errors[0].extensions.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(await ownerOf(other!)).toBeNull();
		// the refusal also reaches the rep as a notification
		const notes = (await h.admin.request(readNotifications({ filter: { recipient: { _eq: a.id } }, sort: ['-id'], limit: 1, fields: ['subject'] }))) as any[];
		expect(notes[0].subject).toBe('Assigning customers is for sales managers and admins only.');
	});
});

describe('the Claim selected flow', () => {
	it('claims the selected pool customers for the rep who pressed it, refuses the rest one by one, and says so', async () => {
		const [rep, other] = (await f.makeReps(2)) as any;
		const mine = await f.makePool({ members: [{ user: rep.id }] });
		const notMine = await f.makePool({ members: [{ user: other.id }] });
		const open = await f.makeCustomers(2, { pool: mine.id, name: `Claimable ${f.tag}` });
		const [closed] = await f.makeCustomers(1, { pool: notMine.id, name: `Not yours ${f.tag}` });
		const res = await h.http(rep.token, 'POST', `/flows/trigger/${ids.flow.claim_selected}`, { collection: 'crm_customers', keys: [...open, closed] });
		expect(res.status).toBeLessThan(300);
		expect(await ownerOf(open[0]!)).toBe(rep.id);
		expect(await ownerOf(open[1]!)).toBe(rep.id);
		expect(await ownerOf(closed!)).toBeNull();
		const notes = (await h.admin.request(readNotifications({ filter: { recipient: { _eq: rep.id } }, sort: ['-id'], limit: 1, fields: ['subject', 'message'] }))) as any[];
		expect(notes[0].subject).toBe('Claimed 2 of 3');
		expect(notes[0].message).toContain(`- Claimed: Claimable ${f.tag}`);
		// a customer of a pool the rep is not in is told by its number only
		expect(notes[0].message).toContain(`- Customer ${closed} is in a pool you are not a member of`);
		expect(notes[0].message).not.toContain('Not yours');
	});

	it('names each refused customer the rep can see, in the rep’s language (Traditional Chinese here)', async () => {
		const [rep] = (await f.makeReps(1)) as any;
		await h.admin.request(updateUser(rep.id, { language: 'zh-TW' } as any));
		const limited = await f.makePool({ name: `每日一個 ${f.tag}`, daily_claim_limit: 1, members: [{ user: rep.id }] });
		const [first] = await f.makeCustomers(1, { pool: limited.id, name: `华东贸易甲 ${f.tag}` });
		const [second] = await f.makeCustomers(1, { pool: limited.id, name: `华东贸易乙 ${f.tag}` });
		const res = await h.http(rep.token, 'POST', `/flows/trigger/${ids.flow.claim_selected}`, { collection: 'crm_customers', keys: [first, second] });
		expect(res.status).toBeLessThan(300);
		const notes = (await h.admin.request(readNotifications({ filter: { recipient: { _eq: rep.id } }, sort: ['-id'], limit: 1, fields: ['subject', 'message'] }))) as any[];
		expect(notes[0].subject).toBe('領取：成功 1 個，未領取 1 個');
		const [refusedLine] = notes[0].message.split('\n').filter((line: string) => line.includes('每日上限'));
		// the customer's name as it was written (Simplified), the sentence in Traditional
		expect(refusedLine).toBe(`- 华东贸易乙 ${f.tag}: 你今天已從公海「每日一個 ${f.tag}」領取 1 個客戶（每日上限 1），請明天再領取。`);
	});
});
