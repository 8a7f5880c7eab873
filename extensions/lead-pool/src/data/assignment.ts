import type { Knex } from 'knex';
import { availability, weightedScore, type Candidate, type CustomerToAssign, type Rule, type Strategy } from '../core/assignment';
import { effectiveQuota } from '../core/ownership';
import { parseList } from '../core/reclaim';
import type { Stage } from '../core/ownership';
import { dialectOf, writeJson, writeTs } from './db';
import { loadSettings } from './ownership';

/** The SQL of assignment: rules, candidates with their load and scores (aggregates in SQL), and the writes. */

const csv = parseList;
const json = (v: unknown): any => {
	if (v === null || v === undefined || v === '') return null;
	if (typeof v === 'string') {
		try {
			return JSON.parse(v);
		} catch {
			return null;
		}
	}
	return v;
};

export interface RuleRow extends Rule {
	candidateTeams: string[];
	candidateUsers: string[];
	weights: Record<string, number>;
	window: { kind: string; days: number };
}

export async function loadRules(knex: Knex, opts: { id?: number } = {}): Promise<RuleRow[]> {
	const q = knex('crm_assignment_rules').select('*');
	if (opts.id !== undefined) q.where('id', opts.id);
	else q.where('status', 'active');
	const rows = await q;
	return rows.map((r: any) => ({
		id: Number(r.id),
		name: r.name,
		priority: Number(r.priority ?? 0),
		strategy: r.strategy as Strategy,
		match: { sources: csv(r.match_sources), regions: csv(r.match_regions), countries: csv(r.match_countries), industries: csv(r.match_industries), tiers: csv(r.match_tiers), pool: r.match_pool === null ? null : Number(r.match_pool) },
		scoreMode: r.score_mode === 'proportional' ? 'proportional' : 'winner',
		fallback: r.fallback === 'rep' ? 'rep' : 'pool',
		fallbackRep: r.fallback_rep ?? null,
		rrPointer: Number(r.rr_pointer ?? 0),
		candidateTeams: csv(r.candidate_teams),
		candidateUsers: (json(r.candidate_users) ?? []).map(String),
		weights: {
			inquiries: Number(r.weight_inquiries ?? 0),
			sample_orders: Number(r.weight_sample_orders ?? 0),
			follow_ups: Number(r.weight_follow_ups ?? 0),
			meetings_hosted: Number(r.weight_meetings_hosted ?? 0),
			deals_won: Number(r.weight_deals_won ?? 0),
			...Object.fromEntries(Object.entries(json(r.custom_weights) ?? {}).map(([k, v]) => [k, Number(v)])),
		},
		window: { kind: r.score_window ?? 'this_week', days: Number(r.score_window_days ?? 7) },
	}));
}

/** Lock a rule's row for the transaction (PostgreSQL, MySQL): runs of one rule take turns, and its pointer with them. */
export async function lockRule(trx: Knex, id: number): Promise<number> {
	const q = trx('crm_assignment_rules').first('rr_pointer').where('id', id);
	if (dialectOf(trx) !== 'sqlite') q.forUpdate();
	const row = await q;
	return Number(row?.rr_pointer ?? 0);
}

export async function saveRulePointer(trx: Knex, id: number, pointer: number) {
	await trx('crm_assignment_rules').update({ rr_pointer: pointer }).where('id', id);
}

/** Every rep with a profile (the people assignment can ever choose), with their team. */
export async function repDirectory(knex: Knex) {
	const rows = await knex('crm_rep_profiles as p')
		.join('directus_users as u', 'u.id', 'p.user')
		.leftJoin('crm_teams as t', 't.id', 'p.team')
		.select('u.id', 'u.first_name', 'u.last_name', 'u.email', 'u.status', 'p.team', 't.name as team_name', 'p.regions', 'p.industries', 'p.availability', 'p.away_until', 'p.max_new', 'p.max_prospects', 'p.monthly_capacity');
	return rows as any[];
}

