import { reasonText, type Why } from './labels';
import { addHolding, quotaRefusal, type Holdings, type Quota, type Stage } from './quota';

/**
 * Automatic assignment of pool customers to reps, by the rule a manager set up. Pure: the data layer loads the
 * rule, the candidates with their current load and scores, and the customers; this decides who gets what and why;
 * the data layer writes it under the candidates' locks.
 *
 * Always: reps who are paused, on leave (until their return date) or inactive are skipped; a rep at a cap (new
 * customers, prospects, or the month's capacity) is skipped, never overfilled; when nobody can take a customer the
 * rule's fallback applies (leave it in the pool, or a named default rep) and the reason is recorded.
 */

export type Strategy =
	| 'previous_owner_first'
	| 'most_inquiries'
	| 'weighted_performance'
	| 'territory'
	| 'round_robin'
	| 'least_loaded';

export interface Rule {
	id: number;
	name: string;
	priority: number;
	strategy: Strategy;
	match: { sources: string[]; regions: string[]; countries: string[]; industries: string[]; tiers: string[]; pool: number | null };
	scoreMode: 'winner' | 'proportional';
	fallback: 'pool' | 'rep';
	fallbackRep: string | null;
	rrPointer: number;
}

export interface Candidate {
	id: string;
	name: string;
	team: number | null;
	regions: string[];
	industries: string[];
	/** why the rep cannot take customers at all right now (paused, on leave, inactive), or null */
	unavailable: Why | null;
	quota: Quota;
	holdings: Holdings;
	monthAssigned: number;
	monthlyCapacity: number | null;
	/** strategy inputs */
	inquiries: number;
	score: number;
	metrics?: Record<string, number>;
}

export interface CustomerToAssign {
	id: number;
	name: string;
	source: string | null;
	region: string | null;
	country: string | null;
	industry: string | null;
	tier: string | null;
	pool: number | null;
	stage: Stage;
	received_by: string | null;
	/** reps who owned this customer or a duplicate of it before, most recent first */
	previousOwners: string[];
}

export interface Decision {
	customer: number;
	to: string | null;
	/** the reason in English, as the audit trail's text; `why` holds it as phrases to word in the reader's language */
	reason: string;
	why: Why[];
	strategy: Strategy;
	rule: number;
	scores?: Record<string, number>;
	/** candidates passed over, by name, and why (phrases; worded only where shown: services/assignment explain) */
	skipped?: Record<string, Why>;
}

export type MatchFacts = Pick<CustomerToAssign, 'source' | 'region' | 'country' | 'industry' | 'tier' | 'pool'>;

export function ruleMatches(rule: Rule, c: MatchFacts): boolean {
	const m = rule.match;
	const hit = (list: string[], value: string | null) => list.length === 0 || (value !== null && list.includes(value));
	return (
		hit(m.sources, c.source) &&
		hit(m.regions, c.region) &&
		hit(m.countries, c.country) &&
		hit(m.industries, c.industry) &&
		hit(m.tiers, c.tier) &&
		(m.pool === null || m.pool === c.pool)
	);
}

/** The first active rule, by priority (higher first, then lower id), that matches the customer. */
export function pickRule(rules: Rule[], c: CustomerToAssign): Rule | null {
	return [...rules].sort((a, b) => b.priority - a.priority || a.id - b.id).find((r) => ruleMatches(r, c)) ?? null;
}

/** Why a rep cannot take one more customer of this stage, or null when they can. */
export function capacityBlock(c: Candidate, stage: Stage): Why | null {
	if (c.unavailable) return c.unavailable;
	if (c.monthlyCapacity !== null && c.monthAssigned >= c.monthlyCapacity) {
		return { code: 'month_full', params: { count: c.monthAssigned, cap: c.monthlyCapacity } };
	}
	const q = quotaRefusal(c.holdings, c.quota, stage);
	if (q) return { code: stage === 'new' ? 'new_full' : 'prospect_full', params: { count: Number(q.params['count']), cap: Number(q.params['cap']) } };
	return null;
}

const OUTSIDE: Why = { code: 'outside_territory' };
const NO_PROFILE: Why = { code: 'no_profile' };
const ALL_FULL: Why = { code: 'all_full' };

