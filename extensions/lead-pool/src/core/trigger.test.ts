import { describe, expect, it } from 'vitest';
import { triggerKeys } from './trigger';

describe('customers a flow trigger carries', () => {
	it('reads event, manual and empty triggers', () => {
		expect(triggerKeys({ event: 'crm_customers.items.create', key: 12 })).toEqual([12]);
		expect(triggerKeys({ keys: ['3', 4] })).toEqual([3, 4]);
		expect(triggerKeys({ body: { collection: 'crm_customers', keys: [7, 8] } })).toEqual([7, 8]);
		expect(triggerKeys({ path: '/x' })).toBeNull();
		expect(triggerKeys(null)).toBeNull();
	});
});
