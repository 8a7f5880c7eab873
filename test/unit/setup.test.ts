import { describe, expect, it } from 'vitest';
import { catalogueLanguage, collectionMetaUpgrade, fieldMetaUpgrade, isSupportedVersion, loadSnapshot } from '../../extensions/lead-pool/setup/setup.mjs';
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
	it('names every collection and visible field in English, Simplified and Traditional Chinese', () => {
		for (const c of snapshot.collections) {
			expect(c.meta.translations.map((t: any) => t.language).sort(), c.collection).toEqual(['en-US', 'zh-CN', 'zh-TW']);
		}
		for (const f of snapshot.fields) {
			if (f.meta?.hidden || f.meta?.interface?.startsWith('presentation-')) continue;
			expect(f.meta?.translations?.length ?? 0, `${f.collection}.${f.field}`).toBe(3);
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

describe('setup brings an older install to one language at a time', () => {
	const shipped = (loadSnapshot() as any).fields.find((f: any) => f.collection === 'crm_customers' && f.field === 'source');
	const old = {
		meta: {
			...shipped.meta,
			translations: [
				{ language: 'en-US', translation: 'Source channel' },
				{ language: 'zh-CN', translation: '来源渠道' },
				{ language: 'de-DE', translation: 'Quelle' },
			],
			options: { choices: [{ text: 'Trade show card · 展会名片', value: 'trade_show' }, { text: 'Our own fair', value: 'own_fair' }] },
			display_options: { choices: [{ text: 'Trade show card · 展会名片', value: 'trade_show', background: '#123456' }], showAsDot: false },
			note: 'Where it came from · 来源',
		},
	};

	it('adds the missing language, translates shipped choices and notes, and keeps what the admin added', () => {
		const patch: any = fieldMetaUpgrade(old, shipped);
		expect(patch.translations.map((t: any) => t.language)).toEqual(['en-US', 'zh-CN', 'de-DE', 'zh-TW']);
		expect(patch.options.choices.map((c: any) => c.text)).toContain('$t:lead_pool_source_trade_show');
		expect(patch.options.choices.at(-1)).toEqual({ text: 'Our own fair', value: 'own_fair' });
		expect(patch.display_options.choices[0]).toMatchObject({ text: '$t:lead_pool_source_trade_show', background: '#123456' });
		expect(JSON.stringify(patch)).not.toMatch(/ · /);
	});

	it('changes nothing on a field that already reads one language at a time, or that the admin rewrote', () => {
		expect(fieldMetaUpgrade(shipped, shipped)).toBeNull();
		const rewritten = { meta: { ...shipped.meta, note: 'Ask Anna', options: { choices: [{ text: 'Messe', value: 'trade_show' }] } } };
		expect(fieldMetaUpgrade(rewritten, shipped)?.options).toBeUndefined();
		expect(fieldMetaUpgrade(rewritten, shipped)?.note).toBeUndefined();
	});

	it('gives the release reason today’s interface where an older install has the one shipped before, and keeps an admin’s own', () => {
		const reason = (loadSnapshot() as any).fields.find((f: any) => f.collection === 'crm_customers' && f.field === 'release_reason');
		expect(reason.meta.interface).toBe('lead-pool-release-reason-input');
		expect(reason.meta.display).toBe('lead-pool-release-reason');
		const older = { meta: { ...reason.meta, interface: 'input-multiline', display: null } };
		expect(fieldMetaUpgrade(older, reason)).toMatchObject({ interface: 'lead-pool-release-reason-input', display: 'lead-pool-release-reason' });
		const own = { meta: { ...reason.meta, interface: 'input-rich-text-md', display: 'formatted-value' } };
		expect(fieldMetaUpgrade(own, reason)).toBeNull();
	});

	it('renames the Pools collection an older install called 公海 (the Pool bookmark’s name), and keeps an admin’s own name', () => {
		const pools = (loadSnapshot() as any).collections.find((c: any) => c.collection === 'crm_pools');
		const named = (zhCN: string, zhTW: string) => ({
			meta: { ...pools.meta, translations: [{ language: 'en-US', translation: 'Pools' }, { language: 'zh-CN', translation: zhCN }, { language: 'zh-TW', translation: zhTW }] },
		});
		const patch: any = collectionMetaUpgrade(named('公海', '公海'), pools);
		expect(Object.fromEntries(patch.translations.map((t: any) => [t.language, t.translation]))).toEqual({ 'en-US': 'Pools', 'zh-CN': '公海列表', 'zh-TW': '公海列表' });
		expect(collectionMetaUpgrade(pools, pools)).toBeNull();
		expect(collectionMetaUpgrade(named('客户池', '客戶池'), pools)).toBeNull();
	});

	it('names data (the default pool, dashboards) in the project language: Traditional for Taiwan and Hong Kong', () => {
		expect(catalogueLanguage('zh-HK')).toBe('zh-TW');
		expect(catalogueLanguage('zh-CN')).toBe('zh-CN');
		expect(catalogueLanguage('de-DE')).toBe('en-US');
		expect(catalogueLanguage(null)).toBe('en-US');
	});
});
