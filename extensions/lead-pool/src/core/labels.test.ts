import { describe, expect, it } from 'vitest';
import { CUSTOMER_CHOICES, CUSTOMER_FIELDS, EVENT_REASONS, LANGUAGES, RELEASE_REASONS, assignmentReason, daysSinceText, eventReason, labelIn, languageKey, reasonText, releaseReason, storedReasonIn, type Why } from './labels';

describe('labels: one language at a time', () => {
	it('reads Traditional Chinese for Taiwan and Hong Kong, Simplified for other Chinese, English otherwise', () => {
		expect(languageKey('zh-TW')).toBe('zh-TW');
		expect(languageKey('zh-HK')).toBe('zh-TW');
		expect(languageKey('zh-CN')).toBe('zh-CN');
		expect(languageKey('zh')).toBe('zh-CN');
		expect(languageKey('en-US')).toBe('en-US');
		expect(languageKey(null)).toBe('en-US');
		expect(labelIn(CUSTOMER_CHOICES['source']!['trade_show']!, 'zh-HK')).toBe('展會名片');
	});

	it('has every label in every language, none mixing two languages in one string', () => {
		const labels = [...Object.values(CUSTOMER_CHOICES).flatMap((c) => Object.values(c)), ...Object.values(CUSTOMER_FIELDS).map((f) => f.label)];
		for (const label of labels) for (const lang of LANGUAGES) expect(label[lang]).toMatch(/^[^·]+$/);
	});

	it('gives no two fields the same header name, so a spreadsheet column maps to one field', () => {
		const seen = new Map<string, string>();
		for (const [field, { label, aliases }] of Object.entries(CUSTOMER_FIELDS)) {
			for (const name of [...Object.values(label), ...aliases, field].map((n) => n.toLowerCase())) {
				if (seen.has(name) && seen.get(name) !== field) throw new Error(`"${name}" names both ${seen.get(name)} and ${field}`);
				seen.set(name, field);
			}
		}
		expect(seen.get('公司名称')).toBe('name');
		expect(seen.get('地区')).toBe('region');
	});
});

describe('release reasons: stored in English, read in the reader’s language', () => {
	it('words Lead Pool’s own reasons and leaves a typed reason as typed', async () => {
		const { reclaimReason } = await import('./reclaim');
		const stored = reclaimReason('no_contact', 30);
		expect(stored).toBe('Reclaimed: no follow-up for 30 days');
		expect(storedReasonIn(stored, 'zh-CN')).toBe('系统回收：30 天未跟进');
		expect(storedReasonIn(stored, 'zh-TW')).toBe('系統回收：30 天未跟進');
		expect(storedReasonIn(stored, 'en-US')).toBe(stored);
		expect(storedReasonIn(reclaimReason('not_converted', 90), 'zh-CN')).toBe('系统回收：领取后 90 天内未成交');
		expect(storedReasonIn(releaseReason('deleted'), 'zh-CN')).toBe('删除后退回公海');
		expect(storedReasonIn(releaseReason('by_manager'), 'zh-TW')).toBe('經理退回公海');
		expect(storedReasonIn('No budget this year', 'zh-CN')).toBe('No budget this year');
		expect(storedReasonIn('Reclaimed: no follow-up for many days', 'zh-CN')).toBe('Reclaimed: no follow-up for many days');
		expect(storedReasonIn(null, 'zh-CN')).toBe('');
	});
	it('every wording keeps its number and says no English in Chinese', () => {
		for (const [code, label] of Object.entries(RELEASE_REASONS)) {
			for (const language of ['zh-CN', 'zh-TW'] as const) {
				const text = storedReasonIn(releaseReason(code as keyof typeof RELEASE_REASONS, 7), language);
				expect(text, code).not.toMatch(/[A-Za-z]/);
				if (label['en-US'].includes('{days}')) expect(text, code).toContain('7');
			}
		}
	});
});

