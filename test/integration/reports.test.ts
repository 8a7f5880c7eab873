import { aggregate, createItem, readItems, updateItem } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * The dashboard's reports agree with the audit trail: every figure is compared with a count of crm_events (or of
 * customers) read through the plain items API, after real claims, a release, an assignment run and a transfer.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

let a: Rep;
let b: Rep;
let pool: { id: number; name: string };
let rule: { id: number };
let claimed: number[];
let assignedKeys: number[];

async function report(token: string, name: string, query = '') {
	return h.http(token, 'GET', `/lead-pool/reports/${name}${query}`);
}
const manager = () => h.info.people.manager.token;

async function countEvents(filter: Record<string, unknown>) {
	const rows = (await h.admin.request(aggregate('crm_events', { aggregate: { count: '*' }, query: { filter } as any }))) as any[];
	return Number(rows[0]?.count ?? 0);
}

beforeAll(async () => {
	[a, b] = (await f.makeReps(2)) as any;
	pool = await f.makePool({ name: `Report pool ${f.tag}`, reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 0, members: [{ user: a.id }, { user: b.id }] });
	const manual = await f.makeCustomers(3, { pool: pool.id, source: 'manual' });
	const web = await f.makeCustomers(2, { pool: pool.id, source: 'website' });
	claimed = manual.slice(0, 2);
	for (const id of claimed) await a.client.request(updateItem('crm_customers', id, { owner: a.id }));
	expect((await h.http(a.token, 'POST', '/lead-pool/release', { keys: [claimed[1]], reason: 'not a fit' })).status).toBe(200);
	rule = (await h.manager.request(createItem('crm_assignment_rules', { name: `Report rule ${f.tag}`, status: 'active', priority: 0, strategy: 'round_robin', candidate_users: [a.id, b.id] } as any))) as any;
	assignedKeys = [...web, manual[2]!];
	expect((await h.http(manager(), 'POST', '/lead-pool/assign', { keys: assignedKeys, rule: rule.id })).status).toBe(200);
	expect((await h.http(manager(), 'POST', '/lead-pool/transfer', { keys: [claimed[0]], to: b.id, reason: 'covering' })).status).toBe(200);
});

