import { ACTIVE_POOL, COMPANY_WIDE } from '../core/membership';
import type { PoolFacts } from '../core/destinations';
import type { PoolRules } from '../core/ownership';
import type { Db } from './dialects';
import { accessEpoch, stillHolds } from './epochs';
import { readBool, readInt } from './values';

/** Pools, their members, and where a new customer lands. */

/**
 * Active pools a rep belongs to: every company-wide pool, plus pools listing the rep or the rep's team. The SQL form
 * of the membership rule (core/membership.ts).
 */
export async function memberPoolIds(db: Db, user: string): Promise<number[]> {
	const profile = await db('crm_rep_profiles').first('team').where('user', user);
	const team = profile?.team ?? null;
	const rows = await db('crm_pools')
		.select('id')
		.where('status', ACTIVE_POOL)
		.andWhere((q) => {
			q.where('kind', COMPANY_WIDE).orWhereIn('id', (sub) => {
				sub.select('pool').from('crm_pool_members').where('user', user);
				if (team !== null) sub.orWhere('team', team);
			});
		});
	return rows.map((r: { id: number }) => Number(r.id));
}

const MEMBERSHIP_TTL_MS = 5_000;
const membershipCache = new Map<string, { at: number; epoch: number | null; pools: number[] }>();

/**
 * The pools a rep is a member of, cached per process because every read of a customer needs it: for up to a minute
 * under the same access epoch, which writes to pools, memberships, rep profiles and users move (this process forgets
 * at once, the others within about a second); for a few seconds where there is no epoch yet.
 */
export async function cachedMemberPools(db: Db, user: string): Promise<number[]> {
	// the epoch first: facts read after it are tagged with it, never with a later one (see data/epochs)
	const epoch = await accessEpoch(db);
	const hit = membershipCache.get(user);
	if (hit && stillHolds(hit, epoch, MEMBERSHIP_TTL_MS)) return hit.pools;
	const pools = await memberPoolIds(db, user);
	membershipCache.set(user, { at: Date.now(), epoch, pools });
	if (membershipCache.size > 10_000) membershipCache.clear();
	return pools;
}

export function clearMembershipCache(): void {
	membershipCache.clear();
}

export async function loadPools(db: Db, ids: number[]): Promise<Map<number, PoolRules>> {
	const unique = [...new Set(ids.filter((id) => id !== null && id !== undefined))];
	const map = new Map<number, PoolRules>();
	if (unique.length === 0) return map;
	// every column, so that a bundle newer than its schema (setup not yet run) still reads the pools
	const rows = await db('crm_pools')
		.select('*')
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
			daily_claim_limit: readInt(r.daily_claim_limit),
			cooldown_days: readInt(r.cooldown_days),
			claim_won: readBool(r.claim_won),
		});
	}
	return map;
}

/** Pool a new unowned customer lands in: a channel pool taking its source, else the default pool. */
export async function poolForSource(db: Db, source: string | null | undefined, defaultPool: number | null): Promise<number | null> {
	if (source) {
		const channelPools = await db('crm_pools')
			.select('id', 'sources')
			.where({ status: ACTIVE_POOL, kind: 'channel' })
			.orderBy('sort')
			.orderBy('id');
		for (const p of channelPools) {
			const sources = String(p.sources ?? '')
				.split(',')
				.map((s: string) => s.trim());
			if (sources.includes(source)) return Number(p.id);
		}
	}
	if (defaultPool) return defaultPool;
	const fallback = await db('crm_pools').first('id').where({ status: ACTIVE_POOL, is_default: true });
	return fallback ? Number(fallback.id) : null;
}

/** Every pool's id and name (names only: what the duplicate check may say of pools the caller is not in). */
export async function poolNameList(db: Db, limit = 1000): Promise<{ id: number; name: string }[]> {
	const rows = await db('crm_pools').select('id', 'name').orderBy('id').limit(limit);
	return rows.map((r: any) => ({ id: Number(r.id), name: r.name }));
}

export async function poolNames(db: Db): Promise<Map<number, string>> {
	return new Map((await poolNameList(db, 100_000)).map((p) => [p.id, p.name]));
}

/** The admins a pool lists among its members. */
export async function poolAdmins(db: Db, pool: number): Promise<string[]> {
	const admins = await db('crm_pool_members').select('user').where({ pool, role: 'admin' }).whereNotNull('user');
	return admins.map((a: { user: string }) => a.user);
}

/** Pools as stored (every column), for validating a write against what it changes. */
export async function poolRows(db: Db, ids: (number | string)[]): Promise<Record<string, any>[]> {
	return db('crm_pools').select('*').whereIn('id', ids);
}

/** How many members a pool lists, and how many unowned customers it holds. */
export async function poolCounts(db: Db, pool: number): Promise<{ members: number; unowned: number }> {
	const members = Number((await db('crm_pool_members').count({ n: '*' }).where('pool', pool))[0]?.n ?? 0);
	const unowned = Number((await db('crm_customers').count({ n: '*' }).where('pool', pool).whereNull('owner'))[0]?.n ?? 0);
	return { members, unowned };
}

/** Pools as a release or a move asks of them: name, status and whether reps may release elsewhere. */
export async function poolFacts(db: Db, ids: (number | null)[]): Promise<Map<number, PoolFacts>> {
	const unique = [...new Set(ids.filter((id): id is number => id !== null && id !== undefined))];
	if (unique.length === 0) return new Map();
	const rows = await db('crm_pools').select('*').whereIn('id', unique);
	return new Map(
		rows.map((r: any) => [
			Number(r.id),
			{ id: Number(r.id), name: r.name, status: r.status, release_elsewhere: r.release_elsewhere === undefined ? true : readBool(r.release_elsewhere) },
		]),
	);
}

/** The pools a user administers (a member entry with the role admin). */
export async function poolsAdministeredBy(db: Db, user: string): Promise<Set<number>> {
	const rows = await db('crm_pool_members').select('pool').where({ user, role: 'admin' });
	return new Set(rows.map((r: { pool: number }) => Number(r.pool)));
}

/** How many customers (owned or not) each of these pools holds; pools holding none are left out. */
export async function customersPerPool(db: Db, pools: (number | string)[]): Promise<Map<number, number>> {
	const rows = await db('crm_customers').select('pool').count({ n: '*' }).whereIn('pool', pools.map(Number)).groupBy('pool');
	return new Map(rows.map((r: any) => [Number(r.pool), Number(r.n)]));
}
