import type { Knex } from 'knex';
import { memberPoolIds } from './ownership';

const TTL_MS = 5_000;
const cache = new Map<string, { at: number; pools: number[] }>();

/**
 * The pools a rep is a member of, cached for a few seconds per process because every read of a customer needs it.
 * Writes to pools, memberships and rep profiles clear the cache of this process; other instances catch up within
 * the TTL.
 */
export async function cachedMemberPools(knex: Knex, user: string): Promise<number[]> {
	const hit = cache.get(user);
	if (hit && Date.now() - hit.at < TTL_MS) return hit.pools;
	const pools = await memberPoolIds(knex, user);
	cache.set(user, { at: Date.now(), pools });
	if (cache.size > 10_000) cache.clear();
	return pools;
}

export function clearMembershipCache(): void {
	cache.clear();
}
