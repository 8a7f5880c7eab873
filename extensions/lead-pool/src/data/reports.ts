import type { Knex } from 'knex';
import { dueDate } from '../core/reclaim';
import { effectiveQuota } from '../core/ownership';
import { DAY_MS } from '../core/time';
import { dialectOf, readTs, writeTs } from './db';
import { loadSettings, userNames } from './ownership';
import { dueCondition, reclaimPools } from './reclaim';

/**
 * Pool reports, each one grouped query over the customers or the audit trail (crm_events), so the numbers agree
 * with the events by construction. Every report answers `{ columns, rows }` for the dashboard's report panel.
 */
export interface Column {
	key: string;
	en: string;
	zh: string;
}
export interface Report {
	columns: Column[];
	rows: Record<string, unknown>[];
}

/** Which events count as what, per rep; the rep is the one who got or lost the customer. */
export const ACTIVITY: Record<string, { actions: string[]; rep: 'to_owner' | 'from_owner' }> = {
	claims: { actions: ['claimed', 'claimed_by_follow_up', 'request_approved'], rep: 'to_owner' },
	releases: { actions: ['released', 'deleted_to_pool'], rep: 'from_owner' },
	reclaims: { actions: ['reclaimed'], rep: 'from_owner' },
	assignments: { actions: ['assigned', 'transferred'], rep: 'to_owner' },
};

/** Events that put a customer into a pool, and those that take one out to a rep. */
const ARRIVALS = ['created_in_pool', 'over_cap_to_pool', 'released', 'deleted_to_pool', 'reclaimed'];
const TAKEN = ['claimed', 'claimed_by_follow_up', 'request_approved', 'assigned'];

function poolNames(knex: Knex) {
	return knex('crm_pools').select('id', 'name').then((rows: any[]) => new Map(rows.map((r) => [Number(r.id), r.name as string])));
}

/** Customers waiting in each pool (no owner), by source. */
export async function poolSize(knex: Knex): Promise<Report> {
	const [rows, names] = await Promise.all([
		knex('crm_customers').select('pool', 'source').count({ n: '*' }).whereNull('owner').groupBy('pool', 'source').orderBy([{ column: 'pool' }, { column: 'source' }]),
		poolNames(knex),
	]);
	return {
		columns: [
			{ key: 'pool_name', en: 'Pool', zh: '公海' },
			{ key: 'source', en: 'Source', zh: '来源' },
			{ key: 'customers', en: 'Customers in the pool', zh: '公海客户数' },
		],
		rows: (rows as any[]).map((r) => ({ pool: r.pool === null ? null : Number(r.pool), pool_name: r.pool === null ? '—' : (names.get(Number(r.pool)) ?? `#${r.pool}`), source: r.source ?? '—', customers: Number(r.n) })),
	};
}

/** Offset of a time zone from UTC at `at`, in seconds (SQLite has no zone rules; the offset of now is used). */
function zoneOffsetSeconds(timeZone: string, at: Date): number {
	const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 1000);
}

