import { describe, expect, it } from 'vitest';
import { startOfMonthInZone } from './time';

describe('this month, in the settings’ time zone', () => {
	it('starts at midnight of the first day there', () => {
		// 1 March 02:00 in Shanghai is still February in UTC
		expect(startOfMonthInZone(new Date('2026-02-28T18:00:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-02-28T16:00:00.000Z');
		expect(startOfMonthInZone(new Date('2026-03-31T15:59:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-02-28T16:00:00.000Z');
		expect(startOfMonthInZone(new Date('2026-03-15T12:00:00Z'), 'UTC').toISOString()).toBe('2026-03-01T00:00:00.000Z');
		// across a daylight-saving change
		expect(startOfMonthInZone(new Date('2026-03-30T12:00:00Z'), 'Europe/Berlin').toISOString()).toBe('2026-02-28T23:00:00.000Z');
	});
});
