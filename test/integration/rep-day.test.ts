import { createItem, readPresets } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * The rep's day and the team's inquiry board: the contacts due today and overdue (the "my day" report and the Today
 * and Overdue bookmarks), and this month's rule-made assignments with each rep's inquiry count, readable by the team.
 */
const f = fixtures();
const { h } = f;

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let rep: Rep;
let other: Rep;
let pool: { id: number };
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();

beforeAll(async () => {
	[rep, other] = (await f.makeReps(2)) as [Rep, Rep];
	pool = await f.makePool({ members: [{ user: rep.id }, { user: other.id }] });
});

describe('my day: contacts due today and overdue', () => {
	it('lists the rep’s own customers due today or overdue, overdue first, red past the contact cycle', async () => {
		const [overdue] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'A', owned_since: at(-20), next_contact_at: at(-2) });
		const [today] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'C', owned_since: at(-3), next_contact_at: at(0) });
		const [later] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, next_contact_at: at(6) });
		const [theirs] = await f.makeCustomers(1, { owner: other.id, pool: pool.id, next_contact_at: at(-1) });
		const res = await h.http(rep.token, 'GET', '/lead-pool/reports/my-day');
		expect(res.status).toBe(200);
		const ids = res.body.data.rows.map((r: any) => r.id);
		expect(ids).toEqual([overdue, today]);
		expect(ids).not.toContain(later);
		expect(ids).not.toContain(theirs);
		const [first, second] = res.body.data.rows;
		expect(first).toMatchObject({ when: 'overdue', contact_cycle_days: 7, past_cycle: true });
		expect(first.days_since_contact).toBeGreaterThanOrEqual(19);
		expect(second).toMatchObject({ contact_cycle_days: 30, past_cycle: false });
		// the manager sees every rep's, with the owner
		const all = await h.http(h.info.people.manager.token, 'GET', '/lead-pool/reports/my-day');
		expect(all.body.data.rows.map((r: any) => r.id)).toEqual(expect.arrayContaining([overdue, theirs]));
	});

	it('a customer’s own cycle beats its tier’s', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'A', contact_cycle_days: 60, owned_since: at(-20), next_contact_at: at(-1) });
		const res = await h.http(rep.token, 'GET', '/lead-pool/reports/my-day');
		expect(res.body.data.rows.find((r: any) => r.id === id)).toMatchObject({ contact_cycle_days: 60, past_cycle: false });
	});

	it('reps have Today and Overdue bookmarks; the manager a list with owner and pool', async () => {
		const presets = (await h.admin.request(readPresets({ filter: { collection: { _eq: 'crm_customers' }, bookmark: { _nnull: true } }, fields: ['bookmark', 'role', 'layout_query'], limit: -1 }))) as any[];
		const names = presets.map((p) => p.bookmark);
		// named by translation strings, so each user reads them in their own language
		expect(names).toEqual(expect.arrayContaining(['$t:lead_pool_bookmark_today', '$t:lead_pool_bookmark_overdue', '$t:lead_pool_bookmark_all']));
		const listed = ['days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'next_contact_at', 'source', 'tier', 'previous_owner', 'release_reason', 'return_count'];
		for (const name of ['$t:lead_pool_bookmark_pool', '$t:lead_pool_bookmark_mine']) {
			for (const preset of presets.filter((p) => p.bookmark === name)) expect(preset.layout_query.tabular.fields, name).toEqual(expect.arrayContaining(listed));
		}
		const all = presets.find((p) => p.bookmark === '$t:lead_pool_bookmark_all');
		expect(all.layout_query.tabular.fields).toEqual(expect.arrayContaining(['owner', 'pool', 'days_since_contact']));
	});
});

