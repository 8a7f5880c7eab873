import { describe, expect, it } from 'vitest';
import { digestNote, digestRecipients, DIGEST_MAX_NAMES } from './digest';

const today = new Date('2026-03-10T16:00:00Z'); // 2026-03-11 00:00 in Shanghai
const tz = 'Asia/Shanghai';

describe('the morning digest', () => {
	it('lists overdue contacts first with the day they fell due, then those falling due, in English', () => {
		const note = digestNote('en', {
			contacts: [
				{ name: 'Today Co', next_contact_at: new Date('2026-03-11T02:00:00Z') },
				{ name: 'Late Co', next_contact_at: new Date('2026-03-08T02:00:00Z') },
			],
			due: [{ name: 'Falling Co', due_at: new Date('2026-03-12T02:00:00Z'), pool_name: 'East' }],
			today,
			timeZone: tz,
		});
		expect(note.subject).toBe('Your day: 2 to contact today (1 overdue), 1 fall due for reclaim');
		const lines = note.message.split('\n');
		expect(lines.indexOf('- Late Co — overdue since 2026-03-08')).toBeLessThan(lines.indexOf('- Today Co'));
		expect(note.message).toContain('- Falling Co — back to "East" on 2026-03-12');
	});

	it('speaks Chinese and counts the names it leaves out', () => {
		const contacts = Array.from({ length: DIGEST_MAX_NAMES + 3 }, (_, i) => ({ name: `客户${i}`, next_contact_at: new Date('2026-03-11T02:00:00Z') }));
		const note = digestNote('zh', { contacts, due: [], today, timeZone: tz });
		expect(note.subject).toBe(`今日客户：今日待联系 ${DIGEST_MAX_NAMES + 3} 个`);
		expect(note.message).toContain('另有 3 个');
		expect(note.message).not.toContain(`客户${DIGEST_MAX_NAMES}\n`);
	});

	it('goes to each owner with something to list, once', () => {
		const c = { name: 'x', next_contact_at: today };
		const d = { name: 'y', due_at: today, pool_name: 'p' };
		expect(digestRecipients(new Map([['a', [c]], ['b', []]]), new Map([['a', [d]], ['c', [d]]])).sort()).toEqual(['a', 'c']);
	});
});
