// Install Lead Pool into a running Directus through its API: schema (additive only), database indexes, roles,
// policies, permissions, bookmarks and defaults. Every step first reads what exists and only adds what is missing,
// so running it twice changes nothing, and nothing that was already there is altered or dropped.
import {
	createCollection,
	createDashboard,
	createFlow,
	createOperation,
	readFlows,
	updateFlow,
	createPanel,
	readDashboards,
	readPanels,
	createDirectus,
	createField,
	createPermission,
	createPolicy,
	createPreset,
	updatePreset,
	createRelation,
	createRole,
	createItem,
	updateItem,
	readCollections,
	readFields,
	readItems,
	readPermissions,
	readPolicies,
	readPresets,
	readRelations,
	readRoles,
	readSingleton,
	rest,
	serverInfo,
	staticToken,
	updateRole,
	updateSingleton,
	createTranslations,
	readTranslations,
	readSettings,
	updateField,
	updateDashboard,
	updatePanel,
	updateOperation,
	updateCollection,
} from '@directus/sdk';
import yaml from 'js-yaml';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASSIGN_FLOW, ASSIGN_OPERATION, BILINGUAL, CLAIM_FLOW, CLAIM_OPERATION, MOVE_FLOW, MOVE_OPERATION, BOOKMARKS, DEFAULT_VIEWS, LIST_WIDTHS, MANAGER_BOOKMARKS, PANEL_LAYOUT_BEFORE, PANELS, PERMISSIONS, POLICIES, ROLES, dashboardsIn } from './access.mjs';
import labels from './labels.json' with { type: 'json' };
import defaults from './settings-defaults.json' with { type: 'json' };

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The defaults of the global settings: the one definition, shared with the server (src/core/settings-defaults.ts).
 * Imported rather than read, so the copy of setup inside the bundle (the CLI command) carries it too.
 */
export const SETTINGS_DEFAULTS = defaults;

/** Oldest Directus this bundle runs on, and the newest major it was tested with. */
export const SUPPORTED = { min: [11, 13, 0], maxMajor: 12, text: '11.13 to 12.x' };

export class SetupError extends Error {}

/** The first half of the bookmark names shipped before ("Pool · 公海"), by today's name. */
const LEGACY_BOOKMARKS = { [labels.keys.bookmark_pool]: 'Pool', [labels.keys.bookmark_mine]: 'My customers' };

/**
 * The snapshot setup applies. In the Lead Pool repository it is the one at the root (the file people edit); an
 * installed package carries its own copy (written by the build, shipped by `npm pack`). Only a folder that is this
 * repository counts, so an installed copy never picks up someone else's `schema-snapshot.yaml` further up.
 */
export function defaultSnapshotPath() {
	const repoRoot = path.join(here, '../../..');
	const candidates = [...(isLeadPoolRepository(repoRoot) ? [path.join(repoRoot, 'schema-snapshot.yaml')] : []), path.join(here, '../schema-snapshot.yaml')];
	for (const candidate of candidates) {
		if (existsSync(candidate)) return candidate;
	}
	throw new SetupError('schema-snapshot.yaml not found next to the Lead Pool bundle: the package is incomplete. Build or pack it again.');
}

function isLeadPoolRepository(folder) {
	try {
		const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
		return manifest.name === 'lead-pool' && (manifest.workspaces ?? []).includes('extensions/lead-pool');
	} catch {
		return false;
	}
}

export function loadSnapshot(file = defaultSnapshotPath()) {
	return yaml.load(readFileSync(file, 'utf8'));
}

export function parseVersion(version) {
	const match = /^(\d+)\.(\d+)\.(\d+)/.exec(String(version ?? ''));
	return match ? match.slice(1, 4).map(Number) : null;
}

export function isSupportedVersion(version) {
	const v = parseVersion(version);
	if (!v) return false;
	const [min0, min1, min2] = SUPPORTED.min;
	if (v[0] > SUPPORTED.maxMajor) return false;
	if (v[0] !== min0) return v[0] > min0;
	if (v[1] !== min1) return v[1] > min1;
	return v[2] >= min2;
}