describe('pool reports agree with the audit trail', () => {
	it('pool size by pool and source counts the customers waiting in the pool', async () => {
		const res = await report(manager(), 'pool-size');
		expect(res.status).toBe(200);
		const mine = res.body.data.rows.filter((r: any) => r.pool === pool.id);
		const waiting = (await h.admin.request(aggregate('crm_customers', { aggregate: { count: '*' }, groupBy: ['source'], query: { filter: { pool: { _eq: pool.id }, owner: { _null: true } } } as any }))) as any[];
		expect(Object.fromEntries(mine.map((r: any) => [r.source, r.customers]))).toEqual(Object.fromEntries(waiting.map((w) => [w.source, Number(w.count)])));
		expect(mine[0].pool_name).toBe(pool.name);
	});

	it('claims, releases, reclaims and assignments per rep per week match the events', async () => {
		const res = await report(manager(), 'activity', '?weeks=2');
		expect(res.status).toBe(200);
		for (const rep of [a, b]) {
			const rows = res.body.data.rows.filter((r: any) => r.rep === rep.id);
			const sum = (k: string) => rows.reduce((s: number, r: any) => s + r[k], 0);
			expect(sum('claims')).toBe(await countEvents({ to_owner: { _eq: rep.id }, action: { _in: ['claimed', 'claimed_by_follow_up', 'request_approved'] } }));
			expect(sum('releases')).toBe(await countEvents({ from_owner: { _eq: rep.id }, action: { _in: ['released', 'deleted_to_pool'] } }));
			expect(sum('reclaims')).toBe(await countEvents({ from_owner: { _eq: rep.id }, action: { _eq: 'reclaimed' } }));
			expect(sum('assignments')).toBe(await countEvents({ to_owner: { _eq: rep.id }, action: { _in: ['assigned', 'transferred'] } }));
		}
		const rowA = res.body.data.rows.find((r: any) => r.rep === a.id);
		expect(rowA).toMatchObject({ claims: 2, releases: 1 });
		expect(rowA.week).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(new Date(`${rowA.week}T12:00:00Z`).getUTCDay()).toBe(1); // weeks start on Monday
	});

	it('owned new customers and prospects against caps match the customers', async () => {
		const res = await report(manager(), 'caps');
		for (const rep of [a, b]) {
			const row = res.body.data.rows.find((r: any) => r.rep === rep.id);
			const owned = (await h.admin.request(readItems('crm_customers', { filter: { owner: { _eq: rep.id }, stage: { _eq: 'new' } }, fields: ['id'], limit: -1 }))) as any[];
			expect(row.new).toBe(owned.length);
			expect(row.cap_new).toBe(50);
		}
	});

	it('falling due: the claimed customer is due ten days after its claim, and within 7 days it is not', async () => {
		const owner = (await h.admin.request(readItems('crm_customers', { filter: { id: { _eq: claimed[0] } }, fields: ['owner', 'owned_since'] }))) as any[];
		const soon = await report(manager(), 'due-soon', '?days=7');
		expect(soon.body.data.rows.some((r: any) => r.id === claimed[0])).toBe(false);
		const later = await report(manager(), 'due-soon', '?days=11');
		const row = later.body.data.rows.find((r: any) => r.id === claimed[0]);
		expect(row).toMatchObject({ owner: owner[0].owner, pool: pool.id, rule: 'no_contact' });
		expect(new Date(row.due_at).getTime()).toBe(new Date(owner[0].owned_since).getTime() + 10 * 86_400_000);
		expect([9, 10]).toContain(row.days_left);
	});

	it('assignment shares: round robin splits the rule’s customers evenly, as the events say', async () => {
		const res = await report(manager(), 'assignment-shares');
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const rows = res.body.data.rows.filter((r: any) => r.rule === rule.id);
		const total = rows.reduce((s: number, r: any) => s + r.assigned, 0);
		expect(total).toBe(await countEvents({ customer: { _in: assignedKeys }, action: { _eq: 'assigned' } }));
		expect(total).toBe(3);
		for (const r of rows) {
			expect(r.assigned).toBe(await countEvents({ customer: { _in: assignedKeys }, action: { _eq: 'assigned' }, to_owner: { _eq: r.rep } }));
			expect(r.target_share).toBe(0.5);
		}
	});

	it('days to first claim: arrivals and claims per pool match the events', async () => {
		const res = await report(manager(), 'time-to-claim');
		const row = res.body.data.rows.find((r: any) => r.pool === pool.id);
		expect(row.arrived).toBe(await countEvents({ pool: { _eq: pool.id }, action: { _in: ['created_in_pool', 'over_cap_to_pool', 'released', 'deleted_to_pool', 'reclaimed'] } }));
		// every customer that arrived was created here; 2 were claimed and 3 assigned; the released one came back
		expect(row.arrived).toBe(6);
		expect(row.taken).toBe(5);
		expect(row.avg_days).toBeGreaterThanOrEqual(0);
		expect(row.avg_days).toBeLessThan(0.1);
	});

	it('a rep sees only their own rows, and the managers’ reports are refused with a clear message', async () => {
		const caps = await report(a.token, 'caps');
		expect(caps.body.data.rows.map((r: any) => r.rep)).toEqual([a.id]);
		const activity = await report(b.token, 'activity');
		expect(new Set(activity.body.data.rows.map((r: any) => r.rep))).toEqual(new Set([b.id]));
		const refused = await report(a.token, 'pool-size');
		expect(refused.status).toBe(403);
		expect(refused.body.errors[0].message).toContain('for sales managers and admins only');
		expect((await report(a.token, 'nonsense')).status).toBe(400);
	});
});
