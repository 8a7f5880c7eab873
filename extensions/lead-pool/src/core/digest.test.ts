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

	it('speaks Traditional Chinese to a zh-TW rep, one language, the names as written', () => {
		const note = digestNote('zh-TW', {
			contacts: [
				{ name: '华东贸易', next_contact_at: new Date('2026-03-08T02:00:00Z') },
				{ name: 'Today Co', next_contact_at: new Date('2026-03-11T02:00:00Z') },
			],
			due: [{ name: '广州进出口', due_at: new Date('2026-03-12T02:00:00Z'), pool_name: '华南公海' }],
			today,
			timeZone: tz,
		});
		expect(note.subject).toBe('今日客戶：今日待聯絡 2 個（逾期 1 個），1 個即將被回收');
		expect(note.message).toContain('**今日待聯絡** (2)');
		expect(note.message).toContain('- 华东贸易 — 2026-03-08 起逾期');
		expect(note.message).toContain('**即將被回收：請跟進以保留** (1)');
		expect(note.message).toContain('- 广州进出口 — 2026-03-12 回到公海「华南公海」');
		// no Simplified text of the digest's own (客户, 联系, 个, 请) and no English
		for (const simplified of ['客户', '联系', '个', '请', '即将']) expect(note.subject + note.message.replace(/华东贸易|广州进出口|华南公海/g, '')).not.toContain(simplified);
		expect(note.message).not.toMatch(/overdue|fall due|To contact/);
	});

	it('goes to each owner with something to list, once', () => {
		const c = { name: 'x', next_contact_at: today };
		const d = { name: 'y', due_at: today, pool_name: 'p' };
		expect(digestRecipients(new Map([['a', [c]], ['b', []]]), new Map([['a', [d]], ['c', [d]]])).sort()).toEqual(['a', 'c']);
	});
});
