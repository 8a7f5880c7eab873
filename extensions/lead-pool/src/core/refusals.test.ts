import { describe, expect, it } from 'vitest';
import { REFUSAL_TITLES } from './labels';
import { invalid, languageOf, redactRefusal, refusalMessage, RefusalError, STATUS, type Refusal, type RefusalCode } from './refusals';

describe('every refusal has a status and a message in English and Chinese', () => {
	const samples: { code: Exclude<RefusalCode, 'INVALID_PAYLOAD'>; params: Record<string, string | number> }[] = [
		{ code: 'LEAD_POOL_QUOTA_EXCEEDED', params: { stage: 'new', count: 50, cap: 50 } },
		{ code: 'LEAD_POOL_ALREADY_OWNED', params: { key: 3, name: 'Acme' } },
		{ code: 'LEAD_POOL_CLAIM_LIMIT', params: { count: 5, limit: 5, pool: 'East' } },
		{ code: 'LEAD_POOL_COOLDOWN', params: { name: 'Acme', since: '2026-03-01', until: '2026-03-08', days: 7, pool: 'East' } },
		{ code: 'LEAD_POOL_NOT_MEMBER', params: { pool: 'East' } },
		{ code: 'LEAD_POOL_CLAIM_MODE', params: { pool: 'East', mode: 'direct' } },
		{ code: 'LEAD_POOL_REQUEST_PENDING', params: { name: 'Acme' } },
		{ code: 'LEAD_POOL_NOT_OWNER', params: { name: 'Acme' } },
		{ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Assigning customers', what_zh: '分配客户' } },
		{ code: 'LEAD_POOL_NOT_FOUND', params: { key: 9 } },
		{ code: 'LEAD_POOL_FOLLOW_UP_NOT_YOURS', params: { follow_up: 12, why: 'author' } },
		{ code: 'LEAD_POOL_FOLLOW_UP_NOT_YOURS', params: { follow_up: 12, why: 'owner' } },
		{ code: 'LEAD_POOL_POOL_NOT_EMPTY', params: { pool: 'East', count: 4 } },
		{ code: 'LEAD_POOL_OWNS_CUSTOMERS', params: { who: 'Li Lei', count: 4 } },
	];
	for (const { code, params } of samples) {
		it(`${code} (${STATUS[code]}) ${JSON.stringify(params)}`, () => {
			const en = refusalMessage({ code, params }, 'en');
			const zh = refusalMessage({ code, params }, 'zh');
			expect(en).toMatch(/^[A-Z"].*[.]$/);
			expect(zh).toMatch(/[\u4e00-\u9fff]/);
			expect(en).not.toMatch(/undefined|null/);
			expect(zh).not.toMatch(/undefined|null/);
		});
	}
});

describe('a quota refusal names the cap and the count, and who when it is not the reader', () => {
	it('speaks to the rep, or of another rep', () => {
		const params = { stage: 'prospect', count: 100, cap: 100 };
		expect(refusalMessage({ code: 'LEAD_POOL_QUOTA_EXCEEDED', params }, 'en')).toBe(
			'You already own 100 of 100 prospects allowed; release one or ask your manager to raise the cap.',
		);
		const ofAnother = refusalMessage({ code: 'LEAD_POOL_QUOTA_EXCEEDED', params: { ...params, who: 'Li Lei' } }, 'en');
		expect(ofAnother).toMatch(/^Li Lei already owns 100 of 100/);
		expect(refusalMessage({ code: 'LEAD_POOL_QUOTA_EXCEEDED', params }, 'zh')).toMatch(/100 个意向客户（上限 100）/);
	});
});

describe('bad input is INVALID_PAYLOAD with its own text', () => {
	it('in the reader’s language, English when there is no Chinese', () => {
		const r = invalid('Pick a pool.', '请选择公海。', 'pool');
		expect(STATUS[r.code]).toBe(400);
		expect(refusalMessage(r, 'zh')).toBe('请选择公海。');
		expect(refusalMessage({ code: 'INVALID_PAYLOAD', params: { en: 'Pick a pool.' } }, 'zh')).toBe('Pick a pool.');
	});

	it('a RefusalError carries the first refusal and all of them, with the English message', () => {
		const first = invalid('First.', '第一。');
		const error = new RefusalError(first, [first, invalid('Second.', '第二。')]);
		expect(error.message).toBe('First.');
		expect(error.all).toHaveLength(2);
	});
});

describe('the reader’s language', () => {
	it('is Simplified Chinese for zh and zh-CN, Traditional for zh-TW and zh-HK, English otherwise', () => {
		expect(languageOf('zh-CN')).toBe('zh');
		expect(languageOf('zh')).toBe('zh');
		expect(languageOf('zh-TW')).toBe('zh-TW');
		expect(languageOf('en-US')).toBe('en');
		expect(languageOf(null)).toBe('en');
	});
});

describe('a refusal about a customer the reader cannot see', () => {
	it('keeps its code and the customer number, and names no customer, owner or pool', () => {
		const owned = redactRefusal({ code: 'LEAD_POOL_ALREADY_OWNED', key: 42, params: { key: 42, name: 'Secret Trading', owner: 'Li Lei' } });
		expect(owned.code).toBe('LEAD_POOL_ALREADY_OWNED');
		for (const lang of ['en', 'zh'] as const) {
			const text = refusalMessage(owned, lang);
			expect(text).toContain('42');
			expect(text).not.toMatch(/Secret Trading|Li Lei/);
		}
		const member = redactRefusal({ code: 'LEAD_POOL_NOT_MEMBER', key: 42, params: { key: 7, pool: 'Hidden East' } });
		expect(refusalMessage(member, 'en')).toBe('Customer 42 is in a pool you are not a member of; ask your manager to add you or your team.');
		expect(refusalMessage(member, 'zh')).not.toContain('Hidden East');
		const notMine = redactRefusal({ code: 'LEAD_POOL_NOT_OWNER', key: 9, params: { key: 9, name: 'Secret', action: 'release' } });
		expect(refusalMessage(notMine, 'en')).toBe('Customer 9 is not yours; only its owner or a manager can release it.');
	});
	it('leaves refusals without a customer alone', () => {
		const limit = { code: 'LEAD_POOL_CLAIM_LIMIT' as const, params: { count: 5, limit: 5, pool: 'East' } };
		expect(redactRefusal(limit)).toBe(limit);
	});
});

describe('refusals in Traditional Chinese (Taiwan, Hong Kong)', () => {
	it('reads every refusal in Traditional Chinese, names as they were written', () => {
		expect(languageOf('zh-TW')).toBe('zh-TW');
		expect(languageOf('zh-HK')).toBe('zh-TW');
		const notOwner: Refusal = { code: 'LEAD_POOL_NOT_OWNER', key: 3, params: { name: '华东贸易', key: 3 } };
		expect(refusalMessage(notOwner, 'zh-TW')).toBe('客戶 华东贸易 不屬於你；只有負責人或經理可以修改。');
		expect(refusalMessage(invalid('Say why.', '请填写放回原因。'), 'zh-TW')).toBe('請填寫放回原因。');
	});

	it('has a title for the dialog of every code the studio can show', () => {
		for (const code of Object.keys(STATUS).filter((c) => c !== 'INVALID_PAYLOAD')) expect(REFUSAL_TITLES[code], code).toBeDefined();
	});
});
