import { createFlow, createItem, createItems, createOperation, readItem, readItems, readNotifications, updateFlow, updateItem } from '@directus/sdk';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';
import { secondInstance } from '../harness/second-instance';

const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
/** Days as the company counts them (setup's time zone, Asia/Shanghai): performance entries are dated by them. */
const companyDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
const today = companyDay(new Date());
/** The last day of the previous month, in the company's calendar. */
const lastMonthsLastDay = (() => {
	const [y, m] = today.split('-').map(Number) as [number, number];
	return companyDay(new Date(Date.UTC(y, m - 1, 1, 4) - 86_400_000));
})();

async function assign(body: Record<string, unknown>, token = h.info.people.manager.token, url = h.url) {
	const res = await fetch(`${url}/lead-pool/assign`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
	return { status: res.status, body: (await res.json()) as any };
}
async function ownerOf(id: number) {
	return ((await h.admin.request(readItem('crm_customers', id))) as any).owner;
}
async function makeRule(data: Record<string, unknown>) {
	return (await h.manager.request(createItem('crm_assignment_rules', { name: `Rule ${f.tag} ${Math.random().toString(36).slice(2, 6)}`, status: 'active', priority: 0, ...data } as any))) as any;
}

let a: Rep, b: Rep, c: Rep;
let pool: { id: number };
beforeAll(async () => {
	[a, b, c] = (await f.makeReps(3)) as any;
	pool = await f.makePool({ claim_policy: 'assigned_only', members: [{ user: a.id }] });
});

describe('the seed material’s scenarios', () => {
	it('a returning trade-show contact goes to its old rep', async () => {
		const rule = await makeRule({ strategy: 'previous_owner_first', match_sources: ['trade_show'] });
		const name = `Harbor Trading ${f.tag} Co., Ltd.`;
		const [old] = await f.makeCustomers(1, { name, source: 'trade_show', pool: pool.id, owner: a.id });
		await h.manager.request(updateItem('crm_customers', old!, { owner: null, release_reason: 'left the company' }));
		const [card] = await f.makeCustomers(1, { name: `HARBOR TRADING ${f.tag} LTD`, source: 'trade_show', pool: pool.id, received_by: c.id });
		const [fresh] = await f.makeCustomers(1, { name: `Brand new ${f.tag}`, source: 'trade_show', pool: pool.id, received_by: c.id });
		const res = await assign({ keys: [card, fresh], rule: rule.id });
		expect(res.status).toBe(200);
		expect(await ownerOf(card!)).toBe(a.id);
		expect(await ownerOf(fresh!)).toBe(c.id);
		const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: card }, action: { _eq: 'assigned' } } }))) as any[];
		expect(events).toHaveLength(1);
		expect(events[0].details).toMatchObject({ strategy: 'previous_owner_first', rule: rule.id });
		expect(events[0].reason).toMatch(/previous owner/);
	});

	it('the month’s inquiry leader gets the account inquiry', async () => {
		await h.manager.request(createItems('crm_performance', [
			{ rep: a.id, date: today, metric: 'inquiries', value: 3 },
			{ rep: b.id, date: today, metric: 'inquiries', value: 9 },
			{ rep: c.id, date: today, metric: 'inquiries', value: 5 },
		] as any));
		const rule = await makeRule({ strategy: 'most_inquiries', match_sources: ['alibaba'], candidate_users: [a.id, b.id, c.id] });
		const [inquiry] = await f.makeCustomers(1, { source: 'alibaba', pool: pool.id });
		const res = await assign({ keys: [inquiry], rule: rule.id });
		expect(res.body.data.decisions[0]).toMatchObject({ to: b.id, scores: expect.any(Object) });
		expect(await ownerOf(inquiry!)).toBe(b.id);
	});

	it('"this month" is the company’s month: inquiries logged on the last day of last month do not count', async () => {
		const [x, y] = (await f.makeReps(2)) as any as Rep[];
		await h.manager.request(createItems('crm_performance', [
			{ rep: x!.id, date: lastMonthsLastDay, metric: 'inquiries', value: 50 },
			{ rep: y!.id, date: today, metric: 'inquiries', value: 2 },
		] as any));
		const rule = await makeRule({ strategy: 'most_inquiries', match_sources: ['alibaba'], candidate_users: [x!.id, y!.id] });
		const [inquiry] = await f.makeCustomers(1, { source: 'alibaba', pool: pool.id });
		const res = await assign({ keys: [inquiry], rule: rule.id });
		expect(res.body.data.decisions[0].to).toBe(y!.id);
		expect(await ownerOf(inquiry!)).toBe(y!.id);
		// the inquiry board counts the same: y's 2 logged this month (the customer was received by nobody)
		const board = await h.http(h.info.people.manager.token, 'GET', '/lead-pool/reports/inquiry-board');
		const row = board.body.data.rows.find((r: any) => r.customer === inquiry);
		expect(row).toMatchObject({ rep: y!.id, rep_inquiries: 2 });
	});

	it('the weekly top scorer gets website inquiries, and a paused rep is skipped with the reason', async () => {
		await h.manager.request(createItems('crm_performance', [
			{ rep: a.id, date: today, metric: 'sample_orders', value: 10 },
			{ rep: c.id, date: today, metric: 'sample_orders', value: 4 },
			{ rep: c.id, date: today, metric: 'meetings_hosted', value: 3 },
		] as any));
		const profile = ((await h.admin.request(readItems('crm_rep_profiles', { filter: { user: { _eq: a.id } } }))) as any[])[0];
		await h.manager.request(updateItem('crm_rep_profiles', profile.id, { availability: 'paused' }));
		const rule = await makeRule({ strategy: 'weighted_performance', match_sources: ['website'], candidate_users: [a.id, b.id, c.id], weight_inquiries: 1, weight_sample_orders: 3, weight_meetings_hosted: 2, weight_follow_ups: 0, weight_deals_won: 0, score_window: 'this_week', score_mode: 'winner' });
		const ids = await f.makeCustomers(2, { source: 'website', pool: pool.id });
		const plan = await assign({ keys: ids, rule: rule.id, dry_run: true });
		expect(plan.body.data.dry_run).toBe(true);
		// c: 5 inquiries + 3×4 + 2×3 = 23 beats b: 9
		expect(plan.body.data.decisions.map((d: any) => d.to)).toEqual([c.id, c.id]);
		expect(plan.body.data.decisions[0].skipped).toMatchObject({ [`Rep0 ${f.tag}`]: 'paused' });
		expect(await ownerOf(ids[0]!)).toBeNull();
		await assign({ keys: ids, rule: rule.id });
		expect([await ownerOf(ids[0]!), await ownerOf(ids[1]!)]).toEqual([c.id, c.id]);
		await h.manager.request(updateItem('crm_rep_profiles', profile.id, { availability: 'available' }));
	});
});

