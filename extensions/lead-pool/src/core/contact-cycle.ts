import { DAY_MS } from './time';

/**
 * Days since the last contact, against the contact cycle (the customer's own, else its tier's from settings): the
 * my-day report and the "Days since last contact" column of the customer lists. The clock runs from the last
 * contact, or from when the owner got the customer if never contacted.
 */
export interface ContactClock {
	days: number | null;
	cycle: number | null;
	past: boolean;
}

export function contactClock(
	now: Date,
	facts: { lastContactAt: Date | null; ownedSince: Date | null; ownCycle: number | null; tier: string | null },
	cyclesByTier: Record<string, number>,
): ContactClock {
	const since = facts.lastContactAt ?? facts.ownedSince;
	const cycle = facts.ownCycle ?? (facts.tier && cyclesByTier[facts.tier] !== undefined ? cyclesByTier[facts.tier]! : null);
	const days = since ? Math.max(0, Math.floor((now.getTime() - since.getTime()) / DAY_MS)) : null;
	return { days, cycle, past: days !== null && cycle !== null && days > cycle };
}

/**
 * The column's value, as text a reader and the list's display both understand: `"12/7"` is 12 days against a
 * 7-day cycle, `"12/"` 12 days with no cycle, null when there is no clock (an unowned customer never contacted).
 */
export function contactClockText(clock: ContactClock): string | null {
	return clock.days === null ? null : `${clock.days}/${clock.cycle ?? ''}`;
}