/** Stable order of candidates, so every tie is broken the same way on every run. */
const byId = (a: Candidate, b: Candidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const load = (c: Candidate) => c.holdings.new + c.holdings.prospect;

export interface AssignState {
	rrPointer: number;
	/** smooth weighted round-robin credit per candidate (proportional mode) */
	credit: Map<string, number>;
	assignedThisRun: Map<string, number>;
	/** per candidate list: the same list sorted by id, and the score tables (scores do not change within a run) */
	sorted: WeakMap<Candidate[], Candidate[]>;
	tables: Map<string, Record<string, number>>;
}

export function newState(rule: Rule): AssignState {
	return { rrPointer: rule.rrPointer, credit: new Map(), assignedThisRun: new Map(), sorted: new WeakMap(), tables: new Map() };
}

/** The best candidate by `better` in one pass (ties keep the earlier, i.e. the lower id in a sorted list). */
function best(list: Candidate[], better: (a: Candidate, b: Candidate) => number): Candidate {
	let top = list[0]!;
	for (let i = 1; i < list.length; i++) if (better(list[i]!, top) < 0) top = list[i]!;
	return top;
}

/**
 * Decide one customer. Mutates the chosen candidate's load and the run state, so that a batch is decided customer by
 * customer exactly as if each had arrived alone.
 */
export function decide(
	rule: Rule,
	customer: CustomerToAssign,
	candidates: Candidate[],
	state: AssignState,
	everyone: Candidate[] = candidates,
): Decision {
	const base = { customer: customer.id, strategy: rule.strategy, rule: rule.id };
	const skipped: Record<string, Why> = {};
	const skips = () => (Object.keys(skipped).length ? { skipped } : {});
	/** Fewer customers given in this run first, so ties spread a batch. */
	const fewerThisRun = (a: Candidate, b: Candidate) => (state.assignedThisRun.get(a.id) ?? 0) - (state.assignedThisRun.get(b.id) ?? 0);
	let sortedCandidates = state.sorted.get(candidates);
	if (!sortedCandidates) {
		sortedCandidates = [...candidates].sort(byId);
		state.sorted.set(candidates, sortedCandidates);
	}
	const open = sortedCandidates.filter((c) => {
		const block = capacityBlock(c, customer.stage);
		if (block) skipped[c.name] = block;
		return !block;
	});
	/** A candidate → value table, built once per run for values that do not change during it. */
	const table = (key: string, value: (c: Candidate) => number) => {
		let t = state.tables.get(key);
		if (!t) {
			t = Object.fromEntries(sortedCandidates!.map((c) => [c.name, value(c)]));
			state.tables.set(key, t);
		}
		if (open.length === sortedCandidates!.length) return t;
		const names = new Set(open.map((c) => c.name));
		return Object.fromEntries(Object.entries(t).filter(([name]) => names.has(name)));
	};
	const reasons = (why: Why[]) => ({ reason: reasonText(why, 'en-US'), why });
	const give = (c: Candidate, why: Why | Why[], scores?: Record<string, number>): Decision => {
		c.holdings = addHolding(c.holdings, customer.stage);
		c.monthAssigned++;
		state.assignedThisRun.set(c.id, (state.assignedThisRun.get(c.id) ?? 0) + 1);
		return { ...base, to: c.id, ...reasons(Array.isArray(why) ? why : [why]), ...(scores ? { scores } : {}), ...skips() };
	};
	const fallback = (why: Why): Decision => {
		if (rule.fallback === 'rep' && rule.fallbackRep) {
			const rep = everyone.find((c) => c.id === rule.fallbackRep);
			const block = rep ? capacityBlock(rep, customer.stage) : NO_PROFILE;
			if (rep && !block) return give(rep, [why, { code: 'fallback_rep' }]);
			return { ...base, to: null, ...reasons([why, { code: 'fallback_rep_unavailable', params: { block: block! } }, { code: 'left_in_pool' }]), ...skips() };
		}
		return { ...base, to: null, ...reasons([why, { code: 'left_in_pool' }]), ...skips() };
	};
	if (candidates.length === 0) return fallback({ code: 'no_candidates' });

	switch (rule.strategy) {
		case 'previous_owner_first': {
			for (const id of customer.previousOwners) {
				const rep = everyone.find((c) => c.id === id);
				if (!rep) continue;
				const block = capacityBlock(rep, customer.stage);
				if (!block) return give(rep, { code: 'previous_owner' });
				skipped[rep.name] = block;
			}
			if (customer.received_by) {
				const rep = everyone.find((c) => c.id === customer.received_by);
				const block = rep ? capacityBlock(rep, customer.stage) : NO_PROFILE;
				if (rep && !block) return give(rep, { code: 'received_card' });
				if (rep) skipped[rep.name] = block!;
			}
			return fallback({ code: 'no_previous_owner' });
		}
		case 'most_inquiries': {
			if (open.length === 0) return fallback(ALL_FULL);
			const top = best(open, (a, b) => b.inquiries - a.inquiries || fewerThisRun(a, b));
			return give(top, { code: 'most_inquiries', params: { count: top.inquiries } }, table('inquiries', (c) => c.inquiries));
		}
		case 'weighted_performance': {
			if (open.length === 0) return fallback(ALL_FULL);
			const scores = table('score', (c) => round(c.score));
			let total = 0;
			for (const c of open) total += Math.max(0, c.score);
			if (total <= 0) return fallback({ code: 'all_zero' });
			if (rule.scoreMode === 'winner') {
				const top = best(open, (a, b) => b.score - a.score || fewerThisRun(a, b));
				return give(top, { code: 'top_score', params: { score: round(top.score) } }, scores);
			}
			// Smooth weighted round robin: each turn every candidate earns its score, the richest takes the customer and
			// pays the total. Shares follow the scores within one customer at every point of a batch, with no bursts.
			for (const c of open) state.credit.set(c.id, (state.credit.get(c.id) ?? 0) + Math.max(0, c.score));
			const top = best(open, (a, b) => (state.credit.get(b.id) ?? 0) - (state.credit.get(a.id) ?? 0));
			state.credit.set(top.id, (state.credit.get(top.id) ?? 0) - total);
			return give(top, { code: 'score_share', params: { score: round(top.score), total: round(total) } }, scores);
		}
		case 'territory': {
			const region = customer.region;
			const inRegion = open.filter((c) => region !== null && c.regions.includes(region));
			for (const c of open) if (!inRegion.includes(c)) skipped[c.name] = OUTSIDE;
			if (inRegion.length === 0) return fallback(region === null ? { code: 'nobody_covers_unknown' } : { code: 'nobody_covers', params: { region } });
			const strong = inRegion.filter((c) => customer.industry !== null && c.industries.includes(customer.industry));
			const pool = strong.length ? strong : inRegion;
			const top = best(pool, (a, b) => load(a) - load(b));
			return give(top, strong.length ? { code: 'territory_strength', params: { region: region!, industry: customer.industry! } } : { code: 'territory', params: { region: region! } });
		}
		case 'round_robin': {
			// the pointer is the turn that comes next; unavailable or full reps lose their turn, not their place
			const all = sortedCandidates;
			for (let step = 0; step < all.length; step++) {
				const index = (((state.rrPointer + step) % all.length) + all.length) % all.length;
				const c = all[index]!;
				if (!capacityBlock(c, customer.stage)) {
					state.rrPointer = (index + 1) % all.length;
					return give(c, { code: 'round_robin', params: { turn: index + 1, of: all.length } });
				}
			}
			return fallback(ALL_FULL);
		}
		case 'least_loaded': {
			if (open.length === 0) return fallback(ALL_FULL);
			const top = best(open, (a, b) => load(a) - load(b));
			return give(top, { code: 'least_loaded', params: { count: load(top) } }, Object.fromEntries(open.map((c) => [c.name, load(c)])));
		}
	}
}

/** A rep as the directory of rep profiles lists them, for choosing a rule's candidates. */
export interface DirectoryEntry {
	id: string;
	email?: string | null;
	team_name?: string | null;
}

/** A rule's candidates: the teams and users it names (users by id or e-mail), or every rep with a profile. */
export function candidateIds(rule: { candidateTeams: string[]; candidateUsers: string[] }, directory: readonly DirectoryEntry[]) {
	if (rule.candidateTeams.length === 0 && rule.candidateUsers.length === 0) return directory.map((r) => r.id);
	const named = (r: DirectoryEntry) =>
		(r.team_name != null && rule.candidateTeams.includes(r.team_name)) ||
		rule.candidateUsers.includes(r.id) ||
		(r.email != null && rule.candidateUsers.includes(r.email));
	return directory.filter(named).map((r) => r.id);
}

/** Weighted score of a rep: Σ weight × metric. */
export function weightedScore(metrics: Record<string, number>, weights: Record<string, number>): number {
	let s = 0;
	for (const [metric, weight] of Object.entries(weights)) s += (Number(weight) || 0) * (metrics[metric] ?? 0);
	return s;
}

export function round(n: number) {
	return Math.round(n * 100) / 100;
}

/** Whether a rep is available today: paused reps are not; reps on leave are not until their return date. */
export function availability(
	profile: { availability: string | null; away_until: string | null },
	userStatus: string,
	today: string,
): Why | null {
	if (userStatus !== 'active') return { code: 'inactive' };
	if (profile.availability === 'paused') return { code: 'paused' };
	if (profile.availability === 'on_leave' && (!profile.away_until || profile.away_until >= today)) {
		return profile.away_until ? { code: 'on_leave_until', params: { until: profile.away_until } } : { code: 'on_leave' };
	}
	return null;
}
