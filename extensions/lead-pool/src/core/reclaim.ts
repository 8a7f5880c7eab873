import { releaseReason } from './labels';
import { isLockActive } from './locks';
import type { Stage } from './quota';
import { invalid, type Refusal } from './refusals';
import { DAY_MS } from './time';

/**
 * Automatic reclaim of neglected customers: the policy, which the SQL of data/reclaim.ts is generated from.
 *
 * Scope: a customer is reclaimed only while a rep owns it, it is not locked, not won (stage `customer`) and not of a
 * tier the pool exempts. Within that scope, a pool's rules:
 * - no contact for N days: the clock runs from the later of the last follow-up and the moment the current owner got
 *   the customer, so a fresh claim restarts it; the customer falls due when N whole days have passed;
 * - not converted within M days of the current owner getting it.
 * The earlier of the two is the due date; the owner is reminded once K days before it (once per due date: a new
 * follow-up moves the due date and opens a new window), and E days before it (`reclaim_escalation_days`) the owner's
 * team manager is told as well. A pool's `reclaim_by_tier` gives the customers of a tier their own N and M (a day
 * count an entry leaves empty keeps the pool's): each tier is reclaimed, reminded and reported by its own days.
 */

/** Stages reclaim never takes a customer from: a won customer stays with the rep who won it. */
export const RECLAIM_EXEMPT_STAGES: readonly Stage[] = ['customer'];

export type ReclaimRule = 'no_contact' | 'not_converted';

export interface ReclaimRules {
	noContactDays: number | null;
	notConvertedDays: number | null;
	reminderDays: number;
	exemptTiers: string[];
}

export interface ClockFacts {
	lastContactAt: Date | null;
	/** when the current owner got the customer (falls back to creation) */
	ownedSince: Date;
}

export interface ScopeFacts {
	owner: string | null;
	locked: boolean;
	/** when a rep's lock ends by itself (null: no end) */
	locked_until?: Date | null;
	stage: Stage;
	tier: string | null;
}

/** Whether reclaim may take this customer at all (whatever its clocks say); a lock whose end has passed is none. */
export function inReclaimScope(c: ScopeFacts, rules: Pick<ReclaimRules, 'exemptTiers'>, now: Date = new Date()): boolean {
	const locked = isLockActive({ locked: c.locked, locked_until: c.locked_until ?? null }, now);
	if (c.owner === null || locked || RECLAIM_EXEMPT_STAGES.includes(c.stage)) return false;
	return c.tier === null || !rules.exemptTiers.includes(c.tier);
}

/** When a customer falls due, and by which rule: the earlier of the two clocks. */
export function dueDate(facts: ClockFacts, rules: ReclaimRules): { due: Date; rule: ReclaimRule } | null {
	const candidates: { due: Date; rule: ReclaimRule }[] = [];
	if (rules.noContactDays !== null) {
		const contacted = facts.lastContactAt && facts.lastContactAt > facts.ownedSince;
		const clock = contacted ? facts.lastContactAt! : facts.ownedSince;
		candidates.push({ due: new Date(clock.getTime() + rules.noContactDays * DAY_MS), rule: 'no_contact' });
	}
	if (rules.notConvertedDays !== null) {
		candidates.push({ due: new Date(facts.ownedSince.getTime() + rules.notConvertedDays * DAY_MS), rule: 'not_converted' });
	}
	if (candidates.length === 0) return null;
	return candidates.reduce((a, b) => (b.due < a.due ? b : a));
}

/** Whether a customer is due now. */
export function isDue(facts: ClockFacts, rules: ReclaimRules, now: Date): boolean {
	const due = dueDate(facts, rules);
	return due !== null && due.due <= now;
}

/** Whether a customer falls due within the reminder window (K days from now) and its owner is to be told. */
export function inReminderWindow(facts: ClockFacts, rules: ReclaimRules, now: Date): boolean {
	if (rules.reminderDays <= 0) return false;
	const due = dueDate(facts, rules);
	return due !== null && due.due <= new Date(now.getTime() + rules.reminderDays * DAY_MS);
}

/**
 * The due date turned around for SQL: the instants a stored clock is compared with, so that the comparison can use
 * an index. A customer is due when its no-contact clock is at or before `noContact`, or the moment its owner got it
 * is at or before `notConverted`; the `remind…` instants are the same K days later. `isDue` and `inReminderWindow`
 * say the same of one customer (core/reclaim.test.ts checks that they agree).
 */