export function candidateIds(rule: RuleRow, directory: any[]): string[] {
	if (rule.candidateTeams.length === 0 && rule.candidateUsers.length === 0) return directory.map((r) => r.id);
	return directory.filter((r) => rule.candidateTeams.includes(r.team_name) || rule.candidateUsers.includes(r.id) || rule.candidateUsers.includes(r.email)).map((r) => r.id);
}

export interface Window {
	from: Date;
	to: Date;
}

/**
 * Candidates with their load, this month's assignments and the strategy's inputs, computed for all of them at once
 * with grouped aggregates (holdings by (owner, stage), assignments from the audit trail, metrics from follow-ups,
 * customers and performance entries over the window).
 */
export async function loadCandidates(knex: Knex, rule: RuleRow, directory: any[], ids: string[], opts: { today: string; monthStart: Date; window: Window }): Promise<Candidate[]> {
	const settings = await loadSettings(knex);
	const people = directory.filter((r) => ids.includes(r.id));
	if (people.length === 0) return [];
	const list = people.map((p) => p.id);
	const ts = (d: Date) => writeTs(knex, d) as any;
	const holdings = await knex('crm_customers').select('owner', 'stage').count({ n: '*' }).whereIn('owner', list).whereIn('stage', ['new', 'prospect']).groupBy('owner', 'stage');
	const month = await knex('crm_events').select('to_owner').count({ n: '*' }).where('action', 'assigned').whereIn('to_owner', list).where('date_created', '>=', ts(opts.monthStart)).groupBy('to_owner');
	const metrics = new Map<string, Record<string, number>>(list.map((id) => [id, {}]));
	const add = (rep: string, metric: string, value: number) => {
		const m = metrics.get(rep);
		if (m) m[metric] = (m[metric] ?? 0) + value;
	};
	const needsInquiries = rule.strategy === 'most_inquiries' || rule.strategy === 'weighted_performance';
	if (needsInquiries) {
		const from = rule.strategy === 'most_inquiries' ? opts.monthStart : opts.window.from;
		const to = rule.strategy === 'most_inquiries' ? new Date(8.64e15) : opts.window.to;
		const received = knex('crm_customers').select('received_by').count({ n: '*' }).whereIn('received_by', list).where('date_created', '>=', ts(from)).where('date_created', '<', ts(to)).groupBy('received_by');
		if (rule.match.sources.length) received.whereIn('source', rule.match.sources);
		for (const r of (await received) as any[]) add(r.received_by, 'inquiries', Number(r.n));
		const fromDay = from.toISOString().slice(0, 10);
		// performance entries are dated by day: the window's last day counts in full
		const lastDay = to.getTime() > 8e15 ? '9999-12-31' : new Date(to.getTime() - 1).toISOString().slice(0, 10);
		const perf = await dayRange(knex, knex('crm_performance').select('rep', 'metric').sum({ v: 'value' }).whereIn('rep', list), fromDay, lastDay).groupBy('rep', 'metric');
		for (const r of perf as any[]) {
			if (rule.strategy === 'most_inquiries' && r.metric !== 'inquiries') continue;
			add(r.rep, r.metric, Number(r.v));
		}
	}
	if (rule.strategy === 'weighted_performance') {
		const fu = await knex('crm_follow_ups').select('rep').count({ n: '*' }).whereIn('rep', list).where('contacted_at', '>=', ts(opts.window.from)).where('contacted_at', '<', ts(opts.window.to)).groupBy('rep');
		for (const r of fu as any[]) add(r.rep, 'follow_ups', Number(r.n));
		const won = await knex('crm_customers').select('owner').count({ n: '*' }).whereIn('owner', list).where('converted_at', '>=', ts(opts.window.from)).where('converted_at', '<', ts(opts.window.to)).groupBy('owner');
		for (const r of won as any[]) add(r.owner, 'deals_won', Number(r.n));
	}
	return people.map((p) => {
		const h = { new: 0, prospect: 0 };
		for (const r of holdings as any[]) if (r.owner === p.id && (r.stage === 'new' || r.stage === 'prospect')) h[r.stage as 'new' | 'prospect'] = Number(r.n);
		const m = metrics.get(p.id) ?? {};
		return {
			id: p.id,
			name: [p.first_name, p.last_name].filter(Boolean).join(' ') || p.email || p.id,
			team: p.team ?? null,
			regions: csv(p.regions),
			industries: csv(p.industries),
			unavailable: availability({ availability: p.availability, away_until: typeof p.away_until === 'string' ? p.away_until.slice(0, 10) : p.away_until ? new Date(p.away_until).toISOString().slice(0, 10) : null }, p.status, opts.today),
			quota: effectiveQuota(settings, p),
			holdings: h,
			monthAssigned: Number((month as any[]).find((r) => r.to_owner === p.id)?.n ?? 0),
			monthlyCapacity: p.monthly_capacity === null || p.monthly_capacity === undefined ? null : Number(p.monthly_capacity),
			inquiries: m['inquiries'] ?? 0,
			score: weightedScore(m, rule.weights),
			metrics: m,
		};
	});
}

