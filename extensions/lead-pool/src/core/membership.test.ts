import { describe, expect, it } from 'vitest';
import { isCompanyWide, isMemberOf } from './membership';

describe('membership of a pool', () => {
	it('a rep is a member of an active pool among their pools, never of a disabled one', () => {
		const mine = new Set([1, 2]);
		expect(isMemberOf({ id: 1, status: 'active' }, mine)).toBe(true);
		expect(isMemberOf({ id: 3, status: 'active' }, mine)).toBe(false);
		expect(isMemberOf({ id: 2, status: 'disabled' }, mine)).toBe(false);
		expect(isMemberOf(undefined, mine)).toBe(false);
	});

	it('company-wide pools take every rep', () => {
		expect(isCompanyWide({ kind: 'company' })).toBe(true);
		expect(isCompanyWide({ kind: 'department' })).toBe(false);
	});
});