describe('round robin', () => {
	it('keeps its pointer between runs', async () => {
		const rule = await makeRule({ strategy: 'round_robin', candidate_users: [a.id, b.id, c.id] });
		const first = await f.makeCustomers(2, { pool: pool.id });
		const second = await f.makeCustomers(2, { pool: pool.id });
		await assign({ keys: first, rule: rule.id });
		await assign({ keys: second, rule: rule.id });
		const owners = await Promise.all([...first, ...second].map(ownerOf));
		const order = [a.id, b.id, c.id].sort();
		expect(owners).toEqual([order[0], order[1], order[2], order[0]]);
	});
});

describe('who may assign', () => {
	it('managers and admins only; a rep is refused', async () => {
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const r = await assign({ keys: [id] }, b.token);
		expect(r.status).toBe(403);
		expect(r.body.errors[0].extensions.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect((await assign({ keys: 'x' })).status).toBe(400);
	});
});

describe('the lead-pool-assign flow operation', () => {
	let flowId: string | undefined;
	afterAll(async () => {
		if (flowId) await h.admin.request(updateFlow(flowId, { status: 'inactive' } as any));
	});

	it('assigns new customers the moment they are created (event trigger)', async () => {
		const rule = await makeRule({ strategy: 'least_loaded', match_sources: ['referral'], match_pool: pool.id, candidate_users: [b.id] });
		const flow = (await h.admin.request(createFlow({ name: `Auto-assign ${f.tag}`, status: 'active', trigger: 'event', accountability: 'all', options: { type: 'action', scope: ['items.create'], collections: ['crm_customers'] } } as any))) as any;
		flowId = flow.id;
		const op = (await h.admin.request(createOperation({ flow: flow.id, name: 'Assign', key: 'assign', type: 'lead-pool-assign', position_x: 19, position_y: 1, options: { rule: rule.id, match_only: true } } as any))) as any;
		await h.admin.request(updateFlow(flow.id, { operation: op.id } as any));
		const [matching] = await f.makeCustomers(1, { source: 'referral', pool: pool.id });
		const [other] = await f.makeCustomers(1, { source: 'directory', pool: pool.id });
		await expect.poll(() => ownerOf(matching!), { timeout: 10_000 }).toBe(b.id);
		expect(await ownerOf(other!)).toBeNull();
	});

	it('assigns an import of many rows in one run: every row assigned, each rep told once, no run starved of the database', async () => {
		// two fresh reps, each with room for all their share under the default cap of new customers (50)
		const [d, e] = await f.makeReps(2);
		const rule = await makeRule({ strategy: 'round_robin', match_sources: ['website'], match_pool: pool.id, candidate_users: [d!.id, e!.id] });
		const flow = (await h.admin.request(createFlow({ name: `Auto-assign imports ${f.tag}`, status: 'active', trigger: 'event', accountability: 'all', options: { type: 'action', scope: ['items.create'], collections: ['crm_customers'] } } as any))) as any;
		const op = (await h.admin.request(createOperation({ flow: flow.id, name: 'Assign', key: 'assign', type: 'lead-pool-assign', position_x: 19, position_y: 1, options: { rule: rule.id, match_only: true } } as any))) as any;
		await h.admin.request(updateFlow(flow.id, { operation: op.id } as any));
		try {
			const since = new Date(Date.now() - 1000).toISOString();
			const mark = `Imported ${f.tag} ${Math.random().toString(36).slice(2, 6)}`;
			const rows = Array.from({ length: 96 }, (_, i) => `${mark} ${i},website,${pool.id}`);
			const form = new FormData();
			form.append('file', new Blob([`name,source,pool\n${rows.join('\n')}\n`], { type: 'text/csv' }), 'inquiries.csv');
			// a rep claims from another pool while the import and its flow runs are under way
			const open = await f.makePool({ members: [{ user: d!.id }] });
			const [claimable] = await f.makeCustomers(1, { pool: open.id });
			const importing = fetch(`${h.url}/utils/import/crm_customers`, { method: 'POST', headers: { Authorization: `Bearer ${h.info.people.manager.token}` }, body: form });
			await new Promise((r) => setTimeout(r, 300));
			const claim = await h.http(d!.token, 'POST', '/lead-pool/claim', { keys: [claimable] });
			const res = await importing;
			expect(res.ok, await res.text()).toBe(true);
			expect(claim.status).toBe(200);
			const imported = async () => (await h.admin.request(readItems('crm_customers', { filter: { name: { _starts_with: mark } }, fields: ['id', 'owner'], limit: -1 }))) as any[];
			await expect.poll(async () => (await imported()).filter((x) => x.owner).length, { timeout: 30_000, interval: 500 }).toBe(96);
			const owners = (await imported()).map((x) => x.owner);
			// round robin over two reps: shared evenly
			expect(owners.filter((o) => o === d!.id)).toHaveLength(48);
			expect(owners.filter((o) => o === e!.id)).toHaveLength(48);
			const ids = (await imported()).map((x) => x.id);
			const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _in: ids }, action: { _eq: 'assigned' } }, limit: -1 }))) as any[];
			expect(events).toHaveLength(96);
			// one notification per rep for the whole import (sent after the run commits)
			const notices = async (rep: Rep) =>
				(await h.admin.request(readNotifications({ filter: { recipient: { _eq: rep.id }, timestamp: { _gte: since }, subject: { _contains: 'assigned to you' } }, limit: -1 }))) as any[];
			await expect.poll(async () => (await notices(d!)).length, { timeout: 10_000 }).toBe(1);
			expect((await notices(e!)).length).toBe(1);
			expect((await notices(d!))[0].subject).toContain('48');
			expect(readFileSync(h.info.logFile, 'utf8')).not.toContain('Timeout acquiring a connection');
		} finally {
			await h.admin.request(updateFlow(flow.id, { status: 'inactive' } as any));
		}
	});
});

