import { describe, expect, it } from 'vitest';
import { phoneCandidates, phoneKeys } from './phone';

/** Whether a typed keyword finds a stored phone under the matching rule (exact keys, exact local numbers). */
function finds(typed: string, stored: string): boolean {
	const q = phoneCandidates(typed);
	const s = phoneKeys(stored);
	return (s.key !== null && q.keys.includes(s.key)) || (s.local !== null && q.locals.includes(s.local));
}

describe('phones identify a number, never leak one', () => {
	it('finds a number typed whole: international, national, with the trunk 0, or the local number of a card', () => {
		const stored = '+86 21 5555 0199';
		for (const typed of ['+86 21 5555 0199', '008621 55550199', '021-5555-0199', '2155550199', '55550199', '5555 0199']) expect(finds(typed, stored)).toBe(true);
		expect(finds('138 1234 5678', '+8613812345678')).toBe(true);
		expect(finds('+1 (212) 555-0199', '212-555-0199 ')).toBe(false); // read as a Chinese number without a country code
		expect(finds('5550199', '+1 212 555 0199')).toBe(true);
		expect(finds('021 5555 0199', '55550199')).toBe(true); // a card printed without its area code
	});

	it('never matches a fragment, so digits cannot be guessed one at a time', () => {
		const stored = '+86 138 1234 5678';
		for (const typed of ['138', '13812', '1381234', '12345678', '381234567', '2345678']) expect(finds(typed, stored)).toBe(false);
		expect(finds('5550199', '+86 21 5555 0199')).toBe(false);
		expect(finds('555501', '+86 21 5555 0199')).toBe(false);
		expect(phoneCandidates('123456')).toEqual({ keys: [], locals: [] });
	});

	it('gives mobiles no local number and fixed lines their subscriber number', () => {
		expect(phoneKeys('13812345678')).toEqual({ key: '8613812345678', local: null });
		expect(phoneKeys('010-6552 9988')).toEqual({ key: '861065529988', local: '65529988' });
		expect(phoneKeys('0755-8888 1234')).toEqual({ key: '8675588881234', local: '88881234' });
		expect(phoneKeys('+1 212 555 0199').local).toBe('5550199');
	});
});
