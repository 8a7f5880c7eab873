import type { Knex } from 'knex';
import type { CustomerState, Holdings, PoolRules, Stage } from '../core/ownership';
import { dialectOf, readBool, readTs, writeJson, writeTs } from './db';

/** The one place for the SQL of ownership: reads under the rep lock, conditional writes, and the audit trail. */

export interface Settings {
	max_new_per_rep: number | null;
	max_prospects_per_rep: number | null;
	default_pool: number | null;
	timezone: string;
	duplicate_form_mode: 'warn' | 'block';
	duplicate_import_mode: 'skip' | 'merge' | 'flag';
}

let settingsCache: { at: number; value: Settings } | null = null;
const SETTINGS_TTL_MS = 5_000;

/** The global settings, cached for a few seconds per process (every claim needs them); writes clear the cache. */
export async function loadSettings(knex: Knex): Promise<Settings> {
	if (settingsCache && Date.now() - settingsCache.at < SETTINGS_TTL_MS) return settingsCache.value;
	const value = await readSettings(knex);
	settingsCache = { at: Date.now(), value };
	return value;
}

export function clearSettingsCache() {
	settingsCache = null;
}

async function readSettings(knex: Knex): Promise<Settings> {
	const row = await knex('crm_settings').first('max_new_per_rep', 'max_prospects_per_rep', 'default_pool', 'timezone', 'duplicate_form_mode', 'duplicate_import_mode');
	return {
		max_new_per_rep: row?.max_new_per_rep ?? 50,
		max_prospects_per_rep: row?.max_prospects_per_rep ?? 100,
		default_pool: row?.default_pool ?? null,
		timezone: row?.timezone || 'Asia/Shanghai',
		duplicate_form_mode: row?.duplicate_form_mode === 'block' ? 'block' : 'warn',
		duplicate_import_mode: row?.duplicate_import_mode === 'skip' || row?.duplicate_import_mode === 'merge' ? row.duplicate_import_mode : 'flag',
	};
}

export async function loadProfile(knex: Knex, user: string) {
	return (await knex('crm_rep_profiles').first('id', 'team', 'max_new', 'max_prospects', 'availability', 'away_until', 'monthly_capacity').where('user', user)) ?? null;
}

/** What a rep owns by stage: an index-only count on (owner, stage), never a scan of the customers table. */
export async function holdingsOf(knex: Knex, user: string): Promise<Holdings> {
	const rows = await knex('crm_customers').select('stage').count({ n: '*' }).where('owner', user).whereIn('stage', ['new', 'prospect']).groupBy('stage');
	const holdings: Holdings = { new: 0, prospect: 0 };
	for (const row of rows as { stage: Stage; n: number | string }[]) if (row.stage === 'new' || row.stage === 'prospect') holdings[row.stage] = Number(row.n);
	return holdings;
}

/** Active pools a rep belongs to: every company-wide pool, plus pools listing the rep or the rep's team. */
export async function memberPoolIds(knex: Knex, user: string): Promise<number[]> {
	const profile = await knex('crm_rep_profiles').first('team').where('user', user);
	const team = profile?.team ?? null;
	const rows = await knex('crm_pools')
		.select('id')
		.where('status', 'active')
		.andWhere((q) => {
			q.where('kind', 'company').orWhereIn('id', (sub) => {
				sub.select('pool').from('crm_pool_members').where('user', user);
				if (team !== null) sub.orWhere('team', team);
			});
		});
	return rows.map((r: { id: number }) => Number(r.id));
}

