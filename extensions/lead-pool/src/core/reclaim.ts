import { DAY_MS } from './time';

/**
 * Automatic reclaim of neglected customers. A pool's rules, per owned customer that is not locked, not won and not
 * of an exempt tier:
 * - no contact for N days: the clock runs from the later of the last follow-up and the moment the current owner got
 *   the customer, so a fresh claim restarts it; the customer falls due when N whole days have passed;
 * - not converted within M days of the current owner getting it.
 * The earlier of the two is the due date; the owner is reminded once K days before it (once per due date: a new
 * follow-up moves the due date and opens a new window).
 */

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

export function dueDate(facts: ClockFacts, rules: ReclaimRules): { due: Date; rule: ReclaimRule } | null {
	const candidates: { due: Date; rule: ReclaimRule }[] = [];
	if (rules.noContactDays !== null) {
		const clock = facts.lastContactAt && facts.lastContactAt > facts.ownedSince ? facts.lastContactAt : facts.ownedSince;
		candidates.push({ due: new Date(clock.getTime() + rules.noContactDays * DAY_MS), rule: 'no_contact' });
	}
	if (rules.notConvertedDays !== null) candidates.push({ due: new Date(facts.ownedSince.getTime() + rules.notConvertedDays * DAY_MS), rule: 'not_converted' });
	if (candidates.length === 0) return null;
	return candidates.reduce((a, b) => (b.due < a.due ? b : a));
}

/** The cut-off instants the SQL compares with: a clock at or before `noContact` is due, and so on. */
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

export function reclaimReason(rule: ReclaimRule, days: number): string {
	return rule === 'no_contact' ? `Reclaimed: no follow-up for ${days} days · 自动回收：${days} 天未跟进` : `Reclaimed: not converted within ${days} days of being claimed · 自动回收：领取后 ${days} 天未成交`;
}

/** A CSV field (Directus `cast-csv`) as a list, whether the driver hands back text or an array. */
export function parseList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value.trim()) return value.split(',').map((s) => s.trim()).filter(Boolean);
	return [];
}
