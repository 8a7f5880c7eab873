import { describe, expect, it } from 'vitest';
import { emailKey, nameKey, phoneKey } from './normalize';

describe('name keys', () => {
	it.each([
		['华尔太有限公司', '华尔太'],
		['华尔太股份有限公司', '华尔太'],
		['ＡＢＣ Trading Co., Ltd.', 'abctrading'],
		['Atlas Supply Inc.', 'atlassupply'],
		['Blue  Harbor GmbH', 'blueharbor'],
		['Orion LLC', 'orion'],
	])('%s → %s', (name, key) => {
		expect(nameKey(name)).toBe(key);
	});
	it('keeps a name that is only a suffix', () => {
		expect(nameKey('公司')).toBe('公司');
	});
	it('is null for empty names', () => {
		expect(nameKey('  ')).toBeNull();
		expect(nameKey(null)).toBeNull();
	});
});

describe('pairs that must match, and pairs that must not', () => {
	const same: [string, string][] = [
		['華爾太有限公司', '华尔太'],
		['華爾太股份有限公司', '华尔太有限公司'],
		['ＡＴＬＡＳ　Ｔｒａｄｉｎｇ', 'Atlas Trading Co., Ltd.'],
		['Blue Harbor GmbH', 'blue-harbor'],
		['臺灣機械公司', '台湾机械'],
	];
	const different: [string, string][] = [
		['华尔太', '华尔泰'],
		['Atlas Trading', 'Atlas Supply'],
		['上海恒信', '深圳恒信'],
	];
	it.each(same)('%s = %s', (a, b) => expect(nameKey(a)).toBe(nameKey(b)));
	it.each(different)('%s ≠ %s', (a, b) => expect(nameKey(a)).not.toBe(nameKey(b)));
});

describe('phone and email keys', () => {
	it('compares phones by their international digits, whatever the format', () => {
		const key = phoneKey('+86 138-0013-8000');
		expect(key).toBe('8613800138000');
		for (const p of ['13800138000', '0086 138 0013 8000', '+86 (138) 0013 8000', '＋８６ １３８００１３８０００']) expect(phoneKey(p)).toBe(key);
		expect(phoneKey('+1 (415) 555-0100')).toBe('14155550100');
		expect(phoneKey('+1 (415) 555-0100')).not.toBe(phoneKey('+86 415 555 0100'));
		expect(phoneKey('12')).toBeNull();
	});
	it('compares emails without case', () => {
		expect(emailKey(' Sales@Example.COM ')).toBe('sales@example.com');
		expect(emailKey('nope')).toBeNull();
	});
});
