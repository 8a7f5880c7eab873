/**
 * Membership of a pool, the one rule behind what a rep sees and may claim: every rep is a member of every active
 * company-wide pool; other active pools list their members as users or teams, and a rep is a member when the pool
 * lists them or their team. Nobody is a member of a disabled pool. Members see a pool's unowned customers and claim
 * them as the pool allows; `data/pools.ts` asks the same question of the database (`memberPoolIds`).
 */

/** The pool status under which a pool has members at all. */
export const ACTIVE_POOL = 'active';

/** The kind of pool every rep belongs to without being listed. */
export const COMPANY_WIDE = 'company';

export interface PoolMembershipFacts {
	id: number;
	status: string;
	kind?: string;
}

/** Whether a pool takes every rep without listing them. */
export function isCompanyWide(pool: { kind?: unknown }): boolean {
	return pool.kind === COMPANY_WIDE;
}

/** Whether a rep whose pools are `memberPools` (see data/pools.memberPoolIds) is a member of `pool` now. */
export function isMemberOf(pool: PoolMembershipFacts | undefined, memberPools: ReadonlySet<number>): pool is PoolMembershipFacts {
	return !!pool && pool.status === ACTIVE_POOL && memberPools.has(pool.id);
}
