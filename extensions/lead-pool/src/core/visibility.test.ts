import { describe, expect, it } from 'vitest';
import { andFilter, customerVisibilityFilter, relatedVisibilityFilter, seesCustomer } from './visibility';

describe('what a rep may see', () => {
	it('own customers plus unowned customers of member pools', () => {
		expect(customerVisibilityFilter('r', [1, 2])).toEqual({
			_or: [{ owner: { _eq: 'r' } }, { _and: [{ owner: { _null: true } }, { pool: { _in: [1, 2] } }] }],
		});
	});
	it('only own customers without pools', () => {
		expect(customerVisibilityFilter('r', [])).toEqual({ owner: { _eq: 'r' } });
	});
	it('related rows through the customer relation, on every condition', () => {
		expect(relatedVisibilityFilter('r', [3])).toEqual({
			_or: [{ customer: { owner: { _eq: 'r' } } }, { _and: [{ customer: { owner: { _null: true } } }, { customer: { pool: { _in: [3] } } }] }],
		});
	});
	it('ANDs into an existing filter', () => {
		expect(andFilter({ a: 1 }, { b: 2 })).toEqual({ _and: [{ a: 1 }, { b: 2 }] });
		expect(andFilter(undefined, { b: 2 })).toEqual({ b: 2 });
	});
});

describe('whether a rep sees one customer', () => {
	it('own customers anywhere, unowned ones of member pools only', () => {
		expect(seesCustomer('r', [], { owner: 'r', pool: 3 })).toBe(true);
		expect(seesCustomer('r', [3], { owner: null, pool: 3 })).toBe(true);
		expect(seesCustomer('r', [3], { owner: 'x', pool: 3 })).toBe(false);
		expect(seesCustomer('r', [4], { owner: null, pool: 3 })).toBe(false);
		expect(seesCustomer('r', [3], { owner: null, pool: null })).toBe(false);
	});
});
