import { describe, expect, it } from 'vitest';
import { boolValue, checkFields, FIELD_RULES, ruleOfType } from './field-rules';
import { refusalMessage } from './refusals';

const check = (collection: string, payload: Record<string, unknown>, creating = true) => {
	const r = checkFields(collection, payload, { creating, now: new Date('2026-11-24T08:00:00Z') });
	return r ? { field: r.params['field'], en: refusalMessage(r, 'en'), zh: refusalMessage(r, 'zh') } : null;
};

describe('bad input gets a short message naming the field, the same on every database', () => {
	it('refuses a name that is not text, blank, or longer than its column, without echoing it', () => {
		expect(check('crm_customers', { name: 123 })?.field).toBe('name');
		expect(check('crm_customers', { name: '   ' })?.en).toBe('"Company name" cannot be empty.');
		expect(check('crm_customers', {})?.field).toBe('name');
		const long = check('crm_customers', { name: 'x'.repeat(300_000) });
		expect(long?.en).toBe('"Company name" is too long: at most 255 characters.');
		expect(long!.en.length).toBeLessThan(200);
		expect(check('crm_customers', { name: '上海华尔太有限公司', source: 'trade_show', stage: 'new' })).toBeNull();
		// a partial update need not repeat the name
		expect(check('crm_customers', { notes: 'called' }, false)).toBeNull();
	});

	it('accepts only the documented values of every choice field', () => {
		expect(check('crm_customers', { name: 'A', stage: 'bogus' })?.zh).toContain('「阶段」只能是以下之一：new, prospect, customer');
		expect(check('crm_customers', { name: 'A', tier: 'D' })?.field).toBe('tier');
		expect(check('crm_customers', { name: 'A', source: 'carrier_pigeon' })?.field).toBe('source');
		expect(check('crm_pools', { name: 'P', kind: 'galaxy' })?.field).toBe('kind');
		expect(check('crm_pools', { name: 'P', claim_policy: 'anyone' })?.field).toBe('claim_policy');
		expect(check('crm_pools', { name: 'P', reclaim_exempt_tiers: ['A', 'Z'] })?.field).toBe('reclaim_exempt_tiers');
		expect(check('crm_pools', { name: 'P', sources: 'website,alibaba' })).toBeNull();
		expect(check('crm_pools', { name: 'P', sources: 'website,fax' })?.field).toBe('sources');
		expect(check('crm_settings', { duplicate_import_mode: 'ignore' }, false)?.field).toBe('duplicate_import_mode');
		expect(check('crm_settings', { duplicate_form_mode: 'block' }, false)).toBeNull();
	});

	it('refuses follow-ups dated in the future beyond a few minutes of clock skew', () => {
		expect(check('crm_follow_ups', { contacted_at: '2099-01-01T00:00:00Z' })?.en).toBe('"Contacted at" cannot be in the future.');
		expect(check('crm_follow_ups', { contacted_at: '2026-11-24T08:04:00Z' })).toBeNull();
		expect(check('crm_follow_ups', { contacted_at: 'yesterday-ish' })?.field).toBe('contacted_at');
	});

	it('refuses numbers out of range or of the wrong kind', () => {
		expect(check('crm_customers', { name: 'A', contact_cycle_days: 0 })?.field).toBe('contact_cycle_days');
		expect(check('crm_customers', { name: 'A', contact_cycle_days: 2.5 })?.field).toBe('contact_cycle_days');
		expect(check('crm_settings', { max_locked_per_rep: '5' }, false)).toBeNull();
		expect(check('crm_settings', { max_locked_per_rep: 'five' }, false)?.field).toBe('max_locked_per_rep');
	});

	it('checks a field without a rule of its own against its column type', () => {
		const types = { weight_inquiries: 'float', priority: 'integer', website: 'string', owner: 'uuid' };
		const typed = (payload: Record<string, unknown>) => checkFields('crm_assignment_rules', payload, { creating: false, types })?.params['field'];
		expect(typed({ weight_inquiries: 'lots' })).toBe('weight_inquiries');
		expect(typed({ priority: 3_000_000_000 })).toBe('priority');
		expect(typed({ website: 'w'.repeat(256) })).toBe('website');
		expect(typed({ owner: 'not-a-user' })).toBe('owner');
		expect(typed({ weight_inquiries: 1.5, priority: 2, website: 'example.com' })).toBeUndefined();
		expect(ruleOfType('members', 'alias')).toBeNull();
	});

	it('takes keys of the right kind for relations, never a long string', () => {
		expect(check('crm_customers', { name: 'A', owner: 'x'.repeat(5000) })?.field).toBe('owner');
		expect(check('crm_customers', { name: 'A', pool: 'abc' })?.field).toBe('pool');
		expect(check('crm_customers', { name: 'A', pool: 3, owner: '8f0c4a4e-2b7a-4c55-9d0e-1a2b3c4d5e6f' })).toBeNull();
		expect(check('crm_follow_ups', { customer: { id: 3 } })).toBeNull();
	});

	it('has a label in both languages for every rule', () => {
		for (const rules of Object.values(FIELD_RULES)) for (const rule of Object.values(rules)) expect(rule.label.every((t) => t.length > 0)).toBe(true);
	});
});

describe('a boolean field, however it is spelled', () => {
	it('means true for true, 1, "true" and "1", false for the rest', () => {
		for (const yes of [true, 1, 'true', '1']) expect(boolValue(yes)).toBe(true);
		for (const no of [false, 0, 'false', '0', null, undefined]) expect(boolValue(no)).toBe(false);
	});
});
