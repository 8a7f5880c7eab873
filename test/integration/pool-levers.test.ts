import { readItem, readItems, updateItem } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * The manager's levers on where customers go and when they fall due: release into another pool, moves between pools,
 * reclaim into another pool, won customers and the pool, reclaim days by tier, and escalation to the team manager.
 */
const f = fixtures();
const { h } = f;

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let rep: Rep;
let other: Rep;
let lead: Rep;
const DAY = 86_400_000;
const code = (res: { body: any }) => res.body?.errors?.[0]?.extensions?.code;
const customer = async (id: number) => (await h.admin.request(readItem('crm_customers', id, { fields: ['owner', 'pool', 'return_count'] }))) as any;
const events = async (id: number, action: string) =>
	(await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id }, action: { _eq: action } }, fields: ['pool', 'details', 'actor'] }))) as any[];
const details = (e: any) => (typeof e.details === 'string' ? JSON.parse(e.details) : e.details);
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

beforeAll(async () => {
	[rep, other, lead] = (await f.makeReps(3)) as [Rep, Rep, Rep];
});

describe('a rep releases into another pool of theirs, where the pool allows it', () => {
	it('goes to the pool chosen, with the pool it came from in its event', async () => {
		const home = await f.makePool({ members: [{ user: rep.id }] });
		const elsewhere = await f.makePool({ members: [{ user: rep.id }] });
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: home.id });
		const res = await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'better fit for export team', pool: elsewhere.id });
		expect(res.status).toBe(200);
		expect(await customer(id!)).toMatchObject({ owner: null, pool: elsewhere.id, return_count: 1 });
		const [released] = await events(id!, 'released');
		expect(released.pool).toBe(elsewhere.id);
		expect(details(released)).toMatchObject({ from_pool: home.id });
	});

	it('not into a pool they are not a member of, nor out of a pool that keeps its customers', async () => {
		const home = await f.makePool({ members: [{ user: rep.id }] });
		const theirs = await f.makePool({ members: [{ user: other.id }] });
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: home.id });
		const notMember = await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'x', pool: theirs.id });
		expect(notMember.status).toBe(403);
		expect(code(notMember)).toBe('LEAD_POOL_NOT_MEMBER');
		const keeping = await f.makePool({ members: [{ user: rep.id }], release_elsewhere: false });
		const [kept] = await f.makeCustomers(1, { owner: rep.id, pool: keeping.id });
		const refused = await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [kept], reason: 'x', pool: home.id });
		expect(refused.status).toBe(400);
		expect(await customer(kept!)).toMatchObject({ owner: rep.id, pool: keeping.id });
		// the form: owner cleared with a pool named
		await rep.client.request(updateItem('crm_customers', id!, { owner: null, release_reason: 'to my other pool', pool: keeping.id } as any));
		expect(await customer(id!)).toMatchObject({ owner: null, pool: keeping.id });
	});
});

