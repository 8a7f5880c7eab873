import { createItem, updateItem } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activityByRepWeek, poolSize, timeToFirstClaim } from '../../extensions/lead-pool/src/data/reports';
import { compactRollups, rollupsKept } from '../../extensions/lead-pool/src/data/schema/rollups';
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';

/**
 * The activity, time-to-claim and pool-size reports read rollups where the database keeps them by trigger
 * (PostgreSQL: events per hour, stays in a pool with their first take, customers without an owner per pool and
 * source). Whatever happens — claims, releases, assignments, transfers, a reclaim run, a purge, reps racing, events
 * from weeks ago and from the part of the window before its first whole hour — the reports must say exactly what
 * counting the events and customers themselves says.
 */
const f = fixtures();
const { h } = f;
const DAY = 86_400_000;
const knex = connect(h.info.db);
afterAll(() => knex.destroy());

/** Directus's own timestamp format per database (epoch ms on SQLite). */
const ts = (d: Date) => (h.info.kind === 'sqlite' ? d.getTime() : d);
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let reps: Rep[];
let pool: { id: number; name: string };

const sorted = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).sort();

/** Both reports over several windows, from the rollups and from the events: the same rows. */
async function expectAgreement(now: Date) {
	for (const weeks of [1, 2, 10, 520]) {
		const fromRollups = await activityByRepWeek(knex, { weeks, now });
		const fromEvents = await activityByRepWeek(knex, { weeks, now, source: 'events' });
		expect(sorted(fromRollups.rows), `activity over ${weeks} weeks`).toEqual(sorted(fromEvents.rows));
	}
	expect(sorted((await poolSize(knex)).rows), 'pool size').toEqual(sorted((await poolSize(knex, { source: 'events' })).rows));
	for (const days of [1, 30, 3650]) {
		const fromRollups = await timeToFirstClaim(knex, { days, now });
		const fromEvents = await timeToFirstClaim(knex, { days, now, source: 'events' });
		expect(sorted(fromRollups.rows), `time to claim over ${days} days`).toEqual(sorted(fromEvents.rows));
	}
}

/** The reps' own rows of the activity report over `weeks`, summed per kind. */
async function activityOf(rep: Rep, now: Date, weeks = 520) {
	const rows = (await activityByRepWeek(knex, { weeks, now, rep: rep.id })).rows;
	const sum = (k: string) => rows.reduce((s, r) => s + Number(r[k]), 0);
	return { claims: sum('claims'), releases: sum('releases'), reclaims: sum('reclaims'), assignments: sum('assignments') };
}

beforeAll(async () => {
	reps = (await f.makeReps(4)) as any;
	pool = await f.makePool({ name: `Rollup pool ${f.tag}`, reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 0, members: reps.map((r) => ({ user: r.id })) });
});

