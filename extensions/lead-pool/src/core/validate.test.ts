import { describe, expect, it } from 'vitest';
import { validatePool, validateRepProfile, validateSettings } from './validate';

const field = (r: ReturnType<typeof validateSettings>) => r?.params['field'];

describe('the global settings', () => {
	it('caps are whole numbers of 0 or more, and cannot be emptied', () => {
		expect(validateSettings({ max_new_per_rep: 0, max_prospects_per_rep: 100 })).toBeNull();
		expect(field(validateSettings({ max_new_per_rep: -1 }))).toBe('max_new_per_rep');
		expect(field(validateSettings({ max_prospects_per_rep: 1.5 }))).toBe('max_prospects_per_rep');
		expect(field(validateSettings({ max_new_per_rep: null }))).toBe('max_new_per_rep');
		expect(validateSettings({ max_new_per_rep: -1 })?.params['en']).toMatch(/Max new customers per rep.*0 to 1000000/);
	});

	it('the time zone is an IANA zone and the reclaim schedule a cron expression', () => {
		expect(validateSettings({ timezone: 'Asia/Shanghai', reclaim_schedule: '0 * * * *' })).toBeNull();
		expect(field(validateSettings({ timezone: 'Mars/Olympus' }))).toBe('timezone');
		expect(field(validateSettings({ reclaim_schedule: 'every hour' }))).toBe('reclaim_schedule');
		expect(validateSettings({ reclaim_schedule: '*/15 9-18 * * MON-FRI' })).toBeNull();
		expect(field(validateSettings({ reclaim_schedule: '* * *' }))).toBe('reclaim_schedule');
		expect(field(validateSettings({ reclaim_schedule: '* * * * * *' }))).toBe('reclaim_schedule');
		expect(field(validateSettings({ reclaim_schedule: '0 0 31 2 *', timezone: 'Asia/Shanghai' }))).toBe('reclaim_schedule');
	});
});

describe('a pool', () => {
	const facts = { memberCount: 1, customersInPool: 0, wasActive: true };

	it('day counts are within their ranges, and a reminder comes before the reclaim', () => {
		expect(field(validatePool({ cooldown_days: -1 }, {}, facts))).toBe('cooldown_days');
		const merged = { reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 10 };
		expect(field(validatePool({ reclaim_reminder_days: 10 }, merged, facts))).toBe('reclaim_reminder_days');
		expect(field(validatePool({ reclaim_enabled: true }, { reclaim_enabled: true }, facts))).toBe('reclaim_enabled');
	});

	it('a pool that lets members claim needs members, unless it is company-wide or assigns only', () => {
		const empty = { ...facts, memberCount: 0 };
		const claiming = { status: 'active', kind: 'department', claim_policy: 'open', claim_direct: true };
		expect(field(validatePool({}, claiming, empty))).toBe('members');
		expect(validatePool({}, { ...claiming, kind: 'company' }, empty)).toBeNull();
		expect(validatePool({}, { ...claiming, claim_policy: 'assigned_only' }, empty)).toBeNull();
	});

	it('a pool that still holds customers cannot be disabled', () => {
		const r = validatePool({ status: 'disabled' }, { status: 'disabled' }, { ...facts, customersInPool: 4 });
		expect(r?.params['en']).toMatch(/still holds 4 customers/);
	});
});

describe('a rep profile', () => {
	it('caps and monthly capacity are whole numbers of 0 or more; availability is one of three', () => {
		expect(validateRepProfile({ max_new: 0, max_prospects: null, monthly_capacity: 20, availability: 'on_leave' })).toBeNull();
		expect(field(validateRepProfile({ max_prospects: -1 }))).toBe('max_prospects');
		expect(field(validateRepProfile({ availability: 'asleep' }))).toBe('availability');
	});
});
