import { EVENT } from '../core/events';
import { planLocks } from '../core/locks';
import { managesCustomers } from '../core/actor';
import { RefusalError, type Refusal } from '../core/refusals';
import { transaction, type Db } from '../data/dialects';
import { insertEvents } from '../data/events';
import { lockReps } from '../data/holdings';
import { activeRepLocks, expireLocks, loadLockStates, writeLocks } from '../data/locks';
import { loadSettings } from '../data/settings';
import type { Caller } from './actors';

/**
 * Lock or unlock customers (core/locks.ts says who may lock what, for how long, and how many): one transaction
 * holding the lock of every owner concerned — the same per-rep lock claims take, so a lock and a release or a
 * claim of the same rep never interleave — re-read, decide, write conditionally, one event per customer.
 */
export async function lockCustomers(
	db: Db,
	caller: Caller,
	opts: { keys: (number | string)[]; locked: boolean; until?: Date | null; now?: Date },
): Promise<{ locked: number[]; unlocked: number[] }> {
	const now = opts.now ?? new Date();
	const by = managesCustomers(caller.kind) ? 'manager' : 'rep';
	return transaction(db, async (trx) => {
		const seen = await loadLockStates(trx, opts.keys);
		await lockReps(trx, by === 'rep' ? [caller.user] : seen.map((c) => c.owner));
		const customers = await loadLockStates(trx, opts.keys);
		const found = new Set(customers.map((c) => c.id));
		const missing = [...new Set(opts.keys.map(Number))].find((k) => !found.has(k));
		if (missing !== undefined) throw new RefusalError({ code: 'LEAD_POOL_NOT_FOUND', key: missing, params: { key: missing } });
		const settings = await loadSettings(trx);
		const plan = planLocks(customers, {
			by,
			user: caller.user,
			locked: opts.locked,
			until: opts.until ?? null,
			now,
			maxLockedPerRep: settings.max_locked_per_rep,
			lockMaxDays: settings.lock_max_days,
			timeZone: settings.timezone,
			repLocks: by === 'rep' && caller.user ? await activeRepLocks(trx, caller.user, now) : 0,
		});
		if (plan.refusal) throw new RefusalError(plan.refusal);
		// planLocks gives every change of a request the same end: one conditional write
		const until = plan.changes[0]?.until ?? null;
		const changed = plan.changes.length
			? await writeLocks(trx, { customers: plan.changes.map((g) => g.customer), locked: opts.locked, until, by: caller.user, now })
			: [];
		const lost = plan.changes.find((c) => !changed.includes(c.customer.id));
		if (lost) {
			const { id, name } = lost.customer;
			const refusal: Refusal = { code: 'LEAD_POOL_NOT_OWNER', key: id, params: { key: id, name } };
			throw new RefusalError(refusal);
		}
		const action = opts.locked ? EVENT.locked : EVENT.unlocked;
		await insertEvents(
			trx,
			plan.changes.map(({ customer, until }) => ({
				customer: customer.id,
				action,
				from_owner: customer.owner,
				to_owner: customer.owner,
				pool: customer.pool,
				actor: caller.user,
				reason: null,
				details: { by, until: until ? until.toISOString() : null },
			})),
			now,
		);
		const ids = plan.changes.map((c) => c.customer.id);
		return opts.locked ? { locked: ids, unlocked: [] } : { locked: [], unlocked: ids };
	});
}

/** Locks whose end has passed end, each with an `unlocked` event (the reclaim run calls this before reclaiming). */
export async function endExpiredLocks(db: Db, now: Date): Promise<number> {
	return expireLocks(db, now, EVENT.unlocked);
}
