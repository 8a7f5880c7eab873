import { describe, expect, it } from 'vitest';
import { CUSTOMER_CHOICES, CUSTOMER_FIELDS, LANGUAGES, labelIn, languageKey } from './labels';

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