function describe(error) {
	const first = error?.errors?.[0];
	if (first) return `${first.message}${first.extensions?.code ? ` (${first.extensions.code})` : ''}`;
	return error?.message ?? String(error);
}

function status(error) {
	return error?.response?.status;
}

/** The parts of a snapshot field that create it; the rest (data_type, table…) is derived by Directus. */
function fieldForCreate(field) {
	const { meta, type } = field;
	// a setting's column default is the shipped default, whatever the snapshot says
	// (scalars only: a JSON setting such as the contact cycle by tier stays null in its column, the server falls back)
	const scalar = (value) => value === null || typeof value !== 'object';
	const schema = field.collection === 'crm_settings' && field.field in SETTINGS_DEFAULTS && scalar(SETTINGS_DEFAULTS[field.field]) && field.schema
		? { ...field.schema, default_value: SETTINGS_DEFAULTS[field.field] }
		: field.schema;
	const out = { field: field.field, type, meta: meta ? { ...meta } : null };
	if (out.meta) {
		delete out.meta.id;
		delete out.meta.collection;
	}
	if (schema) {
		out.schema = {};
		for (const key of ['default_value', 'max_length', 'numeric_precision', 'numeric_scale', 'is_nullable', 'is_unique', 'is_indexed', 'is_primary_key', 'has_auto_increment']) {
			if (schema[key] !== undefined) out.schema[key] = schema[key];
		}
	}
	return out;
}

/** Interfaces an older Lead Pool shipped for a field: an install still on one gets today's (an admin's own choice stays). */
const INTERFACES_SHIPPED_BEFORE = { 'crm_customers.release_reason': ['input-multiline'], 'crm_events.reason': ['input-multiline'] };

/**
 * What an existing field needs so that it speaks one language at a time: the languages it lacks, and the notes and
 * choices shipped before as "English · 中文". Anything else an admin set (their own texts, their own choices) stays.
 * Null when nothing is to change.
 */
export function fieldMetaUpgrade(current, shipped) {
	const have = current?.meta;
	const want = shipped?.meta;
	if (!have || !want) return null;
	const patch = {};
	const before = INTERFACES_SHIPPED_BEFORE[`${shipped.collection}.${shipped.field}`] ?? [];
	if (want.interface && have.interface !== want.interface && before.includes(have.interface)) patch.interface = want.interface;
	const translations = mergeTranslations(have.translations, want.translations);
	if (translations) patch.translations = translations;
	if (want.note && have.note !== want.note && (!have.note || BILINGUAL.test(have.note))) patch.note = want.note;
	const options = upgradeChoices(have.options, want.options);
	if (options) patch.options = options;
	if (want.display && !have.display) {
		patch.display = want.display;
		patch.display_options = want.display_options;
	} else if (have.display === want.display) {
		const display = upgradeChoices(have.display_options, want.display_options);
		if (display) patch.display_options = display;
	}
	return Object.keys(patch).length > 0 ? patch : null;
}

/** What an existing collection lacks: the shipped languages of its name, and a place in the navigation if it has none. */
export function collectionMetaUpgrade(current, shipped) {
	const have = current?.meta;
	const want = shipped?.meta;
	if (!have || !want) return null;
	const patch = {};
	const translations = mergeTranslations(have.translations, want.translations, labels.retired?.[shipped.collection]);
	if (translations) patch.translations = translations;
	if (have.sort == null && want.sort != null) patch.sort = want.sort;
	return Object.keys(patch).length > 0 ? patch : null;
}

/**
 * The shipped languages a translations list lacks (bilingual ones, and names Lead Pool retired, replaced); null when
 * none is missing.
 */
function mergeTranslations(have, want, retired = {}) {
	if (!Array.isArray(want)) return null;
	const kept = (t) => t.translation && !BILINGUAL.test(t.translation) && !(retired[t.language] ?? []).includes(t.translation);
	const keep = (Array.isArray(have) ? have : []).filter(kept);
	const added = want.filter((w) => !keep.some((t) => t.language === w.language));
	return added.length > 0 ? [...keep, ...added] : null;
}

