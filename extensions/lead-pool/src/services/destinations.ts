import { managesCustomers } from '../core/actor';
import { releaseDestinations } from '../core/destinations';
import { ACTIVE_POOL } from '../core/membership';
import { releaseRefusals } from '../core/ownership';
import { RefusalError } from '../core/refusals';
import { loadCustomers } from '../data/customers';
import type { Db } from '../data/dialects';
import { cachedMemberPools, poolFacts, poolNameList } from '../data/pools';
import type { Caller } from './actors';

/**
 * The pools the caller may release these customers into (the form's Release picker): by the release's own rule
 * (core/destinations), the customers' pool first. A rep asks only about customers they own.
 */
export async function releasePoolsFor(db: Db, caller: Caller, keys: number[]): Promise<{ id: number; name: string; source: boolean }[]> {
	const customers = await loadCustomers(db, keys);
	const by = managesCustomers(caller.kind) ? 'manager' : 'rep';
	// the release's own refusals (services/ownership releaseCustomers): a key that names nothing, a customer not theirs
	const [refused] = releaseRefusals(keys, customers, by === 'rep' ? (caller.user ?? '') : undefined, 'release');
	if (refused) throw new RefusalError(refused);
	const memberPools = by === 'rep' && caller.user ? await cachedMemberPools(db, caller.user) : [];
	const candidates = by === 'rep' ? memberPools : (await poolNameList(db)).map((p) => p.id);
	const sources = customers.map((c) => c.pool);
	const pools = await poolFacts(db, [...candidates, ...sources]);
	return releaseDestinations({ by, candidates, pools, memberPools: new Set(memberPools), sources }).filter((p) => pools.get(p.id)?.status === ACTIVE_POOL);
}
