import { describe, expect, it } from 'vitest';
import {
	addHolding,
	countsAgainstCap,
	DEFAULT_QUOTA,
	effectiveQuota,
	fitQuota,
	quotaRefusal,
	removeHolding,
	stageChangeRefusal,
} from './quota';
import { SETTINGS_DEFAULTS } from './settings-defaults';

const quota = { maxNew: 2, maxProspects: 1 };

describe('what counts against a cap', () => {
	it('new customers and prospects count, each against its own cap; won customers never count', () => {
		expect(countsAgainstCap('new')).toBe(true);
		expect(countsAgainstCap('prospect')).toBe(true);
		expect(countsAgainstCap('customer')).toBe(false);
		expect(addHolding({ new: 1, prospect: 0 }, 'customer')).toEqual({ new: 1, prospect: 0 });
		expect(addHolding({ new: 1, prospect: 0 }, 'prospect')).toEqual({ new: 1, prospect: 1 });
		expect(removeHolding({ new: 0, prospect: 1 }, 'new')).toEqual({ new: 0, prospect: 1 });
	});
});

describe("a rep's caps", () => {
	it('are the profile override where set, else the settings; a cap of 0 is a real cap', () => {
		const settings = { max_new_per_rep: 50, max_prospects_per_rep: 100 };
		expect(effectiveQuota(settings, null)).toEqual({ maxNew: 50, maxProspects: 100 });
		expect(effectiveQuota(settings, { max_new: 0, max_prospects: null })).toEqual({ maxNew: 0, maxProspects: 100 });
		expect(effectiveQuota({ max_new_per_rep: null, max_prospects_per_rep: null }, null)).toEqual({ maxNew: null, maxProspects: null });
	});

	it('default to the shipped settings defaults (50 new customers, 100 prospects)', () => {
		expect(DEFAULT_QUOTA).toEqual({ maxNew: SETTINGS_DEFAULTS.max_new_per_rep, maxProspects: SETTINGS_DEFAULTS.max_prospects_per_rep });
		expect(DEFAULT_QUOTA).toEqual({ maxNew: 50, maxProspects: 100 });
	});
});

describe('taking one more customer', () => {
	it('is refused at the cap, naming the stage, the count, the cap and the customer', () => {
		expect(quotaRefusal({ new: 1, prospect: 0 }, quota, 'new', 7)).toBeNull();
		expect(quotaRefusal({ new: 2, prospect: 0 }, quota, 'new', 7, 'Li Lei')).toEqual({
			code: 'LEAD_POOL_QUOTA_EXCEEDED',
			key: 7,
			params: { stage: 'new', count: 2, cap: 2, who: 'Li Lei' },
		});
		expect(quotaRefusal({ new: 0, prospect: 1 }, quota, 'prospect')?.params).toMatchObject({ stage: 'prospect', count: 1, cap: 1 });
	});

	it('is never refused for a won customer or without a cap', () => {
		expect(quotaRefusal({ new: 99, prospect: 99 }, quota, 'customer')).toBeNull();
		expect(quotaRefusal({ new: 99, prospect: 99 }, { maxNew: null, maxProspects: null }, 'new')).toBeNull();
	});
});

describe('giving a rep several customers at once', () => {
	it('is all or nothing: the first that does not fit is the refusal and the holdings stay as they were', () => {
		const batch = [
			{ id: 1, stage: 'new' as const },
			{ id: 2, stage: 'customer' as const },
			{ id: 3, stage: 'new' as const },
		];
		expect(fitQuota({ new: 0, prospect: 0 }, quota, batch)).toEqual({ refusal: null, holdings: { new: 2, prospect: 0 } });
		const over = fitQuota({ new: 1, prospect: 0 }, quota, batch, 'Han Mei');
		expect(over.refusal).toMatchObject({ key: 3, params: { count: 2, cap: 2, who: 'Han Mei' } });
		expect(over.holdings).toEqual({ new: 1, prospect: 0 });
	});
});

describe('changing the stage of customers a rep owns', () => {
	it('moves each out of its stage and into the new one, which must fit', () => {
		// 2 of 2 new, 1 of 1 prospect: a prospect back to new does not fit, a prospect won always does
		const holdings = { new: 2, prospect: 1 };
		const backToNew = stageChangeRefusal(holdings, quota, [{ id: 5, stage: 'prospect' }], 'new');
		expect(backToNew).toMatchObject({ key: 5, params: { stage: 'new', count: 2, cap: 2 } });
		expect(stageChangeRefusal(holdings, quota, [{ id: 5, stage: 'prospect' }], 'customer')).toBeNull();
		// a new customer to prospect frees a place of its own kind but needs one of the other
		expect(stageChangeRefusal({ new: 2, prospect: 0 }, quota, [{ id: 6, stage: 'new' }], 'prospect')).toBeNull();
		const two = [
			{ id: 6, stage: 'new' as const },
			{ id: 7, stage: 'new' as const },
		];
		expect(stageChangeRefusal({ new: 2, prospect: 0 }, quota, two, 'prospect')).toMatchObject({ key: 7 });
	});

	it('changes nothing for customers already in that stage', () => {
		expect(stageChangeRefusal({ new: 2, prospect: 1 }, quota, [{ id: 8, stage: 'prospect' }], 'prospect')).toBeNull();
	});
});