/** Shipped choices (and a divider's title) that were bilingual or missing become the translated ones; others stay. */
function upgradeChoices(have, want) {
	if (!want) return null;
	let changed = false;
	const out = { ...(have ?? {}) };
	if (want.title && (!have?.title || BILINGUAL.test(have.title))) {
		out.title = want.title;
		changed = changed || have?.title !== want.title;
	}
	if (Array.isArray(want.choices)) {
		const current = Array.isArray(have?.choices) ? have.choices : [];
		const shipped = new Map(want.choices.map((c) => [c.value, c]));
		const old = (c) => !c.text || BILINGUAL.test(c.text) || (c.text === c.value && shipped.has(c.value));
		if (current.length === 0 || current.some((c) => shipped.has(c.value) && old(c))) {
			const theirs = current.filter((c) => !shipped.has(c.value));
			const ours = want.choices.map((c) => {
				const before = current.find((b) => b.value === c.value);
				if (!before) return c;
				return old(before) ? { ...before, text: c.text } : before;
			});
			out.choices = [...ours, ...theirs];
			changed = true;
		}
	}
	return changed ? out : null;
}

/** The catalogue's language for a Directus language code (as src/core/labels.ts languageKey). */
export function catalogueLanguage(code) {
	const c = String(code ?? '').toLowerCase();
	if (c.startsWith('zh')) return /tw|hk|hant|mo/.test(c) ? 'zh-TW' : 'zh-CN';
	return 'en-US';
}

function relationForCreate(relation) {
	const meta = relation.meta ?? {};
	return {
		collection: relation.collection,
		field: relation.field,
		related_collection: relation.related_collection,
		schema: relation.schema ? { on_delete: relation.schema.on_delete ?? 'SET NULL' } : null,
		meta: {
			one_field: meta.one_field ?? null,
			sort_field: meta.sort_field ?? null,
			one_deselect_action: meta.one_deselect_action ?? 'nullify',
			junction_field: meta.junction_field ?? null,
			one_collection_field: meta.one_collection_field ?? null,
			one_allowed_collections: meta.one_allowed_collections ?? null,
		},
	};
}

/**
 * Check that the instance can be reached, that the token is an administrator's, that the Lead Pool bundle is
 * installed and that the version is supported. Writes nothing.
 */
export async function preflight(url, token) {
	let base;
	try {
		base = new URL(url);
	} catch {
		throw new SetupError(`"${url}" is not a URL. Give the address of your Directus, e.g. https://directus.example.com`);
	}
	const origin = base.toString().replace(/\/$/, '');
	let statusRes;
	try {
		statusRes = await fetch(`${origin}/lead-pool/status`, { headers: { Authorization: `Bearer ${token}` } });
	} catch (error) {
		throw new SetupError(`Cannot reach Directus at ${origin}: ${error.cause?.code ?? error.message}. Check the URL and that Directus is running.`);
	}
	if (statusRes.status === 401) throw new SetupError(`Directus at ${origin} refused the token (401). Use a static token of an administrator.`);
	if (statusRes.status === 404) {
		const ping = await fetch(`${origin}/server/ping`).catch(() => null);
		if (!ping?.ok) throw new SetupError(`${origin} does not answer like a Directus instance (GET /server/ping failed). Check the URL.`);
		throw new SetupError(`The Lead Pool extension is not loaded at ${origin} (GET /lead-pool/status answered 404). Install the bundle into the extensions folder and restart Directus first.`);
	}
	if (statusRes.status === 403) throw new SetupError(`The token is not allowed to use Lead Pool at ${origin} (403). Use a static token of an administrator.`);
	if (!statusRes.ok) throw new SetupError(`GET ${origin}/lead-pool/status answered ${statusRes.status}: ${await statusRes.text()}`);
	const who = (await statusRes.json()).data;
	if (who.admin !== true) throw new SetupError(`The token belongs to a user without administrator rights (Lead Pool role: ${who.role}). Setup needs an administrator's token.`);

	const client = createDirectus(origin).with(staticToken(token)).with(rest());
	const info = await client.request(serverInfo());
	const version = info?.version;
	if (!isSupportedVersion(version)) {
		throw new SetupError(`Directus ${version ?? '(unknown version)'} at ${origin} is not supported; Lead Pool needs Directus ${SUPPORTED.text}. Upgrade Directus first.`);
	}
	return { client, origin, version };
}

