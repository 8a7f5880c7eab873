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

describe('phone and email keys', () => {
	it('compares phones by digits', () => {
		expect(phoneKey('+86 138-0013-8000')).toBe(phoneKey('+86 13800138000'));
		expect(phoneKey('12')).toBeNull();
	});
	it('compares emails without case', () => {
		expect(emailKey(' Sales@Example.COM ')).toBe('sales@example.com');
		expect(emailKey('nope')).toBeNull();
	});
});