/** Claims, releases, reclaims and assignments per rep per week (weeks start on Monday, in the settings' zone). */
export async function activityByRepWeek(knex: Knex, opts: { weeks: number; now: Date; rep?: string }): Promise<Report> {
	const settings = await loadSettings(knex);
	const from = new Date(opts.now.getTime() - opts.weeks * 7 * DAY_MS);
	const sqlite = dialectOf(knex) === 'sqlite';
	const week = sqlite
		? knex.raw(`date(date_created / 1000 + ?, 'unixepoch', 'weekday 0', '-6 days')`, [zoneOffsetSeconds(settings.timezone, opts.now)])
		: knex.raw(`to_char(date_trunc('week', date_created AT TIME ZONE ?), 'YYYY-MM-DD')`, [settings.timezone]);
	const kindCase = Object.entries(ACTIVITY).map(([kind, def]) => `WHEN action IN (${def.actions.map(() => '?').join(', ')}) THEN '${kind}'`).join(' ');
	const repCase = Object.values(ACTIVITY).map((def) => `WHEN action IN (${def.actions.map(() => '?').join(', ')}) THEN ${def.rep}`).join(' ');
	const actionBindings = Object.values(ACTIVITY).flatMap((d) => d.actions);
	const inner = knex('crm_events')
		.select({ week }, knex.raw(`CASE ${kindCase} END AS kind`, actionBindings), knex.raw(`CASE ${repCase} END AS rep`, actionBindings))
		.where('date_created', '>=', writeTs(knex, from) as any)
		.whereIn('action', actionBindings);
	const rows = (await knex.from(inner.as('e')).select('week', 'kind', 'rep').count({ n: '*' }).whereNotNull('rep').modify((q) => (opts.rep ? q.where('rep', opts.rep) : q)).groupBy('week', 'kind', 'rep')) as any[];
	const byKey = new Map<string, Record<string, unknown>>();
	for (const r of rows) {
		const key = `${r.week}|${r.rep}`;
		const row: Record<string, unknown> = byKey.get(key) ?? { week: r.week, rep: r.rep, claims: 0, releases: 0, reclaims: 0, assignments: 0 };
		row[r.kind] = Number(r.n);
		byKey.set(key, row);
	}
	const names = await userNames(knex, [...byKey.values()].map((r) => r['rep'] as string));
	const out: Record<string, unknown>[] = [...byKey.values()].map((r) => ({ ...r, rep_name: names.get(r['rep'] as string) ?? r['rep'] }));
	out.sort((a, b) => String(b['week']).localeCompare(String(a['week'])) || String(a['rep_name']).localeCompare(String(b['rep_name'])));
	return {
		columns: [
			{ key: 'week', en: 'Week of', zh: '周（起始日）' },
			{ key: 'rep_name', en: 'Rep', zh: '业务员' },
			{ key: 'claims', en: 'Claims', zh: '领取' },
			{ key: 'releases', en: 'Releases', zh: '放回' },
			{ key: 'reclaims', en: 'Reclaims', zh: '被回收' },
			{ key: 'assignments', en: 'Assignments', zh: '分配' },
		],
		rows: out,
	};
}

/** Each rep's owned new customers and prospects against their caps (profile override, else the settings). */
export async function capsReport(knex: Knex, opts: { rep?: string } = {}): Promise<Report> {
	const settings = await loadSettings(knex);
	const [held, profiles] = await Promise.all([
		knex('crm_customers').select('owner', 'stage').count({ n: '*' }).whereNotNull('owner').whereIn('stage', ['new', 'prospect']).modify((q) => (opts.rep ? q.where('owner', opts.rep) : q)).groupBy('owner', 'stage'),
		knex('crm_rep_profiles as p')
			.join('directus_users as u', 'u.id', 'p.user')
			.select('p.user', 'p.max_new', 'p.max_prospects')
			.where('u.status', 'active')
			.modify((q) => (opts.rep ? q.where('p.user', opts.rep) : q)),
	]);
	const rows = new Map<string, { rep: string; new: number; prospect: number; cap_new: number | null; cap_prospect: number | null }>();
	for (const p of profiles as any[]) {
		const quota = effectiveQuota(settings, p);
		rows.set(p.user, { rep: p.user, new: 0, prospect: 0, cap_new: quota.maxNew, cap_prospect: quota.maxProspects });
	}
	for (const h of held as any[]) {
		const row = rows.get(h.owner) ?? { rep: h.owner, new: 0, prospect: 0, ...(() => { const q = effectiveQuota(settings, null); return { cap_new: q.maxNew, cap_prospect: q.maxProspects }; })() };
		row[h.stage as 'new' | 'prospect'] = Number(h.n);
		rows.set(h.owner, row);
	}
	const names = await userNames(knex, [...rows.keys()]);
	const out = [...rows.values()].map((r) => ({ ...r, rep_name: names.get(r.rep) ?? r.rep, new_of_cap: `${r.new} / ${r.cap_new ?? '∞'}`, prospect_of_cap: `${r.prospect} / ${r.cap_prospect ?? '∞'}` }));
	out.sort((a, b) => a.rep_name.localeCompare(b.rep_name));
	return {
		columns: [
			{ key: 'rep_name', en: 'Rep', zh: '业务员' },
			{ key: 'new_of_cap', en: 'New customers / cap', zh: '新客户 / 上限' },
			{ key: 'prospect_of_cap', en: 'Prospects / cap', zh: '意向客户 / 上限' },
		],
		rows: out,
	};
}

