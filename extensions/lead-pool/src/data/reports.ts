import type { Knex } from 'knex';
import { REPORT_COLUMNS, type Label } from '../core/labels';
import { EVENT, POOL_ARRIVALS, REP_ACTIVITY, TAKEN_FROM_POOL } from '../core/events';
import { effectiveQuota } from '../core/quota';
import { contactClock } from '../core/contact-cycle';
import { dueDate } from '../core/reclaim';
import { DAY_MS, HOUR_MS, startOfDayInZone, startOfMonthInZone, wholeHourOffsets } from '../core/time';
import { inquiriesByRep } from './assignment';
import { dialect, type Db } from './dialects';
import { holdingsByOwner } from './holdings';
import { activeRepCaps, userNames } from './people';
import { poolNames } from './pools';
import { dueCondition, reclaimPools } from './reclaim';
import { rollupsKept } from './schema/rollups';
import { loadSettings } from './settings';
import { readInt, readJson, readTs } from './values';

/**
 * Pool reports, each one grouped query over the customers or the audit trail (crm_events), so the numbers agree
 * with the events by construction. Every report answers `{ columns, rows }` for the dashboard's report panel.
 */
export interface Column {
	key: string;
	/** the heading in each language (core/labels.ts) */
	label: Label;
}
const column = (key: keyof typeof REPORT_COLUMNS): Column => ({ key, label: REPORT_COLUMNS[key] });
export interface Report {
	columns: Column[];
	rows: Record<string, unknown>[];
}

/** A pool's name for a report row: '—' for none, '#id' for a pool that is gone. */
function poolLabel(names: Map<number, string>, pool: unknown): string {
	return pool === null || pool === undefined ? '—' : (names.get(Number(pool)) ?? `#${pool}`);
}

/** A report's reads, as the database runs analytic queries best (see Dialect.analytic). */
export function reportReads<T>(db: Db, run: (db: Db) => Promise<T>): Promise<T> {
	return dialect(db).analytic(run);
}

/**
 * Where a report counts from: the events and customers themselves, or (the default) the rollups where the database keeps
 * them (data/schema/rollups.ts). Asking for the rows themselves is how the rollups are checked against them.
 */
export type EventSource = 'rollups' | 'events';

/** Whether a report reads the rollups: kept by this database, and not asked to count the rows themselves. */
async function fromRollups(db: Db, source: EventSource | undefined): Promise<boolean> {
	return source !== 'events' && (await rollupsKept(db));
}

/** Customers waiting in each pool (no owner), by source. */
export async function poolSize(db: Db, opts: { source?: EventSource } = {}): Promise<Report> {
	const counts = (await fromRollups(db, opts.source))
		? db('crm_pool_counts').select('pool', 'source').sum({ n: 'n' }).havingRaw('sum(n) <> 0')
			: db('crm_customers').select('pool', 'source').count({ n: '*' }).whereNull('owner');
	const [rows, names] = await Promise.all([
		counts.groupBy('pool', 'source').orderBy([{ column: 'pool' }, { column: 'source' }]),
		poolNames(db),
	]);
	return {
		columns: [
			column('pool_name'),
			column('source'),
			column('customers'),
		],
		rows: (rows as any[]).map((r) => ({
			pool: r.pool === null ? null : Number(r.pool),
			pool_name: poolLabel(names, r.pool),
			source: r.source ?? '—',
			customers: Number(r.n),
		})),
	};
}

