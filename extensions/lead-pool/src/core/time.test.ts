import { describe, expect, it } from 'vitest';
import { daysOfWindow, startOfMonthInZone, wholeHourOffsets } from './time';

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

describe('the days a window of instants covers, for rows dated by day', () => {
	it('counts the window’s days in the company’s zone, the last day in full, and an open end as every later day', () => {
		// 2026-10-31T16:00Z is already 1 November in Shanghai
		const from = new Date('2026-10-31T16:00:00Z');
		expect(daysOfWindow({ from, to: new Date('2026-11-30T16:00:00Z') }, 'Asia/Shanghai')).toEqual(['2026-11-01', '2026-11-30']);
		expect(daysOfWindow({ from, to: new Date('2026-11-30T16:00:00Z') }, 'UTC')).toEqual(['2026-10-31', '2026-11-30']);
		expect(daysOfWindow({ from, to: null }, 'Asia/Shanghai')).toEqual(['2026-11-01', '9999-12-31']);
	});
});

describe('whether counts kept per UTC hour fall into a zone’s weeks exactly', () => {
	const from = new Date('2026-01-01T00:00:00Z');
	const to = new Date('2026-12-31T00:00:00Z');
	it('holds where the offset is whole hours all year, across daylight-saving changes', () => {
		expect(wholeHourOffsets('Asia/Shanghai', from, to)).toBe(true);
		expect(wholeHourOffsets('Europe/Berlin', from, to)).toBe(true);
		expect(wholeHourOffsets('UTC', from, to)).toBe(true);
	});
	it('fails for half- and quarter-hour zones, and for a zone that is half an hour off for part of the window only', () => {
		expect(wholeHourOffsets('Asia/Kolkata', from, to)).toBe(false);
		expect(wholeHourOffsets('Asia/Kathmandu', from, to)).toBe(false);
		// Lord Howe Island: +11 in (southern) summer, +10:30 from early April to early October
		expect(wholeHourOffsets('Australia/Lord_Howe', new Date('2026-01-01T00:00:00Z'), new Date('2026-03-01T00:00:00Z'))).toBe(true);
		expect(wholeHourOffsets('Australia/Lord_Howe', new Date('2026-01-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'))).toBe(false);
	});
});
