import {
	authentication,
	createDirectus,
	readFields,
	readItems,
	readMe,
	readPolicies,
	readUsers,
	rest,
	schemaSnapshot,
	updateSingleton,
	createPolicy,
	readField,
	updateField,
	readPresets,
	updatePreset,
	updateFlow,
	updateDashboard,
	readTranslations,
	deleteTranslations,
	readCollection,
	updateCollection,
	readPanel,
	updatePanel,
} from '@directus/sdk';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupLeadPool, SetupError } from '../../extensions/lead-pool/setup/setup.mjs';
import { seedInstance } from '../../seeds/seed.mjs';
import { COMPOSITE_INDEXES, REDUNDANT_INDEXES } from '../../extensions/lead-pool/src/data/schema/indexes';
import { emailKey, nameKey, phoneKey } from '../../extensions/lead-pool/src/core/normalize';
import { REFUSAL_TITLES, SOURCES } from '../../extensions/lead-pool/src/core/labels';
import { connect } from '../harness/database';
import { harness } from '../harness/clients';

const h = harness();

/** Every collection and key field that CONTRACT.md names. */
const CONTRACT: Record<string, string[]> = {
	crm_customers: ['id', 'name', 'contact_name', 'phone', 'email', 'country', 'region', 'industry', 'source', 'tier', 'stage', 'owner', 'pool', 'received_by', 'owned_since', 'last_contact_at', 'converted_at', 'locked', 'previous_owner', 'released_at', 'release_reason', 'date_created', 'user_created'],
	crm_follow_ups: ['id', 'customer', 'rep', 'channel', 'summary', 'contacted_at'],
	crm_pools: ['id', 'name', 'status'],
	crm_claim_requests: ['id', 'customer', 'requester', 'reason', 'status', 'reviewer', 'review_note'],
	crm_assignment_rules: ['id', 'name', 'status', 'priority', 'strategy'],
	crm_rep_profiles: ['user', 'team', 'regions', 'industries', 'availability', 'away_until', 'max_new', 'max_prospects', 'monthly_capacity'],
	crm_settings: ['max_new_per_rep', 'max_prospects_per_rep'],
	crm_events: ['customer', 'action', 'from_owner', 'to_owner', 'pool', 'reason', 'actor', 'details', 'date_created'],
};

async function fingerprint() {
	const snapshot = await h.admin.request(schemaSnapshot());
	const policies = await h.admin.request(readPolicies({ fields: ['id', 'name', 'permissions.collection', 'permissions.action'], limit: -1 }));
	return createHash('sha256').update(JSON.stringify({ snapshot, policies })).digest('hex');
}

describe('the bundle loads in Directus', () => {
	it('answers on /lead-pool/status and knows an admin from a rep', async () => {
		const admin = await h.http(h.info.adminToken, 'GET', '/lead-pool/status');
		expect(admin.status).toBe(200);
		expect(admin.body.data).toMatchObject({ extension: 'directus-extension-lead-pool', role: 'admin', admin: true });
		const rep = await h.http(h.info.people.reps[0]!.token, 'GET', '/lead-pool/status');
		expect(rep.body.data).toMatchObject({ role: 'rep', admin: false });
		const manager = await h.http(h.info.people.manager.token, 'GET', '/lead-pool/status');
		expect(manager.body.data.role).toBe('manager');
		expect((await h.http(null, 'GET', '/lead-pool/status')).status).toBe(403);
	});

	it('has every collection and key field of the contract after setup', async () => {
		const fields = await h.admin.request(readFields());
		const present = new Set(fields.map((f: any) => `${f.collection}.${f.field}`));
		for (const [collection, keys] of Object.entries(CONTRACT)) {
			for (const key of keys) expect(present, `${collection}.${key}`).toContain(`${collection}.${key}`);
		}
	});

	it('creates the composite indexes the rules filter by', async () => {
		const knex = connect(h.info.db);
		try {
			for (const index of COMPOSITE_INDEXES) {
				const rows =
					h.info.kind === 'sqlite'
						? await knex('sqlite_master').where({ type: 'index', name: index.name })
						: h.info.kind === 'mariadb'
							? await knex('information_schema.statistics').distinct('index_name').where({ table_schema: knex.raw('database()'), index_name: index.name })
							: await knex('pg_indexes').where({ indexname: index.name });
				// a partial index (the capped holdings) where the database has them; MySQL has none
				expect(rows, index.name).toHaveLength(index.where && !index.orWholeTable && h.info.kind === 'mariadb' ? 0 : 1);
			}
		} finally {
			await knex.destroy();
		}
	});

	it('drops the single-column indexes a composite index covers, also those an earlier install made', async () => {
		const knex = connect(h.info.db);
		const names = async (table = 'crm_customers') =>
			h.info.kind === 'sqlite'
				? await knex('sqlite_master').where({ type: 'index', tbl_name: table }).pluck('name')
				: h.info.kind === 'mariadb'
					? await knex('information_schema.statistics').distinct('index_name').where({ table_schema: knex.raw('database()'), table_name: table }).pluck('index_name')
					: await knex('pg_indexes').where({ tablename: table }).pluck('indexname');
		try {
			for (const index of REDUNDANT_INDEXES) expect(await names(index.table)).not.toContain(index.name);
			// an install from before: Directus made crm_customers_owner_index from the snapshot's is_indexed
			await knex.schema.alterTable('crm_customers', (t) => {
				t.index(['owner'], 'crm_customers_owner_index');
			});
			expect(await names()).toContain('crm_customers_owner_index');
			const res = await fetch(`${h.info.url}/lead-pool/setup`, { method: 'POST', headers: { Authorization: `Bearer ${h.info.adminToken}` } });
			expect(res.status).toBe(200);
			expect(((await res.json()) as any).data.indexes_created).toContain('dropped crm_customers_owner_index');
			expect(await names()).not.toContain('crm_customers_owner_index');
			for (const index of REDUNDANT_INDEXES) expect(await names(index.table)).toContain(index.coveredBy);
		} finally {
			await knex.destroy();
		}
	});
});