/**
 * Run the whole setup against a running Directus, over its API with an administrator's static token. Returns the
 * changes it made (empty when everything was already in place) and the optional parts it could not install.
 */
export async function setupLeadPool({ url, token, snapshot = loadSnapshot(), log = (_line) => {} }) {
	const { client, origin, version } = await preflight(url, token);
	log(`Directus ${version} at ${origin}`);
	const prepareDatabase = async () => {
		const res = await fetch(`${origin}/lead-pool/setup`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
		if (!res.ok) throw new SetupError(`POST /lead-pool/setup answered ${res.status}: ${await res.text()}`);
		return (await res.json()).data;
	};
	return installLeadPool({ client, version, snapshot, prepareDatabase, log });
}

/**
 * The steps of setup, whatever carries them: `client` answers `request(command)` for @directus/sdk commands (the
 * REST client, or the Directus services inside the `directus lead-pool setup` CLI command), `prepareDatabase` does the
 * database-level part (indexes, guards, keys) and says what it could not install.
 */
export async function installLeadPool({ client, version, snapshot = loadSnapshot(), prepareDatabase, log = (_line) => {} }) {
	if (!isSupportedVersion(version)) {
		throw new SetupError(`Directus ${version ?? '(unknown version)'} is not supported; Lead Pool needs Directus ${SUPPORTED.text}. Upgrade Directus first.`);
	}
	const changes = [];
	const note = (text) => {
		changes.push(text);
		log(text);
	};

	// 1. Schema: add missing collections, fields and relations; never alter or drop anything.
	const collectionsBefore = new Map((await client.request(readCollections())).map((c) => [c.collection, c]));
	const existingCollections = new Set(collectionsBefore.keys());
	const fieldsBefore = new Map((await client.request(readFields())).map((f) => [`${f.collection}.${f.field}`, f]));
	const existingFields = new Set(fieldsBefore.keys());
	const existingRelations = new Set((await client.request(readRelations())).map((r) => `${r.collection}.${r.field}`));

	for (const collection of snapshot.collections ?? []) {
		if (existingCollections.has(collection.collection)) continue;
		const fields = (snapshot.fields ?? []).filter((f) => f.collection === collection.collection).map(fieldForCreate);
		const meta = { ...collection.meta };
		delete meta.collection;
		await client.request(createCollection({ collection: collection.collection, meta, schema: collection.schema ? {} : null, fields }));
		for (const f of fields) existingFields.add(`${collection.collection}.${f.field}`);
		note(`created collection ${collection.collection} (${fields.length} fields)`);
	}
	for (const field of snapshot.fields ?? []) {
		if (existingFields.has(`${field.collection}.${field.field}`)) continue;
		await client.request(createField(field.collection, fieldForCreate(field)));
		note(`created field ${field.collection}.${field.field}`);
	}
	// Collections from an older install: the languages their names lack, and their place in the navigation.
	for (const collection of snapshot.collections ?? []) {
		const patch = collectionMetaUpgrade(collectionsBefore.get(collection.collection), collection);
		if (!patch) continue;
		await client.request(updateCollection(collection.collection, { meta: patch }));
		note(`translated collection ${collection.collection}`);
	}
	// Fields from an older install: add the languages and translated choices and notes they lack.
	for (const field of snapshot.fields ?? []) {
		const patch = fieldMetaUpgrade(fieldsBefore.get(`${field.collection}.${field.field}`), field);
		if (!patch) continue;
		await client.request(updateField(field.collection, field.field, { meta: patch }));
		note(`translated field ${field.collection}.${field.field}`);
	}
	for (const relation of snapshot.relations ?? []) {
		if (existingRelations.has(`${relation.collection}.${relation.field}`)) continue;
		await client.request(createRelation(relationForCreate(relation)));
		note(`created relation ${relation.collection}.${relation.field} → ${relation.related_collection}`);
	}

	// 2. Database-level setup through the bundle (composite indexes, guards, search indexes, key backfill).
	const dbResult = await prepareDatabase();
	for (const index of dbResult.indexes_created) note(/^dropped /.test(index) ? `${index} (a composite index covers it)` : `created ${/^(index|trigger|function|fts5|deferred) /.test(index) ? '' : 'index '}${index}`);
	for (const reference of dbResult.references_released ?? []) note(`kept ${reference} when its user or pool is deleted (foreign key dropped)`);
	if (dbResult.wins_backfilled > 0) note(`recorded ${dbResult.wins_backfilled} earlier won deals as events`);
	if (dbResult.keys_backfilled > 0) note(`filled duplicate-check keys of ${dbResult.keys_backfilled} customers`);
	if (dbResult.keys_pending > 0) {
		note(
			`${dbResult.keys_pending} customers still lack duplicate-check keys: run setup again (it continues where it stopped), ` +
				'or run `npx directus lead-pool setup` on the server, which fills them all without an HTTP request',
		);
	}
	// Optional parts this database could not take: say so, what it costs and how to add them (a bundle older than
	// this setup does not report them).
	const missing = dbResult.missing ?? [];
	for (const part of missing) log(`NOT INSTALLED: ${part.part} (${part.reason}). Cost: ${part.cost}${part.fix ? ` To add it: ${part.fix}` : ''}`);

	// 2b. Translation strings: choices, notes, studio names and refusal titles in every language (missing ones only,
	// so an admin's own wording stays).
	const haveStrings = new Set(
		(await client.request(readTranslations({ filter: { _or: [{ key: { _starts_with: 'lead_pool_' } }, { key: { _starts_with: 'errors.LEAD_POOL_' } }] }, fields: ['key', 'language'], limit: -1 }))).map(
			(t) => `${t.key}|${t.language}`,
		),
	);
	const missingStrings = labels.translations.filter((t) => !haveStrings.has(`${t.key}|${t.language}`));
	if (missingStrings.length > 0) {
		await client.request(createTranslations(missingStrings));
		note(`added ${missingStrings.length} translation strings`);
	}
	const projectLanguage = catalogueLanguage((await client.request(readSettings({ fields: ['default_language'] })))?.default_language);

	// 3. Policies, roles and collection-level permissions, by fixed ids.
	const policyIds = POLICIES.map((p) => p.id);
	const existingPolicies = new Set((await client.request(readPolicies({ filter: { id: { _in: policyIds } }, fields: ['id'], limit: -1 }))).map((p) => p.id));
	for (const policy of POLICIES) {
		if (existingPolicies.has(policy.id)) continue;
		await client.request(createPolicy({ ...policy, enforce_tfa: false }));
		note(`created policy ${policy.name}`);
	}
	const roles = await client.request(readRoles({ filter: { id: { _in: ROLES.map((r) => r.id) } }, fields: ['id', 'policies.policy'], limit: -1 }));
	const rolesById = new Map(roles.map((r) => [r.id, r]));
	for (const role of ROLES) {
		const { policy, ...data } = role;
		const existing = rolesById.get(role.id);
		if (!existing) {
			await client.request(createRole({ ...data, policies: [{ policy }] }));
			note(`created role ${role.name}`);
		} else if (!existing.policies?.some((a) => (a.policy?.id ?? a.policy) === policy)) {
			await client.request(updateRole(role.id, { policies: { create: [{ policy }], update: [], delete: [] } }));
			note(`attached policy to role ${role.name}`);
		}
	}
	const existingPermissions = new Set(
		(await client.request(readPermissions({ filter: { policy: { _in: policyIds } }, fields: ['policy', 'collection', 'action'], limit: -1 }))).map(
			(p) => `${p.policy}:${p.collection}:${p.action}`,
		),
	);
	for (const permission of PERMISSIONS) {
		if (existingPermissions.has(`${permission.policy}:${permission.collection}:${permission.action}`)) continue;
		await client.request(
			createPermission({ fields: ['*'], permissions: null, validation: null, presets: null, ...permission }),
		);
		note(`granted ${permission.action} on ${permission.collection} to ${POLICIES.find((p) => p.id === permission.policy).name}`);
	}

	// 4. Bookmarks for reps and managers.
	const presets = await client.request(
		readPresets({ filter: { collection: { _eq: 'crm_customers' }, bookmark: { _nnull: true } }, fields: ['id', 'bookmark', 'role', 'layout_query', 'layout_options'], limit: -1 }),
	);
	const existingBookmarks = new Map(presets.map((p) => [`${p.role}:${p.bookmark}`, p]));
	for (const bookmark of [...BOOKMARKS, ...MANAGER_BOOKMARKS]) {
		const existing = existingBookmarks.get(`${bookmark.role}:${bookmark.bookmark}`);
		if (existing) {
			// an older install's bookmark gains the columns added since, after the ones it has (its own choices stay)
			const has = existing.layout_query?.tabular?.fields;
			const missing = Array.isArray(has) ? bookmark.layout_query.tabular.fields.filter((f) => !has.includes(f)) : [];
			if (missing.length) {
				await client.request(updatePreset(existing.id, { layout_query: { ...existing.layout_query, tabular: { ...existing.layout_query.tabular, fields: [...has, ...missing] } } }));
				note(`added ${missing.join(', ')} to bookmark "${bookmark.bookmark}"`);
			}
			// and its columns their widths, where nobody has set any
			if (!existing.layout_options?.tabular?.widths) {
				await client.request(updatePreset(existing.id, { layout_options: { ...existing.layout_options, tabular: { ...existing.layout_options?.tabular, widths: LIST_WIDTHS } } }));
				note(`widened the columns of bookmark "${bookmark.bookmark}"`);
			}
			continue;
		}
		// shipped before as "Pool · 公海": rename it rather than add a second one
		const legacy = presets.find((p) => p.role === bookmark.role && BILINGUAL.test(p.bookmark) && p.bookmark.startsWith(`${LEGACY_BOOKMARKS[bookmark.bookmark]} · `));
		if (legacy) {
			const widths = legacy.layout_options?.tabular?.widths ? {} : { layout_options: { ...legacy.layout_options, tabular: { ...legacy.layout_options?.tabular, widths: LIST_WIDTHS } } };
			await client.request(updatePreset(legacy.id, { bookmark: bookmark.bookmark, ...widths }));
			note(`renamed bookmark "${legacy.bookmark}" for ${ROLES.find((r) => r.id === bookmark.role).name}`);
			continue;
		}
		await client.request(createPreset(bookmark));
		note(`created bookmark "${bookmark.bookmark}" for ${ROLES.find((r) => r.id === bookmark.role).name}`);
	}

	// Reps open Customers on the pool (their role's default view).
	const views = await client.request(
		readPresets({ filter: { collection: { _eq: 'crm_customers' }, bookmark: { _null: true }, user: { _null: true } }, fields: ['role'], limit: -1 }),
	);
	for (const view of DEFAULT_VIEWS) {
		if (views.some((v) => v.role === view.role)) continue;
		await client.request(createPreset(view));
		note('reps open Customers on the pool');
	}

	// 5. The Insights dashboards and their panels.
	// Directus does not translate dashboard names: they take the project's default language.
	const DASHBOARDS = dashboardsIn(projectLanguage);
	const dashboards = await client.request(readDashboards({ filter: { id: { _in: DASHBOARDS.map((d) => d.id) } }, fields: ['id', 'name'] }));
	const haveDashboards = new Map(dashboards.map((d) => [d.id, d]));
	for (const dashboard of DASHBOARDS) {
		const existing = haveDashboards.get(dashboard.id);
		if (existing && BILINGUAL.test(existing.name ?? '')) {
			await client.request(updateDashboard(dashboard.id, { name: dashboard.name, note: dashboard.note }));
			note(`renamed dashboard "${existing.name}" to "${dashboard.name}"`);
		}
		if (existing) continue;
		await client.request(createDashboard(dashboard));
		note(`created dashboard "${dashboard.name}"`);
	}
	const panels = await client.request(
		readPanels({ filter: { dashboard: { _in: DASHBOARDS.map((d) => d.id) } }, fields: ['id', 'name', 'options', 'position_x', 'position_y', 'width', 'height'], limit: -1 }),
	);
	const havePanels = new Map(panels.map((p) => [p.id, p]));
	for (const panel of PANELS) {
		const existing = havePanels.get(panel.id);
		if (existing && BILINGUAL.test(existing.name ?? '')) {
			// the panel shows its own title in the reader's language; Directus's header could only show one
			await client.request(updatePanel(panel.id, { name: panel.name, note: null, show_header: false, options: { ...existing.options, ...panel.options } }));
			note(`retitled panel "${panel.name}"`);
		}
		const layout = (p) => [p.position_x, p.position_y, p.width, p.height].join(',');
		if (existing && PANEL_LAYOUT_BEFORE[panel.id] && layout(existing) === PANEL_LAYOUT_BEFORE[panel.id].join(',') && layout(existing) !== layout(panel)) {
			// an older install's panels, where setup put them: laid out again to fit 1440 px with the sidebar open
			const { position_x, position_y, width, height } = panel;
			await client.request(updatePanel(panel.id, { position_x, position_y, width, height }));
			note(`moved panel "${panel.name}"`);
		}
		if (existing) continue;
		await client.request(createPanel(panel));
		note(`added panel "${panel.name}"`);
	}

	// 6. The manual flows on Customers: "Assign selected" (managers), "Claim selected" (reps), "Move to pool" (managers).
	for (const [flow, operation] of [
		[ASSIGN_FLOW, ASSIGN_OPERATION],
		[CLAIM_FLOW, CLAIM_OPERATION],
		[MOVE_FLOW, MOVE_OPERATION],
	]) {
		const existing = await client.request(readFlows({ filter: { id: { _eq: flow.id } }, fields: ['id', 'name', 'options'] }));
		if (existing.length > 0) {
			let options = existing[0].options ?? {};
			if (BILINGUAL.test(existing[0].name ?? '')) {
				const { confirmationDescription, fields } = flow.options;
				options = { ...options, confirmationDescription, fields, ...(flow.options.return ? { return: flow.options.return } : {}) };
				await client.request(updateFlow(flow.id, { name: flow.name, description: flow.description, options }));
				await client.request(updateOperation(operation.id, { name: operation.name }));
				note(`renamed flow "${existing[0].name}"`);
			}
			// flows of an earlier install answered refusals with HTTP 200: add the option, keep the rest as it is
			if (options.error_on_reject !== true) {
				await client.request(updateFlow(flow.id, { options: { ...options, error_on_reject: true } }));
				note(`flow "${flow.name}" answers refusals with their error`);
			}
			continue;
		}
		await client.request(createFlow(flow));
		await client.request(createOperation(operation));
		await client.request(updateFlow(flow.id, { operation: operation.id }));
		note(`created flow "${flow.name}"`);
	}

	// 7. Defaults: the settings singleton and a company-wide default pool.
	const settings = await client.request(readSingleton('crm_settings'));
	if (!settings?.id) {
		const { max_new_per_rep, max_prospects_per_rep } = SETTINGS_DEFAULTS;
		await client.request(updateSingleton('crm_settings', { max_new_per_rep, max_prospects_per_rep }));
		note('created Lead Pool settings with default quotas');
	}
	const defaultPools = await client.request(readItems('crm_pools', { filter: { is_default: { _eq: true } }, fields: ['id', 'name'], limit: 1 }));
	let defaultPoolId = defaultPools[0]?.id;
	if (defaultPools[0]?.name === 'Company pool · 公司公海') {
		// the name setup gave it before; a pool is data, so it takes the project's language
		const name = labels.texts.default_pool_name[projectLanguage];
		await client.request(updateItem('crm_pools', defaultPoolId, { name, description: labels.texts.default_pool_description[projectLanguage] }));
		note(`renamed the default pool to "${name}"`);
	}
	if (!defaultPoolId) {
		const pool = await client.request(
			createItem('crm_pools', {
				name: labels.texts.default_pool_name[projectLanguage],
				kind: 'company',
				is_default: true,
				status: 'active',
				claim_policy: 'open',
				claim_direct: true,
				description: labels.texts.default_pool_description[projectLanguage],
			}),
		);
		defaultPoolId = pool.id;
		note('created the default company pool');
	}
	const current = await client.request(readSingleton('crm_settings', { fields: ['default_pool'] }));
	if (current?.default_pool == null) {
		await client.request(updateSingleton('crm_settings', { default_pool: defaultPoolId }));
		note('set the default pool in settings');
	}

	return { version, changes, missing };
}