/**
 * A date column between two days (inclusive). Directus keeps `date` values as epoch milliseconds on SQLite (and plain
 * dates elsewhere); rows written by other tools may hold 'YYYY-MM-DD' text, so SQLite compares a normalised day.
 */
function dayRange(knex: Knex, q: Knex.QueryBuilder, fromDay: string, lastDay: string): Knex.QueryBuilder {
	if (dialectOf(knex) === 'sqlite') {
		return q.whereRaw(`(CASE WHEN typeof("date") IN ('integer', 'real') THEN strftime('%Y-%m-%d', "date" / 1000, 'unixepoch') ELSE substr("date", 1, 10) END) BETWEEN ? AND ?`, [fromDay, lastDay]);
	}
	return q.where('date', '>=', fromDay).where('date', '<=', lastDay);
}

/** Unowned customers to assign: the given keys, or every unowned customer of a pool (up to `limit`). */
export async function loadAssignable(knex: Knex, opts: { keys?: number[]; pool?: number; limit: number }): Promise<{ customers: CustomerToAssign[]; owned: number[]; missing: number[] }> {
	const q = knex('crm_customers').select('id', 'name', 'owner', 'source', 'region', 'country', 'industry', 'tier', 'pool', 'stage', 'received_by', 'previous_owner').orderBy('id');
	if (opts.keys) q.whereIn('id', opts.keys);
	else if (opts.pool !== undefined) q.where('pool', opts.pool).whereNull('owner').limit(opts.limit);
	else q.whereNull('owner').limit(opts.limit);
	const rows = (await q) as any[];
	const found = new Set(rows.map((r) => Number(r.id)));
	return {
		customers: rows
			.filter((r) => r.owner === null)
			.map((r) => ({ id: Number(r.id), name: r.name, source: r.source, region: r.region, country: r.country, industry: r.industry, tier: r.tier, pool: r.pool === null ? null : Number(r.pool), stage: (r.stage ?? 'new') as Stage, received_by: r.received_by ?? null, previousOwners: r.previous_owner ? [r.previous_owner] : [] })),
		owned: rows.filter((r) => r.owner !== null).map((r) => Number(r.id)),
		missing: (opts.keys ?? []).filter((k) => !found.has(k)),
	};
}

/**
 * Who owned these customers, or duplicates of them (same normalised name, phone or e-mail), before: from the audit
 * trail and the previous-owner field, most recent first.
 */
