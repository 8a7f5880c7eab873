import { availability, weightedScore, type Candidate, type CustomerToAssign, type Rule, type Strategy } from '../core/assignment';
import { EVENT } from '../core/events';
import { effectiveQuota, type Stage } from '../core/quota';
import { daysOfWindow } from '../core/time';
import { parseList } from '../core/reclaim';
import { dialect, type Db } from './dialects';
import { winsByRep } from './events';
import { holdingsByOwner } from './holdings';
import { loadSettings } from './settings';
import { readInt, readJson, readTs } from './values';

/** The SQL of assignment: rules, candidates with their load and scores (aggregates in SQL), and the writes. */

const csv = parseList;

/**
 * Each rep's inquiries in a window: customers they received (optionally only from some sources) plus the inquiries
 * logged as performance entries. The one count the "most inquiries" and weighted rules rank by and the inquiry board
 * shows. `to` null: up to now.
 */
export async function inquiriesByRep(
	db: Db,
	reps: string[],
	window: { from: Date; to: Date | null; timeZone: string; sources?: string[] },
): Promise<Map<string, number>> {
	const inquiries = new Map<string, number>(reps.map((r) => [r, 0]));
	if (reps.length === 0) return inquiries;
	const d = dialect(db);
	const add = (rep: string, n: number) => inquiries.set(rep, (inquiries.get(rep) ?? 0) + n);
	const received = db('crm_customers').select('received_by').count({ n: '*' }).whereIn('received_by', reps).where('date_created', '>=', d.writeTs(window.from) as any);
	if (window.to) received.where('date_created', '<', d.writeTs(window.to) as any);
	if (window.sources?.length) received.whereIn('source', window.sources);
	for (const r of (await received.groupBy('received_by')) as any[]) add(r.received_by, Number(r.n));
	const entries = db('crm_performance').select('rep').sum({ v: 'value' }).whereIn('rep', reps).where('metric', 'inquiries');
	for (const r of (await d.whereDayBetween(entries, 'date', ...daysOfWindow(window, window.timeZone)).groupBy('rep')) as any[]) add(r.rep, Number(r.v ?? 0));
	return inquiries;
}

export interface RuleRow extends Rule {
	candidateTeams: string[];
	candidateUsers: string[];
	weights: Record<string, number>;
	window: { kind: string; days: number };
}

export async function loadRules(db: Db, opts: { id?: number } = {}): Promise<RuleRow[]> {
	const q = db('crm_assignment_rules').select('*');
	if (opts.id !== undefined) q.where('id', opts.id);
	else q.where('status', 'active');
	const rows = await q;
	return rows.map((r: any) => ({
		id: Number(r.id),
		name: r.name,
		priority: Number(r.priority ?? 0),
		strategy: r.strategy as Strategy,
		match: {
			sources: csv(r.match_sources),
			regions: csv(r.match_regions),
			countries: csv(r.match_countries),
			industries: csv(r.match_industries),
			tiers: csv(r.match_tiers),
			pool: readInt(r.match_pool),
		},
		scoreMode: r.score_mode === 'proportional' ? 'proportional' : 'winner',
		fallback: r.fallback === 'rep' ? 'rep' : 'pool',
		fallbackRep: r.fallback_rep ?? null,
		rrPointer: Number(r.rr_pointer ?? 0),
		candidateTeams: csv(r.candidate_teams),
		candidateUsers: (readJson(r.candidate_users) ?? []).map(String),
		weights: {
			inquiries: Number(r.weight_inquiries ?? 0),
			sample_orders: Number(r.weight_sample_orders ?? 0),
			follow_ups: Number(r.weight_follow_ups ?? 0),
			meetings_hosted: Number(r.weight_meetings_hosted ?? 0),
			deals_won: Number(r.weight_deals_won ?? 0),
			...Object.fromEntries(Object.entries(readJson(r.custom_weights) ?? {}).map(([k, v]) => [k, Number(v)])),
		},
		window: { kind: r.score_window ?? 'this_week', days: Number(r.score_window_days ?? 7) },
	}));
}