describe('days since last contact, counted when read', () => {
	it('counts the days against the customer’s or its tier’s cycle, on lists, single reads and GraphQL', async () => {
		const [late] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'A', owned_since: at(-20) });
		const [ownCycle] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'A', contact_cycle_days: 60, owned_since: at(-20) });
		const [fresh] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'B', owned_since: at(-2) });
		const [inPool] = await f.makeCustomers(1, { pool: pool.id, tier: 'C' });
		const list = await h.http(rep.token, 'GET', `/items/crm_customers?fields=id,name,days_since_contact&filter[id][_in]=${[late, ownCycle, fresh, inPool].join(',')}`);
		expect(list.status).toBe(200);
		const days = Object.fromEntries(list.body.data.map((r: any) => [r.id, r.days_since_contact]));
		expect(days[late!]).toMatch(/^(19|20)\/7$/);
		expect(days[ownCycle!]).toMatch(/^(19|20)\/60$/);
		expect(days[fresh!]).toMatch(/^[12]\/14$/);
		// a pool customer never contacted has no clock
		expect(days[inPool!]).toBeNull();

		// a follow-up restarts the count
		const logged = await h.http(rep.token, 'POST', '/items/crm_follow_ups', { customer: late, channel: 'phone', summary: 'Called about the spring order' });
		expect(logged.status).toBe(200);
		const one = await h.http(rep.token, 'GET', `/items/crm_customers/${late}?fields=days_since_contact`);
		expect(one.body.data.days_since_contact).toBe('0/7');

		const gql = await h.http(rep.token, 'POST', '/graphql', { query: `{ crm_customers(filter: { id: { _eq: ${ownCycle} } }) { id days_since_contact } }` });
		expect(gql.body.data.crm_customers[0].days_since_contact).toMatch(/\/60$/);
		// the column is the extension's: a write does not reach it
		await h.http(h.info.people.manager.token, 'PATCH', `/items/crm_customers/${fresh}`, { days_since_contact: '999/1' });
		expect((await h.http(rep.token, 'GET', `/items/crm_customers/${fresh}?fields=days_since_contact`)).body.data.days_since_contact).not.toBe('999/1');
	});
});

describe('the inquiry board: this month’s distribution, readable by the team', () => {
	it('shows who received which inquiry, by which rule and why, with each rep’s inquiry count', async () => {
		const team = await f.makeTeam();
		const [a, b] = (await f.makeReps(2, { team: team.id })) as [Rep, Rep];
		const [outsider] = (await f.makeReps(1, { team: (await f.makeTeam()).id })) as [Rep];
		const inquiries = await f.makePool({ members: [{ user: a.id }, { user: b.id }] });
		const today = new Date().toISOString().slice(0, 10);
		await h.manager.request(createItem('crm_performance', { rep: b.id, date: today, metric: 'inquiries', value: 9 } as any));
		const rule = (await h.manager.request(
			createItem('crm_assignment_rules', { name: `Inquiries ${f.tag}`, status: 'active', priority: 0, strategy: 'most_inquiries', match_sources: ['alibaba'], candidate_users: [a.id, b.id] } as any),
		)) as any;
		const [inquiry] = await f.makeCustomers(1, { source: 'alibaba', pool: inquiries.id, phone: '+86 138 0000 7777' });
		const assigned = await h.http(h.info.people.manager.token, 'POST', '/lead-pool/assign', { keys: [inquiry], rule: rule.id });
		expect(assigned.status).toBe(200);
		for (const reader of [a, b]) {
			const res = await h.http(reader.token, 'GET', '/lead-pool/reports/inquiry-board');
			expect(res.status).toBe(200);
			const row = res.body.data.rows.find((r: any) => r.customer === inquiry);
			expect(row).toMatchObject({ rep: b.id, rule: rule.id, rule_name: rule.name, source: 'alibaba' });
			// the reason as the audit's English text, and as phrases the dashboard words in the reader's language
			expect(row.why).toMatch(/^most inquiries this month \(\d+\)$/);
			expect(row.why_phrases).toEqual([{ code: 'most_inquiries', params: { count: expect.any(Number) } }]);
			expect(row.rep_inquiries).toBeGreaterThanOrEqual(9);
			expect(JSON.stringify(res.body)).not.toContain('7777');
		}
		// a rep of another team does not read this team's board
		const theirs = await h.http(outsider.token, 'GET', '/lead-pool/reports/inquiry-board');
		expect(theirs.status).toBe(200);
		expect(theirs.body.data.rows.map((r: any) => r.customer)).not.toContain(inquiry);
	});
});