describe('the reports’ rollups of the audit trail', () => {
	it('are kept where the database can keep them by trigger (PostgreSQL), and the reports read the events elsewhere', async () => {
		expect(await rollupsKept(knex)).toBe(h.info.kind === 'postgres');
	});

	it('are not readable by a rep or a manager, through REST or GraphQL', async () => {
		for (const token of [reps[0]!.token, h.info.people.manager.token]) {
			for (const table of ['crm_event_hours', 'crm_pool_stays', 'crm_pool_counts']) {
				expect((await h.http(token, 'GET', `/items/${table}?limit=1`)).status, table).toBe(403);
				const gql = await h.http(token, 'POST', '/graphql', { query: `{ ${table} { id } }` });
				expect(gql.body?.data?.[table], table).toBeUndefined();
				expect(gql.body?.errors?.length, table).toBeGreaterThan(0);
			}
		}
	});

	it('agree with the events after claims, a release, an assignment, a transfer, a reclaim run and a purge', async () => {
		const [a, b] = reps as [Rep, Rep];
		const ids = await f.makeCustomers(8, { pool: pool.id });
		for (const id of ids.slice(0, 4)) await a.client.request(updateItem('crm_customers', id, { owner: a.id }));
		expect((await h.http(a.token, 'POST', '/lead-pool/release', { keys: [ids[0]], reason: 'not a fit' })).status).toBe(200);
		// claimed again after its release: its second stay in the pool ends with a take of its own
		await b.client.request(updateItem('crm_customers', ids[0]!, { owner: b.id }));
		const rule = (await h.manager.request(createItem('crm_assignment_rules', { name: `Rollup rule ${f.tag}`, status: 'active', priority: 0, strategy: 'round_robin', candidate_users: [a.id, b.id] } as any))) as any;
		expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/assign', { keys: ids.slice(4, 6), rule: rule.id })).status).toBe(200);
		expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/transfer', { keys: [ids[1]], to: b.id, reason: 'covering' })).status).toBe(200);
		await knex('crm_customers').whereIn('id', ids.slice(2, 4)).update({ owned_since: ts(new Date(Date.now() - 20 * DAY)), last_contact_at: null });
		expect((await h.http(h.info.adminToken, 'POST', '/lead-pool/reclaim/run', {})).status).toBe(200);
		// a waiting customer moves to another pool: it leaves one pool's count and joins the other's
		const other = await f.makePool({ name: `Rollup other pool ${f.tag}`, members: [{ user: a.id }] });
		expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/move', { keys: [ids[6]], to_pool: other.id, reason: 'tidy up' })).status).toBe(200);
		const purge = await h.http(h.info.adminToken, 'POST', '/lead-pool/purge', { keys: [ids[7]], reason: 'rollup test' });
		expect(purge.body.data.purged).toEqual([ids[7]]);

		const now = new Date();
		await expectAgreement(now);
		// and they count what happened: a claimed 4, released 1, lost 2 to the reclaim; b claimed 1, got a transfer
		expect(await activityOf(a, now)).toMatchObject({ claims: 4, releases: 1, reclaims: 2 });
		expect((await activityOf(b, now)).claims).toBe(1);
		expect((await activityOf(a, now)).assignments + (await activityOf(b, now)).assignments).toBe(3);
		const mine = (await timeToFirstClaim(knex, { days: 1, now })).rows.find((r) => r['pool'] === pool.id)!;
		// arrivals: 7 created in the pool (the purged one is gone with its events' link), 1 release, 2 reclaims
		expect(mine).toMatchObject({ arrived: 10, taken: 7 });
		// waiting: the two reclaimed; the moved one waits in the other pool
		const waiting = (await poolSize(knex)).rows;
		expect(waiting.filter((r) => r['pool'] === pool.id).reduce((s, r) => s + Number(r['customers']), 0)).toBe(2);
		expect(waiting.filter((r) => r['pool'] === other.id).reduce((s, r) => s + Number(r['customers']), 0)).toBe(1);
	});

	it('agree with events from weeks ago, inside and outside the window’s first part hour', async () => {
		const [, , c] = reps as [Rep, Rep, Rep];
		const ids = await f.makeCustomers(3, { pool: pool.id });
		// a window that begins mid-hour: 2 weeks before 10:37:12 today
		const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 23 * 60_000 + 12_000);
		const from = new Date(now.getTime() - 14 * DAY);
		const event = (customer: number, action: string, at: Date, owner: { to?: string; from?: string }) => ({
			customer, action, pool: pool.id, to_owner: owner.to ?? null, from_owner: owner.from ?? null, actor: owner.to ?? owner.from ?? null, reason: 'rollup test', date_created: ts(at),
		});
		await knex('crm_events').insert([
			// before the window, in its first part hour, and weeks later
			event(ids[0]!, 'released', new Date(from.getTime() - 60_000), { from: c.id }),
			event(ids[0]!, 'claimed', new Date(from.getTime() + 60_000), { to: c.id }),
			event(ids[1]!, 'reclaimed', new Date(from.getTime() + 5 * DAY), { from: c.id }),
			event(ids[1]!, 'claimed', new Date(from.getTime() + 7 * DAY + 3_600_000), { to: c.id }),
			event(ids[2]!, 'deleted_to_pool', new Date(now.getTime() - 60_000), { from: c.id }),
		]);
		await expectAgreement(now);
		expect(await activityOf(c, now, 2)).toEqual({ claims: 2, releases: 1, reclaims: 1, assignments: 0 });
		expect(await activityOf(c, now, 3)).toEqual({ claims: 2, releases: 2, reclaims: 1, assignments: 0 });
		// in a zone half an hour off UTC the weeks are counted from the events, and agree all the same
		const settings = await knex('crm_settings').first('id', 'timezone');
		await knex('crm_settings').where('id', settings.id).update({ timezone: 'Asia/Kolkata' });
		try {
			await expectAgreement(now);
		} finally {
			await knex('crm_settings').where('id', settings.id).update({ timezone: settings.timezone });
		}
	});

	it('agree after reps race for the pool while a reclaim run and an assignment run go on', async () => {
		const ids = await f.makeCustomers(24, { pool: pool.id });
		const owned = await f.makeCustomers(6, { pool: pool.id, owner: reps[3]!.id });
		await knex('crm_customers').whereIn('id', owned).update({ owned_since: ts(new Date(Date.now() - 20 * DAY)), last_contact_at: null });
		const rule = (await h.manager.request(createItem('crm_assignment_rules', { name: `Rollup race rule ${f.tag}`, status: 'active', priority: 0, strategy: 'least_loaded', candidate_users: reps.map((r) => r.id) } as any))) as any;
		// every rep tries every one of the first 16; the manager assigns the last 8 at the same time
		await Promise.all([
			...reps.flatMap((rep) => ids.slice(0, 16).map((id) => rep.client.request(updateItem('crm_customers', id, { owner: rep.id })).catch(() => null))),
			h.http(h.info.adminToken, 'POST', '/lead-pool/reclaim/run', {}),
			h.http(h.info.people.manager.token, 'POST', '/lead-pool/assign', { keys: ids.slice(16), rule: rule.id }),
		]);
		await expectAgreement(new Date());
		const claimedNow = await knex('crm_events').whereIn('customer', ids.slice(0, 16)).whereIn('action', ['claimed']).count({ n: '*' });
		expect(Number(claimedNow[0]!.n)).toBeGreaterThan(0);
	});

	it('agree after the hourly rows are merged, twice at once while reps claim', async () => {
		const ids = await f.makeCustomers(12, { pool: pool.id });
		const merging = Promise.all([compactRollups(knex), compactRollups(knex)]);
		await Promise.all(reps.map((rep, i) => Promise.all(ids.slice(i * 3, i * 3 + 3).map((id) => rep.client.request(updateItem('crm_customers', id, { owner: rep.id })).catch(() => null)))));
		const merged = await merging;
		await expectAgreement(new Date());
		if (h.info.kind !== 'postgres') return expect(merged).toEqual([0, 0]);
		// the writes above appended rows of their own; one more merge leaves one row per key
		expect(merged[0]! + merged[1]!).toBeGreaterThan(0);
		await compactRollups(knex);
		const repeated = await knex('crm_event_hours').select('hour', 'action', 'from_owner', 'to_owner').groupBy('hour', 'action', 'from_owner', 'to_owner').havingRaw('count(*) > 1');
		expect(repeated).toEqual([]);
		await expectAgreement(new Date());
	});
});