/** Lock a rule's row for the transaction (where rows lock): runs of one rule take turns, and its pointer with them. */
export async function lockRule(trx: Db, id: number): Promise<number> {
	const row = await dialect(trx).forUpdate(trx('crm_assignment_rules').first('rr_pointer').where('id', id));
	return Number(row?.rr_pointer ?? 0);
}

export async function saveRulePointer(trx: Db, id: number, pointer: number): Promise<void> {
	await trx('crm_assignment_rules').update({ rr_pointer: pointer }).where('id', id);
}

export interface Window {
	from: Date;
	to: Date;
}

/** A day as 'YYYY-MM-DD' from a `date` value read back (text, or a Date where the driver parses it). */
function dayOf(value: unknown): string | null {
	if (typeof value === 'string') return value.slice(0, 10);
	return value ? new Date(value as any).toISOString().slice(0, 10) : null;
}

/**
 * Candidates with their load, this month's assignments and the strategy's inputs, computed for all of them at once
 * with grouped aggregates (holdings by (owner, stage), assignments from the audit trail, metrics from follow-ups,
 * customers and performance entries over the window).
 */
export async function loadCandidates(
	db: Db,
	rule: RuleRow,
	directory: any[],
	ids: string[],
	opts: { today: string; monthStart: Date; window: Window },
): Promise<Candidate[]> {
	const d = dialect(db);
	const settings = await loadSettings(db);
	const people = directory.filter((r) => ids.includes(r.id));
	if (people.length === 0) return [];
	const list = people.map((p) => p.id);
	const ts = (date: Date) => d.writeTs(date) as any;
	const holdings = await holdingsByOwner(db, list);
	const month = await db('crm_events')
		.select('to_owner')
		.count({ n: '*' })
		.where('action', EVENT.assigned)
		.whereIn('to_owner', list)
		.where('date_created', '>=', ts(opts.monthStart))
		.groupBy('to_owner');
	const metrics = new Map<string, Record<string, number>>(list.map((id) => [id, {}]));
	const add = (rep: string, metric: string, value: number) => {
		const m = metrics.get(rep);
		if (m) m[metric] = (m[metric] ?? 0) + value;
	};
	const needsInquiries = rule.strategy === 'most_inquiries' || rule.strategy === 'weighted_performance';
	if (needsInquiries) {
		const window = rule.strategy === 'most_inquiries' ? { from: opts.monthStart, to: null } : opts.window;
		for (const [rep, n] of await inquiriesByRep(db, list, { ...window, timeZone: settings.timezone, sources: rule.match.sources })) add(rep, 'inquiries', n);
	}
	if (rule.strategy === 'weighted_performance') {
		const entries = db('crm_performance').select('rep', 'metric').sum({ v: 'value' }).whereIn('rep', list).whereNot('metric', 'inquiries');
		const perf = await d.whereDayBetween(entries, 'date', ...daysOfWindow(opts.window, settings.timezone)).groupBy('rep', 'metric');
		for (const r of perf as any[]) add(r.rep, r.metric, Number(r.v));
	}
	if (rule.strategy === 'weighted_performance') {
		/** Rows of a table per rep, whose time column falls in the score window. */
		const perRepInWindow = async (table: string, rep: string, at: string) =>
			(await db(table)
				.select({ rep })
				.count({ n: '*' })
				.whereIn(rep, list)
				.where(at, '>=', ts(opts.window.from))
				.where(at, '<', ts(opts.window.to))
				.groupBy(rep)) as { rep: string; n: number | string }[];
		for (const r of await perRepInWindow('crm_follow_ups', 'rep', 'contacted_at')) add(r.rep, 'follow_ups', Number(r.n));
		// deals won come from the audit trail: a win taken back counts for nobody (data/events winsByRep)
		for (const [rep, n] of await winsByRep(db, list, opts.window.from, opts.window.to)) add(rep, 'deals_won', n);
	}
	return people.map((p) => {
		const m = metrics.get(p.id) ?? {};
		return {
			id: p.id,
			name: [p.first_name, p.last_name].filter(Boolean).join(' ') || p.email || p.id,
			team: p.team ?? null,
			regions: csv(p.regions),
			industries: csv(p.industries),
			unavailable: availability({ availability: p.availability, away_until: dayOf(p.away_until) }, p.status, opts.today),
			quota: effectiveQuota(settings, p),
			holdings: holdings.get(p.id) ?? { new: 0, prospect: 0 },
			monthAssigned: Number((month as any[]).find((r) => r.to_owner === p.id)?.n ?? 0),
			monthlyCapacity: readInt(p.monthly_capacity ?? null),
			inquiries: m['inquiries'] ?? 0,
			score: weightedScore(m, rule.weights),
			metrics: m,
		};
	});
}

