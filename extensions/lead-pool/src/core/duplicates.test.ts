import { describe, expect, it } from 'vitest';
import { duplicateQuery, likeEscape, RateLimiter } from './duplicates';

describe('what a duplicate-check keyword compares with', () => {
	it('names by their normalised key, phones by digits, e-mails without case', () => {
		expect(duplicateQuery('华尔太有限公司')).toMatchObject({ name: '华尔太', phones: [], phoneLocals: [], email: null });
		expect(duplicateQuery('+86 138-0013-8000').phones).toContain('8613800138000');
		expect(duplicateQuery('021 5555 0199').phoneLocals).toEqual(['55550199']);
		expect(duplicateQuery('13800').phones).toEqual([]);
		expect(duplicateQuery('Sales@Example.com').email).toBe('sales@example.com');
		expect(duplicateQuery('Atlas 2000').phones).toEqual([]);
	});
	it('escapes LIKE wildcards', () => {
		expect(likeEscape('50%_off\\')).toBe('50\\%\\_off\\\\');
	});
});

describe('the duplicate check’s rate limit', () => {
	it('allows a burst, then refills over time', () => {
		const limiter = new RateLimiter(60, 3);
		expect([1, 2, 3, 4].map(() => limiter.take('u', 0))).toEqual([true, true, true, false]);
		expect(limiter.take('u', 1000)).toBe(true);
		expect(limiter.take('other', 0)).toBe(true);
	});
});
