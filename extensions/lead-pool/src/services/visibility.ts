import type { ActorLike } from '../core/actor';
import { filterTargetsOnly, redactNestedUsers, redactUsersForRep, type RelationLookup } from '../core/users';
import { andFilter, customerVisibilityFilter, relatedVisibilityFilter, type DirectusFilter } from '../core/visibility';
import type { Db } from '../data/dialects';
import { resolveActorKind } from '../data/people';
import { cachedMemberPools } from '../data/pools';

/**
 * What a rep may see: the customers they own plus the unowned customers of their pools (and what hangs off those
 * customers), and of other users only what the studio shows next to a customer. Admins and managers see everything.
 */

/** What a read narrows to, by the reader and the pools they are a member of. */
export type Narrowing = (user: string, pools: number[]) => DirectusFilter;

export const CUSTOMERS: Narrowing = (user, pools) => customerVisibilityFilter(user, pools);
export const RELATED_TO_CUSTOMERS: Narrowing = (user, pools) => relatedVisibilityFilter(user, pools);
/** Non-members see nothing of a pool. */
export const MEMBER_POOLS: Narrowing = (_user, pools) => ({ id: { _in: pools.length ? pools : [-1] } });

/** A read's query with the reader's narrowing ANDed into its filter (nothing at all for a reader without a user). */
export async function narrowRead(db: Db, accountability: ActorLike | null | undefined, query: any, narrowing: Narrowing): Promise<any> {
	if (!accountability) return query;
	if ((await resolveActorKind(db, accountability)) !== 'rep' && accountability.user) return query;
	if (!accountability.user) return { ...query, filter: andFilter(query?.filter, { id: { _null: true } }) };
	const pools = await cachedMemberPools(db, accountability.user);
	return { ...query, filter: andFilter(query?.filter, narrowing(accountability.user, pools)) };
}

/** Users a rep reads, reduced to what the studio shows (their own record stays whole). */
export async function redactUsers(db: Db, accountability: ActorLike | null | undefined, records: unknown, queryFilter: unknown) {
	if (!accountability || !Array.isArray(records)) return records;
	if ((await resolveActorKind(db, accountability)) !== 'rep') return records;
	const onlySelf = filterTargetsOnly(queryFilter, accountability.user);
	return redactUsersForRep(records as Record<string, unknown>[], accountability.user, onlySelf);
}

/** Users nested in a rep's read of one of Lead Pool's collections, reduced the same way. */
export async function redactNestedUsersOf(
	db: Db,
	accountability: ActorLike | null | undefined,
	collection: string,
	records: unknown,
	relationOf: RelationLookup,
): Promise<unknown> {
	if (!accountability || !Array.isArray(records) || records.length === 0) return records;
	if ((await resolveActorKind(db, accountability)) !== 'rep') return records;
	return redactNestedUsers(collection, records, accountability.user, relationOf);
}