describe('managers and pool admins move unowned customers between pools', () => {
	it('a manager moves the keys given, one moved event each; a rep may not', async () => {
		const from = await f.makePool({ members: [{ user: rep.id }] });
		const to = await f.makePool({ members: [{ user: rep.id }] });
		const ids = await f.makeCustomers(3, { pool: from.id });
		const byRep = await h.http(rep.token, 'POST', '/lead-pool/move', { keys: ids, to_pool: to.id, reason: 'tidy up' });
		expect(byRep.status).toBe(403);
		expect(code(byRep)).toBe('LEAD_POOL_MANAGERS_ONLY');
		const res = await h.http(h.info.people.manager.token, 'POST', '/lead-pool/move', { keys: ids, to_pool: to.id, reason: 'tidy up' });
		expect(res.status).toBe(200);
		expect(res.body.data.moved.sort()).toEqual([...ids].sort());
		for (const id of ids) {
			expect((await customer(id)).pool).toBe(to.id);
			const moved = await events(id, 'moved');
			expect(moved).toHaveLength(1);
			expect(details(moved[0])).toMatchObject({ from_pool: from.id, to_pool: to.id });
		}
	});

	it('a customer someone owns is not moved (all or nothing)', async () => {
		const from = await f.makePool({ members: [{ user: rep.id }] });
		const to = await f.makePool({ members: [{ user: rep.id }] });
		const [free] = await f.makeCustomers(1, { pool: from.id });
		const [owned] = await f.makeCustomers(1, { pool: from.id, owner: rep.id });
		const res = await h.http(h.info.people.manager.token, 'POST', '/lead-pool/move', { keys: [free, owned], to_pool: to.id, reason: 'x' });
		expect(res.status).toBe(409);
		expect(code(res)).toBe('LEAD_POOL_ALREADY_OWNED');
		expect((await customer(free!)).pool).toBe(from.id);
	});

	it('a pool admin moves a whole pool between pools they administer, and no further', async () => {
		const from = await f.makePool({ members: [{ user: rep.id }, { user: lead.id, role: 'admin' }] });
		const to = await f.makePool({ members: [{ user: rep.id }, { user: lead.id, role: 'admin' }] });
		const foreign = await f.makePool({ members: [{ user: rep.id }] });
		const ids = await f.makeCustomers(4, { pool: from.id });
		const [owned] = await f.makeCustomers(1, { pool: from.id, owner: rep.id });
		const refused = await h.http(lead.token, 'POST', '/lead-pool/move', { from_pool: from.id, to_pool: foreign.id, reason: 'x' });
		expect(code(refused)).toBe('LEAD_POOL_MANAGERS_ONLY');
		const res = await h.http(lead.token, 'POST', '/lead-pool/move', { from_pool: from.id, to_pool: to.id, reason: 'merge the trade-show pools' });
		expect(res.status).toBe(200);
		expect(res.body.data.moved.sort()).toEqual([...ids].sort());
		expect((await customer(owned!)).pool).toBe(from.id);
	});
});

describe('a pool sends its reclaimed customers elsewhere', () => {
	it('reclaim_to_pool: the customer lands there, the event says so', async () => {
		const to = await f.makePool({ members: [{ user: rep.id }] });
		const from = await f.makePool({ members: [{ user: rep.id }], reclaim_enabled: true, reclaim_no_contact_days: 5, reclaim_reminder_days: 0, reclaim_to_pool: to.id });
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: from.id, owned_since: ago(20) });
		expect((await h.http(f.adminToken, 'POST', '/lead-pool/reclaim/run', {})).status).toBe(200);
		expect(await customer(id!)).toMatchObject({ owner: null, pool: to.id, return_count: 1 });
		const [reclaimed] = await events(id!, 'reclaimed');
		expect(reclaimed.pool).toBe(to.id);
		expect(details(reclaimed)).toMatchObject({ from_pool: from.id });
	});
});

describe('won customers back in a pool', () => {
	it('reps claim them only where the pool sets claim_won; otherwise managers assign them', async () => {
		const closed = await f.makePool({ members: [{ user: rep.id }] });
		const [won] = await f.makeCustomers(1, { pool: closed.id, stage: 'customer' });
		const refused = await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: [won] });
		expect(refused.status).toBe(409);
		expect(code(refused)).toBe('LEAD_POOL_CLAIM_MODE');
		await h.manager.request(updateItem('crm_customers', won!, { owner: rep.id } as any));
		expect((await customer(won!)).owner).toBe(rep.id);
		const open = await f.makePool({ members: [{ user: rep.id }], claim_won: true });
		const [again] = await f.makeCustomers(1, { pool: open.id, stage: 'customer' });
		const claimed = await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: [again] });
		expect(claimed.body.data.claimed).toEqual([again]);
	});

	it('a rep at their prospect cap cannot claim one (it needs a free prospect place, and takes none)', async () => {
		const [capped] = (await f.makeReps(1, { profile: { max_prospects: 1 } })) as [Rep];
		const open = await f.makePool({ members: [{ user: capped.id }], claim_won: true });
		await f.makeCustomers(1, { owner: capped.id, pool: open.id, stage: 'prospect' });
		const [won] = await f.makeCustomers(1, { pool: open.id, stage: 'customer' });
		const res = await h.http(capped.token, 'POST', '/lead-pool/claim', { keys: [won] });
		expect(code(res)).toBe('LEAD_POOL_QUOTA_EXCEEDED');
	});
});

