import { duplicateQuery, RateLimiter } from '../core/duplicates';
import type { Db } from '../data/dialects';
import { findDuplicates, type DuplicateHit } from '../data/duplicates';
import { poolNameList } from '../data/pools';

/** A small allowance per user, so the check answers people typing but cannot be used to page through the table. */
const limiter = new RateLimiter(
	Number(process.env['LEAD_POOL_DUPLICATES_PER_MINUTE'] ?? 120),
	Number(process.env['LEAD_POOL_DUPLICATES_BURST'] ?? 30),
);

/**
 * The duplicate check, for anyone signed in: every matching customer across all pools with name, owner, pool and
 * creation time only, best matches first; `null` when the user has used up their allowance for now.
 */
export async function checkDuplicates(db: Db, user: string, keyword: string, limit: number): Promise<DuplicateHit[] | null> {
	if (!limiter.take(user)) return null;
	return findDuplicates(db, duplicateQuery(keyword), limit);
}

/**
 * Names of all pools, for anyone signed in: the duplicate check says "in pool: <name>" of customers in pools the
 * caller is not a member of (and so cannot read). Names only.
 */
export async function poolNamesForAll(db: Db): Promise<{ id: number; name: string }[]> {
	return poolNameList(db);
}