/** Unowned customers to assign: the given keys, or every unowned customer of a pool (up to `limit`). */
export async function loadAssignable(
	db: Db,
	opts: { keys?: number[]; pool?: number; limit: number },
): Promise<{ customers: CustomerToAssign[]; owned: number[]; missing: number[] }> {
	const q = db('crm_customers')
		.select('id', 'name', 'owner', 'source', 'region', 'country', 'industry', 'tier', 'pool', 'stage', 'received_by', 'previous_owner')
		.orderBy('id');
	if (opts.keys) q.whereIn('id', opts.keys);
	else if (opts.pool !== undefined) q.where('pool', opts.pool).whereNull('owner').limit(opts.limit);
	else q.whereNull('owner').limit(opts.limit);
	const rows = (await q) as any[];
	const found = new Set(rows.map((r) => Number(r.id)));
	return {
		customers: rows
			.filter((r) => r.owner === null)
			.map((r) => ({
				id: Number(r.id),
				name: r.name,
				source: r.source,
				region: r.region,
				country: r.country,
				industry: r.industry,
				tier: r.tier,
				pool: readInt(r.pool),
				stage: (r.stage ?? 'new') as Stage,
				received_by: r.received_by ?? null,
				previousOwners: r.previous_owner ? [r.previous_owner] : [],
			})),
		owned: rows.filter((r) => r.owner !== null).map((r) => Number(r.id)),
		missing: (opts.keys ?? []).filter((k) => !found.has(k)),
	};
}

/**
 * Who owned these customers, or duplicates of them (same normalised name, phone or e-mail), before: from the audit
 * trail and the previous-owner field, most recent first.
 */
export async function previousOwners(db: Db, ids: number[]): Promise<Map<number, string[]>> {
	const result = new Map<number, string[]>();
	// the stored keys, in their own table where the database keeps one
	const keys = (await dialect(db).searchSupport()).keysTable;
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const rows = (await db(`${keys} as c`)
			.join(`${keys} as d`, function () {
				this.on('d.name_key', '=', 'c.name_key')
					.orOn('d.phone_key', '=', 'c.phone_key')
					.orOn('d.email_key', '=', 'c.email_key')
					.orOn('d.id', '=', 'c.id');
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
			list.push({ rep: r.rep, at: readTs(r.at)?.getTime() ?? 0 });
			byCustomer.set(Number(r.customer), list);
		}
		for (const [customer, list] of byCustomer) result.set(customer, list.sort((a, b) => b.at - a.at).map((x) => x.rep));
	}
	return result;
}

/** Give each rep their customers, only while still unowned; returns the ids each rep actually got. */
export async function writeAssignments(trx: Db, byRep: Map<string, number[]>, now: Date): Promise<Map<string, number[]>> {
	const d = dialect(trx);
	const at = d.writeTs(now);
	const changed = await d.updateFromValues({
		table: 'crm_customers',
		columns: [
			['id', 'integer'],
			['owner', 'uuid'],
		],
		rows: [...byRep].flatMap(([rep, ids]) => ids.map((id) => [id, rep])),
		constants: { owned_since: at, date_updated: at },
		whereNull: ['owner'],
		returning: ['id', 'owner'],
	});
	const got = new Map<string, number[]>();
	for (const r of changed as { id: number; owner: string }[]) {
		const list = got.get(r.owner) ?? [];
		list.push(Number(r.id));
		got.set(r.owner, list);
	}
	return got;
}