describe('two assignment runs at once (two Directus instances on PostgreSQL)', () => {
	let second: Awaited<ReturnType<typeof secondInstance>>;
	beforeAll(async () => {
		second = await secondInstance(h.info);
	});
	afterAll(async () => second?.stop());

	it('never assign a customer twice or overfill a rep', async () => {
		const reps = await f.makeReps(4, { profile: { max_new: 10 } });
		const racePool = await f.makePool({ claim_policy: 'assigned_only', members: [{ user: reps[0]!.id }] });
		const ids = await f.makeCustomers(60, { pool: racePool.id });
		const rr = await makeRule({ strategy: 'round_robin', candidate_users: reps.map((r) => r.id) });
		const ll = await makeRule({ strategy: 'least_loaded', candidate_users: reps.map((r) => r.id) });
		const results = await Promise.all([assign({ pool: racePool.id, rule: rr.id }), assign({ pool: racePool.id, rule: ll.id }, h.info.people.manager.token, second.url), assign({ keys: ids.slice(0, 30), rule: ll.id }, h.info.people.manager.token, second.url)]);
		for (const r of results) expect(r.status).toBe(200);
		const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _in: ids }, action: { _eq: 'assigned' } }, limit: -1 }))) as any[];
		const perCustomer = new Map<number, number>();
		for (const e of events) perCustomer.set(e.customer, (perCustomer.get(e.customer) ?? 0) + 1);
		expect([...perCustomer.values()].every((n) => n === 1)).toBe(true);
		const owned = (await h.admin.request(readItems('crm_customers', { filter: { id: { _in: ids }, owner: { _nnull: true } }, fields: ['owner'], limit: -1 }))) as any[];
		expect(owned).toHaveLength(40); // 4 reps × 10 places
		expect(events).toHaveLength(40);
		for (const rep of reps) expect(owned.filter((o) => o.owner === rep.id).length).toBeLessThanOrEqual(10);
	});
});