export async function loadPools(knex: Knex, ids: number[]): Promise<Map<number, PoolRules>> {
	const unique = [...new Set(ids.filter((id) => id !== null && id !== undefined))];
	const map = new Map<number, PoolRules>();
	if (unique.length === 0) return map;
	const rows = await knex('crm_pools')
		.select('id', 'name', 'status', 'kind', 'claim_policy', 'claim_direct', 'claim_by_follow_up', 'claim_by_request', 'daily_claim_limit', 'cooldown_days')
		.whereIn('id', unique);
	for (const r of rows) {
		map.set(Number(r.id), {
			id: Number(r.id),
			name: r.name,
			status: r.status,
			kind: r.kind,
			claim_policy: r.claim_policy,
			claim_direct: readBool(r.claim_direct),
			claim_by_follow_up: readBool(r.claim_by_follow_up),
			claim_by_request: readBool(r.claim_by_request),
			daily_claim_limit: r.daily_claim_limit === null ? null : Number(r.daily_claim_limit),
			cooldown_days: r.cooldown_days === null ? null : Number(r.cooldown_days),
		});
	}
	return map;
}

export async function loadCustomers(knex: Knex, keys: (number | string)[]): Promise<CustomerState[]> {
	const ids = [...new Set(keys.map(Number))];
	if (ids.length === 0) return [];
	const rows = await knex('crm_customers').select('id', 'name', 'owner', 'pool', 'stage', 'previous_owner', 'released_at').whereIn('id', ids);
	const byId = new Map(rows.map((r: any) => [Number(r.id), r]));
	return ids
		.filter((id) => byId.has(id))
		.map((id) => {
			const r: any = byId.get(id);
			return { id, name: r.name, owner: r.owner ?? null, pool: r.pool === null ? null : Number(r.pool), stage: (r.stage ?? 'new') as Stage, previous_owner: r.previous_owner ?? null, released_at: readTs(r.released_at) };
		});
}

export const CLAIM_ACTIONS = ['claimed', 'claimed_by_follow_up', 'request_approved'] as const;

/** Claims a rep made since `since`, per pool, from the audit trail (index on to_owner, date_created). */
export async function claimsSince(knex: Knex, user: string, since: Date): Promise<Map<number, number>> {
	const rows = await knex('crm_events')
		.select('pool')
		.count({ n: '*' })
		.where('to_owner', user)
		.whereIn('action', CLAIM_ACTIONS as unknown as string[])
		.where('date_created', '>=', writeTs(knex, since) as any)
		.groupBy('pool');
	return new Map(rows.filter((r: any) => r.pool !== null).map((r: any) => [Number(r.pool), Number(r.n)]));
}

export interface EventRow {
	customer: number | null;
	action: string;
	from_owner: string | null;
	to_owner: string | null;
	pool: number | null;
	actor: string | null;
	reason: string | null;
	details?: unknown;
}

export async function insertEvents(knex: Knex, events: EventRow[], now: Date): Promise<void> {
	if (events.length === 0) return;
	const rows = events.map((e) => ({ ...e, details: writeJson(e.details ?? null), date_created: writeTs(knex, now) }));
	for (let i = 0; i < rows.length; i += 500) await knex('crm_events').insert(rows.slice(i, i + 500));
}

/**
 * Give unowned customers to a rep. The UPDATE only touches rows that are still unowned, so of two racing claims
 * exactly one wins; returns the ids this call won.
 */
export async function writeClaim(trx: Knex, opts: { ids: number[]; to: string; now: Date }): Promise<number[]> {
	if (opts.ids.length === 0) return [];
	const update = trx('crm_customers')
		.update({ owner: opts.to, owned_since: writeTs(trx, opts.now), date_updated: writeTs(trx, opts.now) })
		.whereIn('id', opts.ids)
		.whereNull('owner');
	if (dialectOf(trx) !== 'mysql') return ((await update.returning('id')) as { id: number }[]).map((r) => Number(r.id));
	await update;
	const rows = await trx('crm_customers').select('id').whereIn('id', opts.ids).where('owner', opts.to).where('owned_since', writeTs(trx, opts.now) as any);
	return rows.map((r: { id: number }) => Number(r.id));
}

/**
 * Move customers from the owner each was seen with to `to` (a rep, or null for the pool). Conditional on that owner,
 * so a customer that changed hands in between is left alone; returns the ids moved.
 */
