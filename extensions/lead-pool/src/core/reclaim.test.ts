import { describe, expect, it } from 'vitest';
import { cutoffs, dueDate, inReclaimScope, inReminderWindow, isDue, parseList, reclaimReason } from './reclaim';

const DAY = 86_400_000;
const t0 = new Date('2026-03-01T00:00:00Z');
const rules = { noContactDays: 30, notConvertedDays: 90, reminderDays: 3, exemptTiers: [] };

describe('when a customer falls due', () => {
	it('runs the no-contact clock from the later of last follow-up and claim', () => {
		expect(dueDate({ lastContactAt: null, ownedSince: t0 }, rules)).toEqual({ due: new Date(t0.getTime() + 30 * DAY), rule: 'no_contact' });
		const later = new Date(t0.getTime() + 10 * DAY);
		expect(dueDate({ lastContactAt: later, ownedSince: t0 }, rules)!.due).toEqual(new Date(later.getTime() + 30 * DAY));
		const before = new Date(t0.getTime() - 10 * DAY);
		expect(dueDate({ lastContactAt: before, ownedSince: t0 }, rules)!.due).toEqual(new Date(t0.getTime() + 30 * DAY));
	});
	it('takes the earlier of the two rules', () => {
		const contacted = new Date(t0.getTime() + 80 * DAY);
		expect(dueDate({ lastContactAt: contacted, ownedSince: t0 }, rules)).toEqual({
			due: new Date(t0.getTime() + 90 * DAY),
			rule: 'not_converted',
		});
	});
	it('is never due without rules', () => {
		expect(dueDate({ lastContactAt: null, ownedSince: t0 }, { ...rules, noContactDays: null, notConvertedDays: null })).toBeNull();
	});
	it('cut-offs are N days and N-K days before now', () => {
		const c = cutoffs(t0, rules);
		expect(c.noContact).toEqual(new Date(t0.getTime() - 30 * DAY));
		expect(c.remindNoContact).toEqual(new Date(t0.getTime() - 27 * DAY));
		expect(c.notConverted).toEqual(new Date(t0.getTime() - 90 * DAY));
	});
	it('says which rule and how many days', () => {
		expect(reclaimReason('no_contact', 30)).toMatch(/no follow-up for 30 days/);
		expect(reclaimReason('not_converted', 90)).toMatch(/90 days/);
	});
	it('reads exempt tiers from a CSV field', () => {
		expect(parseList('A, B')).toEqual(['A', 'B']);
		expect(parseList(null)).toEqual([]);
	});
});

describe('what reclaim may take', () => {
	const owned = { owner: 'rep-a', locked: false, stage: 'new' as const, tier: 'B' };
	it('owned customers that are not locked, not won and not of an exempt tier', () => {
		expect(inReclaimScope(owned, rules)).toBe(true);
		expect(inReclaimScope({ ...owned, owner: null }, rules)).toBe(false);
		expect(inReclaimScope({ ...owned, locked: true }, rules)).toBe(false);
		const now = new Date('2026-06-01T00:00:00Z');
		expect(inReclaimScope({ ...owned, locked: true, locked_until: new Date('2026-06-02T00:00:00Z') }, rules, now)).toBe(false);
		expect(inReclaimScope({ ...owned, locked: true, locked_until: new Date('2026-05-31T00:00:00Z') }, rules, now)).toBe(true);
		expect(inReclaimScope({ ...owned, stage: 'customer' }, rules)).toBe(false);
		expect(inReclaimScope(owned, { exemptTiers: ['B'] })).toBe(false);
		expect(inReclaimScope({ ...owned, tier: null }, { exemptTiers: ['B'] })).toBe(true);
	});
});

describe('the cut-offs the SQL compares with say what the due date says', () => {
	// A fixed grid of clocks around the cut-offs: for each, "clock at or before the cut-off" must agree with the
	// due date being at or before now (and within the reminder window for the reminder cut-offs).
	it('for due customers and for reminders', () => {
		const now = new Date('2026-06-01T00:00:00Z');
		const c = cutoffs(now, rules);
		for (let ownedDaysAgo = 0; ownedDaysAgo <= 100; ownedDaysAgo += 1) {
			for (const contactedDaysAgo of [null, 0, 10, 26.5, 27, 29.9, 30, 31, 60]) {
				const ownedSince = new Date(now.getTime() - ownedDaysAgo * DAY);
				const lastContactAt = contactedDaysAgo === null ? null : new Date(now.getTime() - contactedDaysAgo * DAY);
				const clock = lastContactAt && lastContactAt > ownedSince ? lastContactAt : ownedSince;
				const dueBySql = clock <= c.noContact! || ownedSince <= c.notConverted!;
				const remindBySql = clock <= c.remindNoContact! || ownedSince <= c.remindNotConverted!;
				expect(isDue({ lastContactAt, ownedSince }, rules, now)).toBe(dueBySql);
				expect(inReminderWindow({ lastContactAt, ownedSince }, rules, now)).toBe(remindBySql);
			}
		}
	});
});