/** Owned customers that fall due for reclaim within `days` (and those already due, not yet reclaimed), soonest first. */
export async function dueSoon(knex: Knex, opts: { days: number; now: Date; rep?: string; limit?: number }): Promise<Report> {
	const horizon = new Date(opts.now.getTime() + opts.days * DAY_MS);
	const pools = await reclaimPools(knex);
	const out: Record<string, unknown>[] = [];
	for (const pool of pools) {
		const cond = dueCondition(knex, pool, horizon);
		const rows = (await knex('crm_customers')
			.select('id', 'name', 'owner', 'last_contact_at', 'owned_since', 'date_created')
			.whereRaw(cond.sql, cond.bindings as any[])
			.modify((q) => (opts.rep ? q.where('owner', opts.rep) : q))
			.orderBy('id')
			.limit(opts.limit ?? 500)) as any[];
		for (const r of rows) {
			const due = dueDate({ lastContactAt: readTs(r.last_contact_at), ownedSince: readTs(r.owned_since) ?? readTs(r.date_created)! }, pool.rules);
			if (!due) continue;
			out.push({ id: Number(r.id), name: r.name, owner: r.owner, pool: pool.id, pool_name: pool.name, due_at: due.due.toISOString(), rule: due.rule, days_left: Math.floor((due.due.getTime() - opts.now.getTime()) / DAY_MS) });
		}
	}
	const names = await userNames(knex, out.map((r) => r['owner'] as string));
	for (const r of out) r['owner_name'] = names.get(r['owner'] as string) ?? r['owner'];
	out.sort((a, b) => String(a['due_at']).localeCompare(String(b['due_at'])));
	return {
		columns: [
			{ key: 'name', en: 'Customer', zh: '客户' },
			{ key: 'owner_name', en: 'Owner', zh: '负责人' },
			{ key: 'pool_name', en: 'Pool', zh: '公海' },
			{ key: 'due_at', en: 'Falls due', zh: '回收时间' },
			{ key: 'days_left', en: 'Days left', zh: '剩余天数' },
		],
		rows: out.slice(0, opts.limit ?? 500),
	};
}

/**
 * Per assignment rule: each rep's share of the customers it assigned in the window, against the rule's target share
 * (weighted, proportional: the rep's score share in the rule's latest decision; round robin and least loaded: an
 * equal share of the reps it scored or assigned to; other strategies have no target share).
 */
export async function assignmentShares(knex: Knex, opts: { days: number; now: Date }): Promise<Report> {
	const from = new Date(opts.now.getTime() - opts.days * DAY_MS);
	const sqlite = dialectOf(knex) === 'sqlite';
	const ruleExpr = sqlite ? "json_extract(details, '$.rule')" : "(details::jsonb ->> 'rule')";
	const counts = (await knex('crm_events')
		.select(knex.raw(`${ruleExpr} AS rule`), 'to_owner')
		.count({ n: '*' })
		.where('action', 'assigned')
		.where('date_created', '>=', writeTs(knex, from) as any)
		.whereNotNull('to_owner')
		.groupByRaw(`${ruleExpr}, to_owner`)) as any[];
	const rules = new Map((await knex('crm_assignment_rules').select('id', 'name', 'strategy', 'score_mode')).map((r: any) => [String(r.id), r]));
	const byRule = new Map<string, { rep: string; n: number }[]>();
	for (const c of counts) {
		if (c.rule === null || c.rule === undefined) continue;
		const list = byRule.get(String(c.rule)) ?? [];
		list.push({ rep: c.to_owner, n: Number(c.n) });
		byRule.set(String(c.rule), list);
	}
	// the rule's decisions name candidates by display name (readable in the audit trail); reps are matched by it
	const names = await userNames(knex, counts.map((c) => c.to_owner as string));
	const out: Record<string, unknown>[] = [];
	for (const [ruleId, list] of byRule) {
		const rule = rules.get(ruleId);
		const total = list.reduce((s, x) => s + x.n, 0);
		let target: Map<string, number> | null = null;
		if (rule && (rule.strategy === 'weighted_performance' || rule.strategy === 'round_robin' || rule.strategy === 'least_loaded')) {
			const latest = await knex('crm_events').first('details').where('action', 'assigned').whereRaw(`${ruleExpr} = ?`, [sqlite ? Number(ruleId) : ruleId]).orderBy('id', 'desc');
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
			out.push({ rule: Number(ruleId), rule_name: ruleName, rep: x.rep, rep_name: repName, assigned: x.n, share: round(x.n / total), target_share: target ? round(target.get(repName) ?? 0) : null });
		}
		if (target) {
			const present = new Set(list.map((x) => names.get(x.rep) ?? x.rep));
			for (const [name, share] of target) if (!present.has(name)) out.push({ rule: Number(ruleId), rule_name: ruleName, rep: null, rep_name: name, assigned: 0, share: 0, target_share: round(share) });
		}
	}
	out.sort((a, b) => String(a['rule_name']).localeCompare(String(b['rule_name'])) || Number(b['assigned']) - Number(a['assigned']));
	return {
		columns: [
			{ key: 'rule_name', en: 'Rule', zh: '规则' },
			{ key: 'rep_name', en: 'Rep', zh: '业务员' },
			{ key: 'assigned', en: 'Assigned', zh: '分配数' },
			{ key: 'share', en: 'Share', zh: '实际占比' },
			{ key: 'target_share', en: 'Target share', zh: '目标占比' },
		],
		rows: out,
	};
}