describe('reclaim days by tier, and escalation to the team manager', () => {
	it('an A customer falls due on the A days, a B customer on the pool’s; the due-soon report follows', async () => {
		const pool = await f.makePool({
			members: [{ user: rep.id }],
			reclaim_enabled: true,
			reclaim_no_contact_days: 30,
			reclaim_reminder_days: 0,
			reclaim_by_tier: [{ tier: 'A', no_contact_days: 5, not_converted_days: null }],
		});
		const [a, b] = await Promise.all([
			f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'A', owned_since: ago(10) }),
			f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'B', owned_since: ago(10) }),
		]);
		const [soonA, soonB] = await Promise.all([
			f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'A', owned_since: ago(2) }),
			f.makeCustomers(1, { owner: rep.id, pool: pool.id, tier: 'B', owned_since: ago(2) }),
		]);
		const report = await h.http(h.info.people.manager.token, 'GET', '/lead-pool/reports/due-soon?days=7');
		const listed = report.body.data.rows.map((r: any) => r.id);
		expect(listed).toContain(soonA![0]);
		expect(listed).not.toContain(soonB![0]);
		await h.http(f.adminToken, 'POST', '/lead-pool/reclaim/run', {});
		expect((await customer(a![0]!)).owner).toBeNull();
		expect((await customer(b![0]!)).owner).toBe(rep.id);
		const [event] = await events(a![0]!, 'reclaimed');
		expect(details(event)).toMatchObject({ rule: 'no_contact', days: 5, tier: 'A' });
	});

	it('a bad tier list is refused where it is stored', async () => {
		const res = await h.http(f.adminToken, 'POST', '/items/crm_pools', {
			name: `bad tiers ${f.tag}`,
			kind: 'company',
			status: 'active',
			claim_policy: 'open',
			reclaim_by_tier: [{ tier: 'Z', no_contact_days: 0 }],
		});
		expect(res.status).toBe(400);
	});

	it('escalation_days before the due date the owner’s team manager is told, one digest per run, once per due date', async () => {
		const team = await f.makeTeam();
		await h.admin.request(updateItem('crm_teams', team.id, { manager: lead.id } as any));
		const [member] = (await f.makeReps(1, { team: team.id })) as [Rep];
		const pool = await f.makePool({ members: [{ user: member.id }], reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 2, reclaim_escalation_days: 5 });
		await f.makeCustomers(2, { owner: member.id, pool: pool.id, owned_since: ago(7) });
		await f.makeCustomers(1, { owner: member.id, pool: pool.id, owned_since: ago(1) });
		await h.http(f.adminToken, 'POST', '/lead-pool/reclaim/run', {});
		let notes = (await h.http(f.adminToken, 'GET', `/notifications?filter[recipient][_eq]=${lead.id}&fields=subject,message`)).body.data;
		expect(notes).toHaveLength(1);
		expect(notes[0].subject).toContain('2 of your team');
		// in the manager's language only
		expect(`${notes[0].subject}${notes[0].message}`).not.toMatch(/[\u4e00-\u9fff]/);
		await h.http(f.adminToken, 'POST', '/lead-pool/reclaim/run', {});
		notes = (await h.http(f.adminToken, 'GET', `/notifications?filter[recipient][_eq]=${lead.id}&fields=subject,message`)).body.data;
		expect(notes).toHaveLength(1);
	});
});
