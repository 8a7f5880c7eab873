import { describe, expect, it } from 'vitest';
import { isSupportedVersion, loadSnapshot } from '../../extensions/lead-pool/setup/setup.mjs';
import { PERMISSIONS } from '../../extensions/lead-pool/setup/access.mjs';
import { COMPOSITE_INDEXES, REDUNDANT_INDEXES } from '../../extensions/lead-pool/src/data/schema/indexes';

describe('supported Directus versions', () => {
	it.each([
		['12.4.0', true],
		['12.0.0', true],
		['11.17.4', true],
		['11.13.0', true],
		['11.12.9', false],
		['10.13.1', false],
		['13.0.0', false],
		['garbage', false],
	])('%s → %s', (version, expected) => {
		expect(isSupportedVersion(version)).toBe(expected);
	});
});

describe('the schema snapshot', () => {
	const snapshot = loadSnapshot() as any;
	it('keeps Lead Pool to a few collections, all prefixed crm_', () => {
		const names = snapshot.collections.map((c: any) => c.collection);
		expect(names.every((n: string) => n.startsWith('crm_'))).toBe(true);
		expect(names.length).toBeLessThanOrEqual(12);
	});
	it('names every collection and visible field in English and Chinese', () => {
		for (const c of snapshot.collections) {
			expect(c.meta.translations.map((t: any) => t.language).sort(), c.collection).toEqual(['en-US', 'zh-CN']);
		}
		for (const f of snapshot.fields) {
			if (f.meta?.hidden || f.meta?.interface?.startsWith('presentation-')) continue;
			expect(f.meta?.translations?.length ?? 0, `${f.collection}.${f.field}`).toBe(2);
		}
	});
	it('indexes what the rules filter by', () => {
		const indexed = new Set(snapshot.fields.filter((f: any) => f.schema?.is_indexed).map((f: any) => `${f.collection}.${f.field}`));
		for (const key of ['crm_customers.stage', 'crm_customers.last_contact_at', 'crm_customers.name_key']) {
			expect(indexed).toContain(key);
		}
	});
	it('leaves out single-column indexes a composite index covers (each ownership change would write them for nothing)', () => {
		const indexed = new Set(snapshot.fields.filter((f: any) => f.schema?.is_indexed).map((f: any) => `${f.collection}.${f.field}`));
		for (const index of REDUNDANT_INDEXES) {
			const column = index.name.replace(`${index.table}_`, '').replace(/_index$/, '');
			expect(indexed).not.toContain(`${index.table}.${column}`);
			const composite = COMPOSITE_INDEXES.find((c) => c.name === index.coveredBy)!;
			expect(composite.columns[0]).toBe(column);
		}
	});
});

describe('permissions', () => {
	it('are collection-level only (the Directus 12 Core tier ignores custom rules)', () => {
		const custom = PERMISSIONS.filter((p: any) => p.permissions && !(p.collection === 'directus_flows'));
		expect(custom).toEqual([]);
	});
	it('never let anyone but admins change the audit trail', () => {
		expect(PERMISSIONS.filter((p: any) => p.collection === 'crm_events' && p.action !== 'read')).toEqual([]);
	});
});