/** Claims, releases, reclaims and assignments per rep per week (weeks start on Monday, in the settings' zone). */
export async function activityByRepWeek(db: Db, opts: { weeks: number; now: Date; rep?: string; source?: EventSource }): Promise<Report> {
	const settings = await loadSettings(db);
	const from = new Date(opts.now.getTime() - opts.weeks * 7 * DAY_MS);
	const d = dialect(db);
	const kinds = Object.entries(REP_ACTIVITY);
	const actionBindings = kinds.flatMap(([, def]) => def.actions);
	// hourly counts group into the zone's weeks exactly when its offset is whole hours; the part of the window
	// before its first whole hour is counted from the events
	const firstHour = new Date(Math.ceil(from.getTime() / HOUR_MS) * HOUR_MS);
	const hourly = (await fromRollups(db, opts.source)) && wholeHourOffsets(settings.timezone, from, opts.now);
	const events = (since: Date, until: Date | null) =>
		db('crm_events')
			// the rollup's columns, in its order (a UNION matches them by position); its owners are text, PostgreSQL's uuid
			.select(db.raw('date_created AS at'), 'action', db.raw('1 AS n'))
			.select(hourly ? [db.raw('CAST(from_owner AS text) AS from_owner'), db.raw('CAST(to_owner AS text) AS to_owner')] : ['from_owner', 'to_owner'])
			.where('date_created', '>=', d.writeTs(since) as any)
			.modify((q) => (until ? q.where('date_created', '<', d.writeTs(until) as any) : q))
			.whereIn('action', actionBindings);
	const source = hourly
		? db('crm_event_hours')
				.select(db.raw('hour AS at'), 'action', 'n')
				.select(db.raw(`NULLIF(from_owner, '') AS from_owner`), db.raw(`NULLIF(to_owner, '') AS to_owner`))
				.where('hour', '>=', d.writeTs(firstHour) as any)
				.whereIn('action', actionBindings)
				.unionAll(events(from, firstHour), true)
		: events(from, null);
	const weekOf = d.weekOf('at', settings.timezone, opts.now);
	const week = db.raw(weekOf.sql, weekOf.bindings as any[]);
	const inList = (actions: readonly string[]) => `action IN (${actions.map(() => '?').join(', ')})`;
	const kindCase = kinds.map(([kind, def]) => `WHEN ${inList(def.actions)} THEN '${kind}'`).join(' ');
	const repCase = kinds.map(([, def]) => `WHEN ${inList(def.actions)} THEN ${def.rep}`).join(' ');
	const inner = db
		.from(source.as('s'))
		.select({ week }, db.raw(`CASE ${kindCase} END AS kind`, actionBindings), db.raw(`CASE ${repCase} END AS rep`, actionBindings), 'n');
	const rows = (await db
		.from(inner.as('e'))
		.select('week', 'kind', 'rep')
		.sum({ n: 'n' })
		.whereNotNull('rep')
		.modify((q) => (opts.rep ? q.where('rep', opts.rep) : q))
		.groupBy('week', 'kind', 'rep')
		.havingRaw('sum(n) > 0')) as any[];
	const byKey = new Map<string, Record<string, unknown>>();
	const zeroes = Object.fromEntries(kinds.map(([kind]) => [kind, 0]));
	for (const r of rows) {
		const key = `${r.week}|${r.rep}`;
		const row: Record<string, unknown> = byKey.get(key) ?? { week: r.week, rep: r.rep, ...zeroes };
		row[r.kind] = Number(r.n);
		byKey.set(key, row);
	}
	const names = await userNames(db, [...byKey.values()].map((r) => r['rep'] as string));
	const out: Record<string, unknown>[] = [...byKey.values()].map((r) => ({ ...r, rep_name: names.get(r['rep'] as string) ?? r['rep'] }));
	const byWeekThenName = (a: Record<string, unknown>, b: Record<string, unknown>) =>
		String(b['week']).localeCompare(String(a['week'])) || String(a['rep_name']).localeCompare(String(b['rep_name']));
	out.sort(byWeekThenName);
	return {
		columns: [
			column('week'),
			column('rep_name'),
			column('claims'),
			column('releases'),
			column('reclaims'),
			column('assignments'),
		],
		rows: out,
	};
}

/** Each rep's owned new customers and prospects against their caps (profile override, else the settings). */
export async function capsReport(db: Db, opts: { rep?: string } = {}): Promise<Report> {
	const settings = await loadSettings(db);
	const [held, profiles] = await Promise.all([holdingsByOwner(db, opts.rep ? [opts.rep] : undefined), activeRepCaps(db, opts.rep)]);
	type Row = { rep: string; new: number; prospect: number; cap_new: number | null; cap_prospect: number | null };
	const rows = new Map<string, Row>();
	const row = (rep: string, profile: Parameters<typeof effectiveQuota>[1]): Row => {
		const quota = effectiveQuota(settings, profile);
		return { rep, new: 0, prospect: 0, cap_new: quota.maxNew, cap_prospect: quota.maxProspects };
	};
	for (const p of profiles) rows.set(p.user, row(p.user, p));
	for (const [owner, holdings] of held) rows.set(owner, { ...(rows.get(owner) ?? row(owner, null)), ...holdings });
	const names = await userNames(db, [...rows.keys()]);
	const out = [...rows.values()].map((r) => ({
		...r,
		rep_name: names.get(r.rep) ?? r.rep,
		new_of_cap: `${r.new} / ${r.cap_new ?? '∞'}`,
		prospect_of_cap: `${r.prospect} / ${r.cap_prospect ?? '∞'}`,
	}));
	out.sort((a, b) => a.rep_name.localeCompare(b.rep_name));
	return {
		columns: [
			column('rep_name'),
			column('new_of_cap'),
			column('prospect_of_cap'),
		],
		rows: out,
	};
}