function round(n: number) {
	return Math.round(n * 1000) / 1000;
}

/** Per pool: customers that arrived in the window, how many were taken (claimed or assigned), and the days it took. */
export async function timeToFirstClaim(knex: Knex, opts: { days: number; now: Date }): Promise<Report> {
	const from = new Date(opts.now.getTime() - opts.days * DAY_MS);
	const sqlite = dialectOf(knex) === 'sqlite';
	const taken = `(SELECT min(t.date_created) FROM crm_events AS t WHERE t.customer = a.customer AND t.action IN (${TAKEN.map(() => '?').join(', ')}) AND t.date_created >= a.date_created AND t.id > a.id)`;
	const arrivals = knex('crm_events as a')
		.select('a.pool', knex.raw('a.date_created AS arrived'), knex.raw(`${taken} AS taken`, TAKEN))
		.whereIn('a.action', ARRIVALS)
		.where('a.date_created', '>=', writeTs(knex, from) as any)
		.whereNotNull('a.customer');
	const days = sqlite ? '(taken - arrived) / 86400000.0' : 'EXTRACT(EPOCH FROM (taken - arrived)) / 86400.0';
	const rows = (await knex
		.from(arrivals.as('x'))
		.select('pool')
		.count({ arrived: '*' })
		.select(knex.raw('count(taken) AS taken'), knex.raw(`avg(CASE WHEN taken IS NOT NULL THEN ${days} END) AS avg_days`), knex.raw(`max(CASE WHEN taken IS NOT NULL THEN ${days} END) AS max_days`))
		.groupBy('pool')
		.orderBy('pool')) as any[];
	const names = await poolNames(knex);
	return {
		columns: [
			{ key: 'pool_name', en: 'Pool', zh: '公海' },
			{ key: 'arrived', en: 'Arrived in the pool', zh: '进入公海' },
			{ key: 'taken', en: 'Claimed or assigned', zh: '已被领取或分配' },
			{ key: 'avg_days', en: 'Average days to first claim', zh: '平均领取天数' },
			{ key: 'max_days', en: 'Longest (days)', zh: '最长（天）' },
		],
		rows: rows.map((r) => ({
			pool: r.pool === null ? null : Number(r.pool),
			pool_name: r.pool === null ? '—' : (names.get(Number(r.pool)) ?? `#${r.pool}`),
			arrived: Number(r.arrived),
			taken: Number(r.taken),
			avg_days: r.avg_days === null ? null : Math.round(Number(r.avg_days) * 10) / 10,
			max_days: r.max_days === null ? null : Math.round(Number(r.max_days) * 10) / 10,
		})),
	};
}

export const REPORTS = ['pool-size', 'activity', 'caps', 'due-soon', 'assignment-shares', 'time-to-claim'] as const;
export type ReportName = (typeof REPORTS)[number];