export async function previousOwners(knex: Knex, ids: number[]): Promise<Map<number, string[]>> {
	const result = new Map<number, string[]>();
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const rows = (await knex('crm_customers as c')
			.join('crm_customers as d', function () {
				this.on('d.name_key', '=', 'c.name_key').orOn('d.phone_key', '=', 'c.phone_key').orOn('d.email_key', '=', 'c.email_key').orOn('d.id', '=', 'c.id');
			})
			.join('crm_events as e', 'e.customer', 'd.id')
			.whereIn('c.id', chunk)
			.whereNotNull('e.to_owner')
			.select('c.id as customer', 'e.to_owner as rep')
			.max({ at: 'e.date_created' })
			.groupBy('c.id', 'e.to_owner')) as any[];
		const byCustomer = new Map<number, { rep: string; at: number }[]>();
		for (const r of rows) {
			const list = byCustomer.get(Number(r.customer)) ?? [];
			list.push({ rep: r.rep, at: new Date(typeof r.at === 'number' || /^\d+$/.test(String(r.at)) ? Number(r.at) : r.at).getTime() });
			byCustomer.set(Number(r.customer), list);
		}
		for (const [customer, list] of byCustomer) result.set(customer, list.sort((a, b) => b.at - a.at).map((x) => x.rep));
	}
	return result;
}

/** Give each rep their customers, only while still unowned; returns the ids each rep actually got. */
export async function writeAssignments(trx: Knex, byRep: Map<string, number[]>, now: Date): Promise<Map<string, number[]>> {
	if (dialectOf(trx) === 'pg') return writeAssignmentsPg(trx, byRep, now);
	const got = new Map<string, number[]>();
	const stamp = writeTs(trx, now);
	for (const [rep, ids] of byRep) {
		const won: number[] = [];
		for (let i = 0; i < ids.length; i += 1000) {
			const chunk = ids.slice(i, i + 1000);
			const q = trx('crm_customers').update({ owner: rep, owned_since: stamp, date_updated: stamp }).whereIn('id', chunk).whereNull('owner');
			if (dialectOf(trx) === 'mysql') {
				await q;
				won.push(...(await trx('crm_customers').select('id').whereIn('id', chunk).where('owner', rep).where('owned_since', stamp as any)).map((r: any) => Number(r.id)));
			} else won.push(...((await q.returning('id')) as any[]).map((r) => Number(r.id)));
		}
		got.set(rep, won);
	}
	return got;
}

/** PostgreSQL: one UPDATE … FROM (VALUES …) per 5,000 customers instead of one per rep. */
async function writeAssignmentsPg(trx: Knex, byRep: Map<string, number[]>, now: Date): Promise<Map<string, number[]>> {
	const pairs = [...byRep].flatMap(([rep, ids]) => ids.map((id) => [id, rep] as const));
	const got = new Map<string, number[]>();
	for (let i = 0; i < pairs.length; i += 5000) {
		const chunk = pairs.slice(i, i + 5000);
		const values = chunk.map(() => '(?::integer, ?::uuid)').join(', ');
		const res = await trx.raw(
			`UPDATE crm_customers AS c SET owner = v.rep, owned_since = ?, date_updated = ? FROM (VALUES ${values}) AS v(id, rep) WHERE c.id = v.id AND c.owner IS NULL RETURNING c.id, c.owner`,
			[now, now, ...chunk.flat()] as any[],
		);
		for (const r of res.rows as { id: number; owner: string }[]) {
			const list = got.get(r.owner) ?? [];
			list.push(Number(r.id));
			got.set(r.owner, list);
		}
	}
	return got;
}

export async function insertAssignmentEvents(trx: Knex, rows: { customer: number; to: string; pool: number | null; actor: string | null; reason: string; details: unknown }[], now: Date) {
	const stamp = writeTs(trx, now);
	const events = rows.map((r) => ({ customer: r.customer, action: 'assigned', from_owner: null, to_owner: r.to, pool: r.pool, actor: r.actor, reason: r.reason, details: writeJson(r.details), date_created: stamp }));
	for (let i = 0; i < events.length; i += 500) await trx('crm_events').insert(events.slice(i, i + 500));
}