/** Owned customers that fall due for reclaim within `days` (and those already due, not yet reclaimed), soonest first. */
export async function dueSoon(db: Db, opts: { days: number; now: Date; rep?: string; limit?: number }): Promise<Report> {
	const horizon = new Date(opts.now.getTime() + opts.days * DAY_MS);
	const pools = await reclaimPools(db);
	const out: Record<string, unknown>[] = [];
	for (const pool of pools) {
		const cond = dueCondition(db, pool, horizon);
		const rows = (await db('crm_customers')
			.select('id', 'name', 'owner', 'last_contact_at', 'owned_since', 'date_created')
			.whereRaw(cond.sql, cond.bindings as any[])
			.modify((q) => (opts.rep ? q.where('owner', opts.rep) : q))
			.orderBy('id')
			.limit(opts.limit ?? 500)) as any[];
		for (const r of rows) {
			const facts = { lastContactAt: readTs(r.last_contact_at), ownedSince: readTs(r.owned_since) ?? readTs(r.date_created)! };
			const due = dueDate(facts, pool.rules);
			if (!due) continue;
			out.push({
				id: Number(r.id),
				name: r.name,
				owner: r.owner,
				pool: pool.id,
				pool_name: pool.name,
				due_at: due.due.toISOString(),
				rule: due.rule,
				days_left: Math.floor((due.due.getTime() - opts.now.getTime()) / DAY_MS),
			});
		}
	}
	const names = await userNames(db, out.map((r) => r['owner'] as string));
	for (const r of out) r['owner_name'] = names.get(r['owner'] as string) ?? r['owner'];
	out.sort((a, b) => String(a['due_at']).localeCompare(String(b['due_at'])));
	return {
		columns: [
			column('name'),
			column('owner_name'),
			column('pool_name'),
			column('due_at'),
			column('days_left'),
		],
		rows: out.slice(0, opts.limit ?? 500),
	};
}

/**
 * Per assignment rule: each rep's share of the customers it assigned in the window, against the rule's target share
 * (weighted, proportional: the rep's score share in the rule's latest decision; round robin and least loaded: an
 * equal share of the reps it scored or assigned to; other strategies have no target share).
 */
export async function assignmentShares(db: Db, opts: { days: number; now: Date }): Promise<Report> {
	const from = new Date(opts.now.getTime() - opts.days * DAY_MS);
	const d = dialect(db);
	const ruleExpr = d.jsonText('details', 'rule');
	const counts = (await db('crm_events')
		.select(db.raw(`${ruleExpr} AS rule`), 'to_owner')
		.count({ n: '*' })
		.where('action', EVENT.assigned)
		.where('date_created', '>=', d.writeTs(from) as any)
		.whereNotNull('to_owner')
		.groupByRaw(`${ruleExpr}, to_owner`)) as any[];
	const ruleRows = await db('crm_assignment_rules').select('id', 'name', 'strategy', 'score_mode');
	const rules = new Map(ruleRows.map((r: any) => [String(r.id), r]));
	const byRule = new Map<string, { rep: string; n: number }[]>();
	for (const c of counts) {
		if (c.rule === null || c.rule === undefined) continue;
		const list = byRule.get(String(c.rule)) ?? [];
		list.push({ rep: c.to_owner, n: Number(c.n) });
		byRule.set(String(c.rule), list);
	}
	// the rule's decisions name candidates by display name (readable in the audit trail); reps are matched by it
	const names = await userNames(db, counts.map((c) => c.to_owner as string));
	const out: Record<string, unknown>[] = [];
	for (const [ruleId, list] of byRule) {
		const rule = rules.get(ruleId);
		const total = list.reduce((s, x) => s + x.n, 0);
		let target: Map<string, number> | null = null;
		if (rule && (rule.strategy === 'weighted_performance' || rule.strategy === 'round_robin' || rule.strategy === 'least_loaded')) {
			const latest = await db('crm_events')
				.first('details')
				.where('action', EVENT.assigned)
				.whereRaw(`${ruleExpr} = ?`, [ruleId])
				.orderBy('id', 'desc');
			const details = typeof latest?.details === 'string' ? JSON.parse(latest.details) : (latest?.details ?? {});
			const scores: Record<string, number> = details?.scores ?? {};
			if (rule.strategy === 'weighted_performance' && rule.score_mode === 'proportional' && Object.keys(scores).length > 0) {
				const sum = Object.values(scores).reduce((s, x) => s + Math.max(0, Number(x)), 0);
				if (sum > 0) target = new Map(Object.entries(scores).map(([name, score]) => [name, Math.max(0, Number(score)) / sum]));
			} else if (rule.strategy !== 'weighted_performance') {
				const everyone = new Set([...Object.keys(scores), ...list.map((x) => names.get(x.rep) ?? x.rep)]);
				target = new Map([...everyone].map((name) => [name, 1 / everyone.size]));
			}
		}
		const ruleName = rule?.name ?? `#${ruleId}`;
		for (const x of list) {
			const repName = names.get(x.rep) ?? x.rep;
			const targetShare = target ? round(target.get(repName) ?? 0) : null;
			const share = round(x.n / total);
			out.push({ rule: Number(ruleId), rule_name: ruleName, rep: x.rep, rep_name: repName, assigned: x.n, share, target_share: targetShare });
		}
		if (target) {
			const present = new Set(list.map((x) => names.get(x.rep) ?? x.rep));
			for (const [name, share] of target) {
				if (present.has(name)) continue;
				out.push({ rule: Number(ruleId), rule_name: ruleName, rep: null, rep_name: name, assigned: 0, share: 0, target_share: round(share) });
			}
		}
	}
	out.sort((a, b) => String(a['rule_name']).localeCompare(String(b['rule_name'])) || Number(b['assigned']) - Number(a['assigned']));
	return {
		columns: [
			column('rule_name'),
			column('rep_name'),
			column('assigned'),
			column('share'),
			column('target_share'),
		],
		rows: out,
	};
}