describe('the key backfill of customers written around Lead Pool', () => {
	it('runs in time-boxed calls of POST /lead-pool/setup, each continuing where the last stopped', async () => {
		const knex = connect(h.info.db);
		const setup = async (query = '') => {
			const res = await fetch(`${h.info.url}/lead-pool/setup${query}`, { method: 'POST', headers: { Authorization: `Bearer ${h.info.adminToken}` } });
			expect(res.status).toBe(200);
			return ((await res.json()) as any).data;
		};
		const tag = Math.random().toString(36).slice(2, 8);
		let ids: number[] = [];
		try {
			// written with plain SQL, as a migration from another CRM would: no keys
			await knex('crm_customers').insert([1, 2, 3].map((i) => ({ name: `Backfill ${tag} ${i} Trading Co., Ltd.`, phone: `+86 138 0013 80${i}${i}`, email: `Backfill-${tag}-${i}@Example.org` })));
			ids = (await knex('crm_customers').where('name', 'like', `Backfill ${tag}%`).pluck('id')).map(Number);
			expect(ids).toHaveLength(3);
			const none = await setup('?backfill_seconds=0');
			expect(none.keys_backfilled).toBe(0);
			expect(none.keys_pending).toBeGreaterThanOrEqual(3);
			const rest = await setup();
			expect(rest.keys_backfilled).toBeGreaterThanOrEqual(3);
			expect(rest.keys_pending).toBe(0);
			const rows = await knex('crm_customers').whereIn('id', ids).orderBy('id').select('name', 'phone', 'email', 'name_key', 'phone_key', 'email_key');
			for (const row of rows) {
				expect(row.name_key).toBe(nameKey(row.name));
				expect(row.phone_key).toBe(phoneKey(row.phone));
				expect(row.email_key).toBe(emailKey(row.email));
			}
			expect(rows[0].email_key).toBe(`backfill-${tag}-1@example.org`);
		} finally {
			// a purge is the one DELETE the database guard lets through
			if (ids.length) {
				await knex('crm_customers').whereIn('id', ids).update({ purge_requested: true });
				await knex('crm_customers').whereIn('id', ids).delete();
			}
			await knex.destroy();
		}
	});
});

