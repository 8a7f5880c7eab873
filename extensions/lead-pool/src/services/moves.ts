import { managesCustomers } from '../core/actor';
import { moveRefusal } from '../core/destinations';
import { EVENT } from '../core/events';
import { invalid, RefusalError } from '../core/refusals';
import { transaction, type Db } from '../data/dialects';
import { insertEvents } from '../data/events';
import { unownedCustomers, unownedIdsInPool, writeMove } from '../data/moves';
import { poolFacts, poolsAdministeredBy } from '../data/pools';
import type { Caller } from './actors';

/** How many customers one move takes at most (a whole pool, in one transaction). */
const MAX_MOVE = 20_000;

/**
 * Managers and pool admins move unowned customers between pools: the keys given (all or nothing: a customer someone
 * owns is refused), or every unowned customer of `fromPool`. One transaction, a conditional write (a customer
 * claimed in between is not moved), one `moved` event per customer.
 */
export async function moveCustomers(
	db: Db,
	caller: Caller,
	opts: { keys?: number[]; fromPool?: number; toPool: number; reason: string; now?: Date },
): Promise<{ moved: number[] }> {
	const now = opts.now ?? new Date();
	return transaction(db, async (trx) => {
		const keys = opts.keys ?? (await unownedIdsInPool(trx, opts.fromPool!, MAX_MOVE));
		// by pool: whatever is unowned there now; by keys: all of them, or nothing
		const customers = (await unownedCustomers(trx, keys)).filter((c) => opts.keys || c.owner === null);
		const found = new Set(customers.map((c) => c.id));
		const missing = keys.find((k) => !found.has(k));
		if (missing !== undefined) throw new RefusalError({ code: 'LEAD_POOL_NOT_FOUND', key: missing, params: { key: missing } });
		const owned = customers.find((c) => c.owner !== null);
		if (owned) throw new RefusalError({ code: 'LEAD_POOL_ALREADY_OWNED', key: owned.id, params: { key: owned.id, name: owned.name } });
		const sources = [...new Set([...(opts.fromPool ? [opts.fromPool] : []), ...customers.map((c) => c.pool)])];
		const by = managesCustomers(caller.kind) ? 'manager' : caller.user ? 'pool_admin' : 'rep';
		const administers = caller.user && by !== 'manager' ? await poolsAdministeredBy(trx, caller.user) : new Set<number>();
		const pools = await poolFacts(trx, [opts.toPool, ...sources]);
		const refusal = moveRefusal({ by, target: opts.toPool, pools, administers, sources });
		if (refusal) throw new RefusalError(refusal);
		const moving = customers.filter((c) => c.pool !== opts.toPool);
		if (moving.length === 0 && opts.keys) {
			throw new RefusalError(invalid('These customers are in that pool already', '这些客户已在该公海中', 'to_pool'));
		}
		const moved = new Set(await writeMove(trx, { ids: moving.map((c) => c.id), from: sources, to: opts.toPool, now }));
		const lost = opts.keys ? moving.find((c) => !moved.has(c.id)) : undefined;
		if (lost) throw new RefusalError({ code: 'LEAD_POOL_ALREADY_OWNED', key: lost.id, params: { key: lost.id, name: lost.name } });
		await insertEvents(
			trx,
			moving
				.filter((c) => moved.has(c.id))
				.map((c) => ({
					customer: c.id,
					action: EVENT.moved,
					from_owner: null,
					to_owner: null,
					pool: opts.toPool,
					actor: caller.user,
					reason: opts.reason,
					details: { from_pool: c.pool, to_pool: opts.toPool },
				})),
			now,
		);
		return { moved: [...moved] };
	});
}