function round(n: number) {
	return Math.round(n * 1000) / 1000;
}

/** Per pool: customers that arrived in the window, how many were taken (claimed or assigned), and the days it took. */
export async function timeToFirstClaim(db: Db, opts: { days: number; now: Date; source?: EventSource }): Promise<Report> {
	const from = new Date(opts.now.getTime() - opts.days * DAY_MS);
	const d = dialect(db);
	let stays: Knex.Sql;
	// the looked-up takes are computed once however often the aggregates read them; the stays' are columns, read
	// straight (materialising 1.75M stays at 10M customers wrote them to disk: 1.6 s instead of 0.36 s)
	let once = d.materialized;
	if (await fromRollups(db, opts.source)) {
		stays = db('crm_pool_stays').select('pool', 'arrived', 'taken').where('arrived', '>=', d.writeTs(from) as any).toSQL();
		once = '';
	} else {
		// the first take after each arrival, looked up once per arrival (a CTE the aggregates below read three times)
		const taken = `(SELECT min(t.date_created) FROM crm_events AS t WHERE t.customer = a.customer
			AND t.action IN (${TAKEN_FROM_POOL.map(() => '?').join(', ')}) AND t.date_created >= a.date_created AND t.id > a.id)`;
		stays = db('crm_events as a')
			.select('a.pool', db.raw('a.date_created AS arrived'), db.raw(`${taken} AS taken`, TAKEN_FROM_POOL as string[]))
			.whereIn('a.action', POOL_ARRIVALS as string[])
			.where('a.date_created', '>=', d.writeTs(from) as any)
			.whereNotNull('a.customer')
			.toSQL();
	}
	const days = d.daysBetween('arrived', 'taken');
	const rows = d.rows<any>(
		await db.raw(
			`WITH x AS ${once}(${stays.sql})
			SELECT pool, count(*) AS arrived, count(taken) AS taken,
				avg(CASE WHEN taken IS NOT NULL THEN ${days} END) AS avg_days,
				max(CASE WHEN taken IS NOT NULL THEN ${days} END) AS max_days
			FROM x GROUP BY pool ORDER BY pool`,
			stays.bindings as any[],
		),
	);
	const names = await poolNames(db);
	return {
		columns: [
			column('pool_name'),
			column('arrived'),
			column('taken'),
			column('avg_days'),
			column('max_days'),
		],
		rows: rows.map((r) => ({
			pool: r.pool === null ? null : Number(r.pool),
			pool_name: poolLabel(names, r.pool),
			arrived: Number(r.arrived),
			taken: Number(r.taken),
			avg_days: r.avg_days === null ? null : Math.round(Number(r.avg_days) * 10) / 10,
			max_days: r.max_days === null ? null : Math.round(Number(r.max_days) * 10) / 10,
		})),
	};
}

/**
 * The rep's day: their customers whose next contact falls today or has passed (in the settings' time zone), overdue
 * first, with the days since the last contact against the customer's contact cycle. Managers see every rep's.
 */