describe('setup on an existing Directus', () => {
	it('made changes the first time and keeps the unrelated collection and its rows', async () => {
		expect(h.info.firstSetupChanges).toBeGreaterThan(50);
		const posts = await h.admin.request(readItems('blog_posts', { sort: ['id'] }));
		expect(posts.map((p: any) => p.title)).toEqual(['Hello', 'World']);
	});

	it('changes nothing when run again', async () => {
		const before = await fingerprint();
		const { changes } = await setupLeadPool({ url: h.url, token: h.info.adminToken });
		expect(changes).toEqual([]);
		expect(await fingerprint()).toBe(before);
	});

	it('brings an install from before one-language-at-a-time to three languages, and then changes nothing', async () => {
		const ids = (await import('../../extensions/lead-pool/src/core/ids.json', { with: { type: 'json' } })).default;
		const field = (await h.admin.request(readField('crm_customers', 'source'))) as any;
		const oldChoices = [{ text: 'Trade show card · 展会名片', value: 'trade_show' }, { text: 'Referral · 转介绍', value: 'referral' }];
		await h.admin.request(
			updateField('crm_customers', 'source', {
				meta: { translations: field.meta.translations.slice(0, 2), options: { choices: oldChoices }, display_options: { choices: oldChoices } },
			} as any),
		);
		await h.admin.request(updateField('crm_customers', 'owner', { meta: { note: 'Empty = in the pool. · 为空表示在公海。' } } as any));
		const customers = (await h.admin.request(readCollection('crm_customers'))) as any;
		await h.admin.request(updateCollection('crm_customers', { meta: { translations: customers.meta.translations.slice(0, 2), sort: null } } as any));
		// the Pools collection was named 公海 in Chinese, like the Pool bookmark beside it in the navigation
		const oldPools = [{ language: 'en-US', translation: 'Pools' }, { language: 'zh-CN', translation: '公海' }, { language: 'zh-TW', translation: '公海' }];
		await h.admin.request(updateCollection('crm_pools', { meta: { translations: oldPools } } as any));
		const [pool] = await h.admin.request(readPresets({ filter: { bookmark: { _eq: '$t:lead_pool_bookmark_pool' }, role: { _eq: ids.role.rep } }, limit: 1 }));
		await h.admin.request(updatePreset(pool!.id, { bookmark: 'Pool · 公海' }));
		// bookmarks from before the lists' column widths
		const [mine] = await h.admin.request(readPresets({ filter: { bookmark: { _eq: '$t:lead_pool_bookmark_mine' }, role: { _eq: ids.role.rep } }, limit: 1 }));
		await h.admin.request(updatePreset(mine!.id, { layout_options: null } as any));
		await h.admin.request(updateFlow(ids.flow.claim_selected, { name: 'Claim selected · 领取所选' }));
		await h.admin.request(updateDashboard(ids.dashboard.lead_pool, { name: 'Lead Pool · 公海' }));
		// the activity report where setup put it before the dashboards were laid out for 1440 px
		await h.admin.request(updatePanel(ids.panel.activity, { position_x: 23, position_y: 1, width: 24, height: 14 } as any));
		const strings = await h.admin.request(readTranslations({ filter: { key: { _eq: 'lead_pool_source_trade_show' } }, limit: -1 }));
		await h.admin.request(deleteTranslations(strings.map((t: any) => t.id)));

		const { changes } = await setupLeadPool({ url: h.url, token: h.info.adminToken });
		expect(changes).toEqual(
			expect.arrayContaining([
				'translated collection crm_customers',
				'translated collection crm_pools',
				'translated field crm_customers.source',
				'translated field crm_customers.owner',
				'added 3 translation strings',
				expect.stringMatching(/^renamed bookmark "Pool · 公海"/),
				'widened the columns of bookmark "$t:lead_pool_bookmark_mine"',
				'renamed flow "Claim selected · 领取所选"',
				expect.stringMatching(/^renamed dashboard "Lead Pool · 公海"/),
				expect.stringMatching(/^moved panel /),
			]),
		);
		const after = (await h.admin.request(readField('crm_customers', 'source'))) as any;
		expect(after.meta.translations.map((t: any) => t.language)).toEqual(['en-US', 'zh-CN', 'zh-TW']);
		expect(after.meta.options.choices.map((c: any) => c.text)).toEqual(Object.keys(SOURCES).map((v) => `$t:lead_pool_source_${v}`));
		const zhTW = await h.admin.request(readTranslations({ filter: { key: { _eq: 'lead_pool_source_trade_show' }, language: { _eq: 'zh-TW' } } }));
		expect(zhTW.map((t: any) => t.value)).toEqual(['展會名片']);
		expect((await h.admin.request(readPresets({ filter: { bookmark: { _contains: '·' } } }))).length).toBe(0);
		const widened = (await h.admin.request(readPresets({ filter: { id: { _eq: mine!.id } }, fields: ['layout_options'] })))[0] as any;
		expect(widened.layout_options.tabular.widths.name).toBeGreaterThanOrEqual(240);
		const collection = (await h.admin.request(readCollection('crm_customers'))) as any;
		expect(collection.meta.translations.find((t: any) => t.language === 'zh-TW')?.translation).toBe('客戶');
		expect(collection.meta.sort).toBe(1);
		const activity = (await h.admin.request(readPanel(ids.panel.activity))) as any;
		expect([activity.position_x, activity.position_y, activity.width, activity.height]).toEqual([1, 15, 38, 14]);
		const pools = (await h.admin.request(readCollection('crm_pools'))) as any;
		expect(Object.fromEntries(pools.meta.translations.map((t: any) => [t.language, t.translation]))).toEqual({ 'en-US': 'Pools', 'zh-CN': '公海列表', 'zh-TW': '公海列表' });
		expect((await setupLeadPool({ url: h.url, token: h.info.adminToken })).changes).toEqual([]);
	});

	it('installs the refusal titles the studio looks up (errors.<CODE>) in every language', async () => {
		const titles = await h.admin.request(readTranslations({ filter: { key: { _eq: 'errors.LEAD_POOL_NOT_OWNER' } }, fields: ['language', 'value'], limit: -1 }));
		expect(Object.fromEntries(titles.map((t: any) => [t.language, t.value]))).toEqual(REFUSAL_TITLES['LEAD_POOL_NOT_OWNER']);
	});

	it('stops with a clear message and leaves the instance as it was on bad input', async () => {
		const before = await fingerprint();
		await expect(setupLeadPool({ url: 'http://127.0.0.1:9', token: h.info.adminToken })).rejects.toThrow(/Cannot reach Directus/);
		await expect(setupLeadPool({ url: 'not a url', token: h.info.adminToken })).rejects.toThrow(SetupError);
		await expect(setupLeadPool({ url: h.url, token: 'wrong-token' })).rejects.toThrow(/refused the token/);
		await expect(setupLeadPool({ url: h.url, token: h.info.people.reps[0]!.token })).rejects.toThrow(/without administrator rights/);
		await expect(setupLeadPool({ url: h.url, token: h.info.people.manager.token })).rejects.toThrow(/without administrator rights/);
		expect(await fingerprint()).toBe(before);
	});
});

