import { invalid, RefusalError } from '../core/refusals';
import { customersPerOwner } from '../data/customers';
import type { Db } from '../data/dialects';
import { userNames } from '../data/people';
import { customersPerPool, poolNames } from '../data/pools';
import { loadSettings } from '../data/settings';

/**
 * Deletes that would erase history or strand customers are refused before they reach the database: a pool that
 * still holds customers (they would be left in no pool, invisible and unclaimable), and a user who still owns
 * customers (they would be left with no owner and no event). Everything else the history keeps by itself: events,
 * follow-ups and performance entries keep the ids of deleted users and pools (data/schema/history).
 */
export async function checkPoolsDeletable(db: Db, keys: (number | string)[]): Promise<void> {
	// the default pool is where customers without a pool land: another must take its place first
	const fallback = (await loadSettings(db)).default_pool;
	if (fallback !== null && keys.map(Number).includes(Number(fallback))) {
		throw new RefusalError(
			invalid(
				'This is the default pool, where new customers without a pool land; choose another default pool in Lead Pool settings first.',
				'这是默认公海，没有公海的新客户会进入这里；请先在公海设置中选择另一个默认公海。',
				'default_pool',
			),
		);
	}
	const held = await customersPerPool(db, keys);
	const [first] = [...held];
	if (!first) return;
	const names = await poolNames(db);
	throw new RefusalError({ code: 'LEAD_POOL_POOL_NOT_EMPTY', params: { pool: names.get(first[0]) ?? `#${first[0]}`, count: first[1] } });
}

export async function checkUsersDeletable(db: Db, keys: (number | string)[]): Promise<void> {
	const owned = await customersPerOwner(db, keys.map(String));
	const [first] = [...owned];
	if (!first) return;
	const who = (await userNames(db, [first[0]])).get(first[0]) ?? first[0];
	throw new RefusalError({ code: 'LEAD_POOL_OWNS_CUSTOMERS', params: { who, count: first[1] } });
}