export async function writeTransfer(
	trx: Knex,
	opts: { customers: { id: number; owner: string | null }[]; to: string | null; now: Date; reason?: string | null },
): Promise<number[]> {
	const byOwner = new Map<string | null, number[]>();
	for (const c of opts.customers) byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), c.id]);
	const moved: number[] = [];
	for (const [owner, ids] of byOwner) {
		const now = writeTs(trx, opts.now);
		const update: Record<string, unknown> =
			opts.to === null
				? { owner: null, previous_owner: owner, released_at: now, release_reason: opts.reason ?? null, date_updated: now }
				: { owner: opts.to, owned_since: now, date_updated: now, ...(owner ? { previous_owner: owner } : {}) };
		for (let i = 0; i < ids.length; i += 500) {
			const chunk = ids.slice(i, i + 500);
			const q = trx('crm_customers').update(update).whereIn('id', chunk);
			if (owner === null) q.whereNull('owner');
			else q.where('owner', owner);
			await q;
			const check = trx('crm_customers').select('id').whereIn('id', chunk);
			if (opts.to === null) check.whereNull('owner').where('released_at', now as any);
			else check.where('owner', opts.to).where('owned_since', now as any);
			moved.push(...(await check).map((r: { id: number }) => Number(r.id)));
		}
	}
	return moved;
}

/** The next id of crm_customers, reserved inside the create transaction so its event can be written with it. */
export async function reserveCustomerId(trx: Knex): Promise<number | null> {
	const dialect = dialectOf(trx);
	if (dialect === 'pg') {
		const res = await trx.raw(`SELECT nextval(pg_get_serial_sequence('crm_customers', 'id')) AS id`);
		return Number(res.rows[0].id);
	}
	if (dialect === 'sqlite') {
		const max = await trx('crm_customers').max({ m: 'id' }).first();
		const seq = await trx('sqlite_sequence').first('seq').where('name', 'crm_customers').catch(() => null);
		return Math.max(Number(max?.m ?? 0), Number(seq?.seq ?? 0)) + 1;
	}
	return null;
}

/** Pool a new unowned customer lands in: a channel pool taking its source, else the default pool. */
export async function poolForSource(knex: Knex, source: string | null | undefined, defaultPool: number | null): Promise<number | null> {
	if (source) {
		const channelPools = await knex('crm_pools').select('id', 'sources').where({ status: 'active', kind: 'channel' }).orderBy('sort').orderBy('id');
		for (const p of channelPools) {
			const sources = String(p.sources ?? '')
				.split(',')
				.map((s: string) => s.trim());
			if (sources.includes(source)) return Number(p.id);
		}
	}
	if (defaultPool) return defaultPool;
	const fallback = await knex('crm_pools').first('id').where({ status: 'active', is_default: true });
	return fallback ? Number(fallback.id) : null;
}

export async function userNames(knex: Knex, ids: (string | null)[]): Promise<Map<string, string>> {
	const unique = [...new Set(ids.filter((x): x is string => !!x))];
	if (!unique.length) return new Map();
	const rows = await knex('directus_users').select('id', 'first_name', 'last_name', 'email').whereIn('id', unique);
	return new Map(rows.map((r: any) => [r.id, [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email]));
}

const langCache = new Map<string, { at: number; lang: string | null }>();
/** A user changed their language (or the project default changed): answer in the new one at once. */
export function forgetUserLanguages(users?: string[]) {
	if (!users) langCache.clear();
	else for (const user of users) langCache.delete(user);
}
export async function userLanguage(knex: Knex, user: string | null | undefined): Promise<string | null> {
	if (!user) return null;
	const hit = langCache.get(user);
	if (hit && Date.now() - hit.at < 30_000) return hit.lang;
	const row = await knex('directus_users').first('language').where('id', user);
	let lang = row?.language ?? null;
	if (!lang) lang = (await knex('directus_settings').first('default_language'))?.default_language ?? null;
	langCache.set(user, { at: Date.now(), lang });
	return lang;
}