describe('demo data and logins', () => {
	const password = 'demo-password-for-tests';
	let knex: ReturnType<typeof connect>;
	beforeAll(async () => {
		knex = connect(h.info.db);
		// no demo flow here: it would assign the website customers other test files create
		await seedInstance({ url: h.url, token: h.info.adminToken, knex, size: 120, seed: 7, password, flows: false });
		await setupLeadPool({ url: h.url, token: h.info.adminToken });
	});
	afterAll(async () => knex?.destroy());

	it('lets the demo manager and reps sign in with their passwords', async () => {
		for (const email of ['manager@example.com', 'rep1@example.com', 'rep8@example.com']) {
			const client = createDirectus(h.url).with(authentication('json')).with(rest());
			await client.login({ email, password });
			const me = await client.request(readMe({ fields: ['email'] }));
			expect(me.email).toBe(email);
		}
	});

	it('spreads customers over every source, region, industry, tier and stage, with keys filled', async () => {
		const rows = await knex('crm_customers').select('source', 'region', 'industry', 'tier', 'stage', 'name_key').where('email', 'like', 'contact%@example.%');
		expect(rows.length).toBeGreaterThanOrEqual(120);
		for (const [field, n] of [['source', 7], ['region', 12], ['industry', 10], ['tier', 3], ['stage', 3]] as const) {
			expect(new Set(rows.map((r: any) => r[field])).size, field).toBe(n);
		}
		expect(rows.every((r: any) => r.name_key)).toBe(true);
		const pools = await h.admin.request(readItems('crm_pools', { fields: ['kind'] }));
		expect(new Set(pools.map((p: any) => p.kind))).toEqual(new Set(['company', 'department', 'channel']));
		expect((await knex('crm_follow_ups').count({ n: '*' }))[0]!.n).not.toBe(0);
		expect((await knex('crm_performance').count({ n: '*' }))[0]!.n).not.toBe(0);
		expect(Number((await knex('crm_claim_requests').where({ status: 'pending' }).count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
	});
});

describe('what a rep token may do', () => {
	it('reads customers', async () => {
		const rows = await h.reps[0]!.request(readItems('crm_customers', { limit: 1 }));
		expect(Array.isArray(rows)).toBe(true);
	});

	it('reads other users only as far as the studio shows them', async () => {
		const users = await h.reps[0]!.request(readUsers({ limit: -1 }));
		const other = users.find((u: any) => u.id === h.info.people.manager.id) as any;
		expect(other).toBeDefined();
		expect(other.first_name).toBe('Test');
		expect(other.email).toBeUndefined();
		expect(other.token).toBeUndefined();
		const self = users.find((u: any) => u.id === h.info.people.reps[0]!.id) as any;
		expect(self.email).toBe(h.info.people.reps[0]!.email);
	});

	it('cannot write settings or policies', async () => {
		await expect(h.reps[0]!.request(updateSingleton('crm_settings', { max_new_per_rep: 1 }))).rejects.toMatchObject({ response: { status: 403 } });
		await expect(h.reps[0]!.request(createPolicy({ name: 'sneaky', admin_access: true, app_access: true } as any))).rejects.toMatchObject({ response: { status: 403 } });
		const settings = await h.admin.request(readItems('crm_settings' as any));
		expect((settings as any).max_new_per_rep).not.toBe(1);
	});
});