export async function myDay(db: Db, opts: { now: Date; rep?: string; limit?: number }): Promise<Report> {
	const settings = await loadSettings(db);
	const d = dialect(db);
	const today = startOfDayInZone(opts.now, settings.timezone);
	const tomorrow = new Date(today.getTime() + DAY_MS);
	const rows = (await db('crm_customers')
		.select('id', 'name', 'owner', 'tier', 'next_contact_at', 'last_contact_at', 'owned_since', 'contact_cycle_days', 'last_follow_up_summary')
		.whereNotNull('owner')
		.where('next_contact_at', '<', d.writeTs(tomorrow) as any)
		.modify((q) => (opts.rep ? q.where('owner', opts.rep) : q))
		.orderBy('next_contact_at')
		.limit(opts.limit ?? 500)) as any[];
	const names = opts.rep ? new Map<string, string>() : await userNames(db, rows.map((r) => r.owner));
	return {
		columns: [
			column('name'),
			...(opts.rep ? [] : [column('owner_name')]),
			column('when'),
			column('next_contact_at'),
			column('days_since_contact'),
			column('contact_cycle_days'),
			column('last_follow_up_summary'),
		],
		rows: rows.map((r) => {
			const next = readTs(r.next_contact_at)!;
			const { days, cycle, past } = contactClock(
				opts.now,
				{ lastContactAt: readTs(r.last_contact_at), ownedSince: readTs(r.owned_since), ownCycle: readInt(r.contact_cycle_days), tier: r.tier },
				settings.contact_cycle_days_by_tier,
			);
			return {
				id: Number(r.id),
				name: r.name,
				owner: r.owner,
				...(opts.rep ? {} : { owner_name: names.get(r.owner) ?? r.owner }),
				when: next < today ? 'overdue' : 'today',
				next_contact_at: next.toISOString(),
				days_since_contact: days,
				contact_cycle_days: cycle,
				past_cycle: past,
				last_follow_up_summary: r.last_follow_up_summary ?? null,
			};
		}),
	};
}

/**
 * The inquiry board (the seed's "publish the account-inquiry distribution to the team"): this month's customers given
 * out by an assignment rule — who received each, by which rule and why — with each receiving rep's inquiries this
 * month (customers received plus logged inquiries: the count the "most inquiries" rule ranks by). A rep reads the
 * rows of their team (all rows when they have no team); names only, never contacts.
 */
export async function inquiryBoard(db: Db, opts: { now: Date; team?: number | null; limit?: number }): Promise<Report> {
	const settings = await loadSettings(db);
	const d = dialect(db);
	const month = startOfMonthInZone(opts.now, settings.timezone);
	const since = d.writeTs(month) as any;
	const ruleExpr = d.jsonText('e.details', 'rule');
	const events = (await db('crm_events as e')
		.join('crm_customers as c', 'c.id', 'e.customer')
		.select('e.customer', 'e.to_owner', 'e.details', 'e.date_created', 'c.name', 'c.source')
		.where('e.action', EVENT.assigned)
		.where('e.date_created', '>=', since)
		.whereNotNull('e.to_owner')
		.whereRaw(`${ruleExpr} IS NOT NULL`)
		.modify((q) => {
			if (opts.team != null) q.whereIn('e.to_owner', db('crm_rep_profiles').select('user').where('team', opts.team));
		})
		.orderBy('e.id', 'desc')
		.limit(opts.limit ?? 500)) as any[];
	const reps = [...new Set(events.map((e) => e.to_owner as string))];
	const inquiries = await inquiriesByRep(db, reps, { from: month, to: null, timeZone: settings.timezone });
	const names = await userNames(db, reps);
	return {
		columns: [
			column('assigned_at'),
			column('name'),
			column('source'),
			{ key: 'rep_name', label: REPORT_COLUMNS.received_by },
			column('rule_name'),
			column('why'),
			column('rep_inquiries'),
		],
		rows: events.map((e) => {
			const details = readJson(e.details) ?? {};
			return {
				customer: Number(e.customer),
				name: e.name,
				source: e.source,
				rep: e.to_owner,
				rep_name: names.get(e.to_owner) ?? e.to_owner,
				rule: details.rule ?? null,
				rule_name: details.rule_name ?? null,
				why: details.reason ?? null,
				// the same reason as phrases, for the panel to word in the reader's language; older events have only the text
				why_phrases: Array.isArray(details.why) ? details.why : null,
				assigned_at: readTs(e.date_created)?.toISOString() ?? null,
				rep_inquiries: inquiries.get(e.to_owner) ?? 0,
			};
		}),
	};
}
