import { describe, expect, it } from 'vitest';
import { convertedAt, EVENT, stageEvent } from './events';

describe('a won deal is an event, and so is taking it back', () => {
	it('entering the stage customer is a win, leaving it a revert, other changes neither', () => {
		expect(stageEvent('new', 'customer')).toBe(EVENT.won);
		expect(stageEvent('prospect', 'customer')).toBe(EVENT.won);
		expect(stageEvent('customer', 'new')).toBe(EVENT.won_reverted);
		expect(stageEvent('customer', 'prospect')).toBe(EVENT.won_reverted);
		expect(stageEvent('customer', 'customer')).toBeNull();
		expect(stageEvent('new', 'prospect')).toBeNull();
	});

	it('the conversion stamp follows the stage', () => {
		const now = new Date('2026-11-24T08:00:00Z');
		expect(convertedAt('customer', now)).toBe(now);
		expect(convertedAt('prospect', now)).toBeNull();
	});
});