export function cutoffs(now: Date, rules: ReclaimRules) {
	const minus = (days: number | null) => (days === null ? null : new Date(now.getTime() - days * DAY_MS));
	return {
		noContact: minus(rules.noContactDays),
		notConverted: minus(rules.notConvertedDays),
		// reminders: falls due within K days from now
		remindNoContact: rules.noContactDays === null ? null : minus(rules.noContactDays - rules.reminderDays),
		remindNotConverted: rules.notConvertedDays === null ? null : minus(rules.notConvertedDays - rules.reminderDays),
	};
}

/** The release reason a reclaim writes (English, as stored; core/labels words it for the reader). */
export function reclaimReason(rule: ReclaimRule, days: number): string {
	return releaseReason(rule === 'no_contact' ? 'reclaimed_no_contact' : 'reclaimed_not_converted', days);
}

/** A CSV field (Directus `cast-csv`) as a list, whether the driver hands back text or an array. */
export function parseList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value.trim()) return value.split(',').map((s) => s.trim()).filter(Boolean);
	return [];
}

/** One entry of a pool's `reclaim_by_tier`. */
export interface TierRule {
	tier: string;
	noContactDays: number | null;
	notConvertedDays: number | null;
}

const RECLAIM_TIERS = ['A', 'B', 'C'];

/** The tier entries of a pool as stored (JSON text or parsed); entries that are not valid are left out. */
export function parseReclaimByTier(value: unknown): TierRule[] {
	let list: unknown = value;
	if (typeof value === 'string') {
		try {
			list = JSON.parse(value);
		} catch {
			return [];
		}
	}
	if (!Array.isArray(list)) return [];
	const days = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : NaN);
	const out: TierRule[] = [];
	for (const entry of list) {
		if (!entry || typeof entry !== 'object') continue;
		const e = entry as Record<string, unknown>;
		const rule = { tier: String(e['tier'] ?? ''), noContactDays: days(e['no_contact_days']), notConvertedDays: days(e['not_converted_days']) };
		if (!RECLAIM_TIERS.includes(rule.tier) || Number.isNaN(rule.noContactDays) || Number.isNaN(rule.notConvertedDays)) continue;
		if (out.some((r) => r.tier === rule.tier)) continue;
		out.push(rule);
	}
	return out;
}

/** Why a `reclaim_by_tier` value cannot be stored (null: it can). */
export function reclaimByTierRefusal(value: unknown): Refusal | null {
	if (value === null || value === undefined || value === '') return null;
	const list = typeof value === 'string' ? safeJson(value) : value;
	const field = 'reclaim_by_tier';
	const shape = invalid(
		'"Reclaim days by tier" must be a list of { tier, no_contact_days, not_converted_days } with tier A, B or C and days from 1 to 3650.',
		'「按等级回收天数」必须是 { tier, no_contact_days, not_converted_days } 的列表，等级为 A、B 或 C，天数为 1 到 3650。',
		field,
	);
	if (!Array.isArray(list)) return shape;
	const seen = new Set<string>();
	for (const entry of list) {
		if (!entry || typeof entry !== 'object') return shape;
		const e = entry as Record<string, unknown>;
		if (!RECLAIM_TIERS.includes(String(e['tier']))) return shape;
		for (const key of ['no_contact_days', 'not_converted_days']) {
			const v = e[key];
			if (v === null || v === undefined || v === '') continue;
			if (!Number.isInteger(Number(v)) || Number(v) < 1 || Number(v) > 3650) return shape;
		}
		if (seen.has(String(e['tier']))) {
			return invalid(`Tier ${e['tier']} is listed twice in "Reclaim days by tier".`, `「按等级回收天数」中等级 ${e['tier']} 重复。`, field);
		}
		seen.add(String(e['tier']));
	}
	return null;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}

/**
 * A pool's rules split by tier: one group per tier entry (the entry's days, the pool's where it leaves one empty) and
 * one for every other customer of the pool (the pool's own days). Exempt tiers are left out of every group.
 */
export function rulesByTier(rules: ReclaimRules, tiers: readonly TierRule[]): { tiers: string[] | null; rules: ReclaimRules }[] {
	const own = tiers.filter((t) => !rules.exemptTiers.includes(t.tier));
	const groups: { tiers: string[] | null; rules: ReclaimRules }[] = own.map((t) => ({
		tiers: [t.tier],
		rules: { ...rules, noContactDays: t.noContactDays ?? rules.noContactDays, notConvertedDays: t.notConvertedDays ?? rules.notConvertedDays },
	}));
	// the rest of the pool: every tier without an entry of its own (and customers without a tier)
	groups.push({ tiers: null, rules: { ...rules, exemptTiers: [...rules.exemptTiers, ...own.map((t) => t.tier)] } });
	return groups.filter((g) => g.rules.noContactDays !== null || g.rules.notConvertedDays !== null);
}