describe('audit-trail reasons of a customer entered: stored in English, read in the reader’s language', () => {
	it('words a possible duplicate and an owner at their cap, with the numbers and the name as stored', () => {
		const dup = eventReason('duplicate_phone', { id: 42 });
		expect(dup).toBe('Possible duplicate of #42 (same phone)');
		expect(storedReasonIn(dup, 'zh-CN')).toBe('疑似与 #42 重复（电话相同）');
		expect(storedReasonIn(eventReason('duplicate_email', { id: 7 }), 'zh-TW')).toBe('疑似與 #7 重複（電子郵件相同）');
		expect(storedReasonIn(eventReason('duplicate_name', { id: 9 }), 'en-US')).toBe('Possible duplicate of #9 (same name)');
		const cap = eventReason('over_cap_prospect', { who: 'Li Lei', count: 100, cap: 100, stage: 'prospect' });
		expect(cap).toBe('Went to the pool: Li Lei already owns 100 of 100 prospects allowed');
		expect(storedReasonIn(cap, 'zh-CN')).toBe('已放入公海：Li Lei已拥有 100 个意向客户（上限 100）');
		// a name that reads like the template's own words stays as written
		const odd = eventReason('over_cap_new', { who: '王 already owns 1 of', count: 3, cap: 3 });
		expect(storedReasonIn(odd, 'zh-TW')).toBe('已放入公海：王 already owns 1 of已擁有 3 個新客戶（上限 3）');
		// not a number where one belongs: not Lead Pool's wording, left as stored
		expect(storedReasonIn('Possible duplicate of #abc (same phone)', 'zh-CN')).toBe('Possible duplicate of #abc (same phone)');
	});
	it('every wording keeps its values and says no English in Chinese', () => {
		for (const code of Object.keys(EVENT_REASONS) as (keyof typeof EVENT_REASONS)[]) {
			for (const language of ['zh-CN', 'zh-TW'] as const) {
				const text = storedReasonIn(eventReason(code, { id: 5, who: '张三', count: 8, cap: 9 }), language);
				expect(text, code).not.toMatch(/[A-Za-z]/);
				for (const value of EVENT_REASONS[code]['en-US'].includes('{id}') ? ['5'] : ['张三', '8', '9']) expect(text, code).toContain(value);
			}
		}
	});
});

describe('an assignment’s reason as the audit trail keeps it, read in the reader’s language', () => {
	it('words "<rule>: <reason>" from the English the events store, nested phrases included', () => {
		const why: Why[] = [{ code: 'all_full' }, { code: 'fallback_rep_unavailable', params: { block: { code: 'on_leave_until', params: { until: '2026-12-01' } } } }, { code: 'left_in_pool' }];
		const stored = `Alibaba: leader: ${reasonText(why, 'en-US')}`;
		expect(storedReasonIn(stored, 'zh-CN')).toBe(`Alibaba: leader：${reasonText(why, 'zh-CN')}`);
		expect(storedReasonIn(stored, 'en-US')).toBe(stored);
		const territory = `Directory: ${reasonText([{ code: 'territory_strength', params: { region: 'Europe', industry: 'Machinery' } }], 'en-US')}`;
		expect(storedReasonIn(territory, 'zh-TW')).toBe('Directory：負責歐洲，擅長機械');
		expect(storedReasonIn('Customer: asked for a quote', 'zh-CN')).toBe('Customer: asked for a quote');
	});

	it('is written and read by one function: what assignmentReason stores reads back as assignmentReason in each language', () => {
		const why: Why[] = [{ code: 'least_loaded', params: { count: 3 } }];
		const stored = assignmentReason('East: new leads', why);
		expect(stored).toBe(`East: new leads: ${reasonText(why, 'en-US')}`);
		for (const language of LANGUAGES) expect(storedReasonIn(stored, language)).toBe(assignmentReason('East: new leads', why, language));
		expect(assignmentReason('East', why, 'zh-CN')).toBe(`East：${reasonText(why, 'zh-CN')}`);
	});
});

describe('days since the last contact, as the customer lists show it', () => {
	it('counts in the reader’s language, with the contact cycle in the tooltip, Traditional for zh-TW', () => {
		expect(daysSinceText(1, 7, 'en-US')).toEqual({ text: '1 day', title: 'Contact cycle 7 days' });
		expect(daysSinceText(12, 7, 'en-US')).toEqual({ text: '12 days', title: 'Contact cycle 7 days, past it' });
		expect(daysSinceText(12, 7, 'zh-CN')).toEqual({ text: '12 天', title: '联系周期 7 天，已超期' });
		expect(daysSinceText(3, 7, 'zh-TW')).toEqual({ text: '3 天', title: '聯絡週期 7 天' });
		expect(daysSinceText(3, null, 'zh-TW').title).toBe('未設聯絡週期');
		expect(daysSinceText(3, null, 'zh-HK').title).toBe('未設聯絡週期');
		expect(daysSinceText(3, null, 'en-US').title).toBe('No contact cycle');
	});
});
