import { invalid, type Refusal } from './refusals';
import { DAY_MS, formatDay } from './time';

/**
 * Locks (锁定): a locked customer is never reclaimed and its rep cannot release it until it is unlocked.
 *
 * A rep locks their own customers, at most `max_locked_per_rep` at a time, each for at most `lock_max_days`: the lock
 * ends by itself then (`locked_until`). A manager locks any customer someone owns, without an end unless they give
 * one; a rep cannot lift a manager's lock. A lock whose end has passed is no lock: every rule asks `isLockActive`.
 * Who locked is kept (`locked_by`): a lock set by someone other than the owner is a manager's lock (only managers
 * lock customers they do not own), with or without an end. Only a rep's own locks count against their cap; a
 * manager's lock is not theirs to spend. Locks from before `locked_by` existed: a lock without an end is a manager's.
 */

export interface LockState {
	id: number;
	name: string;
	owner: string | null;
	pool: number | null;
	locked: boolean;
	locked_until: Date | null;
	/** who locked (null: nobody, or a lock from before Lead Pool kept it) */
	locked_by: string | null;
}

export function isLockActive(c: Pick<LockState, 'locked' | 'locked_until'>, now: Date): boolean {
	return c.locked && (c.locked_until === null || c.locked_until > now);
}

/** A lock a manager set: active, and set by someone other than the owner (an older lock: without an end). */
export function isManagersLock(c: Pick<LockState, 'locked' | 'locked_until' | 'locked_by' | 'owner'>, now: Date): boolean {
	if (!isLockActive(c, now)) return false;
	return c.locked_by ? c.locked_by !== c.owner : c.locked_until === null;
}

export interface LockRequest {
	/** who asks: a rep (their own customers, within the cap) or a manager (any owned customer) */
	by: 'rep' | 'manager';
	user: string | null;
	locked: boolean;
	/** the end asked for; a rep's lock ends after lock_max_days at the latest */
	until: Date | null;
	now: Date;
	maxLockedPerRep: number;
	lockMaxDays: number;
	timeZone: string;
	/** a rep's own active locks (with an end) now, before this request */
	repLocks: number;
}

export interface LockPlan {
	/** customers whose lock changes, with the end they get (null: no end) and who holds the lock (null: unlocked) */
	changes: { customer: LockState; until: Date | null; by: string | null }[];
	refusal: Refusal | null;
}

/**
 * Decide a lock or unlock request, all or nothing, customer by customer in the order given: the customer must be
 * owned (by the rep, when a rep asks); a rep cannot lift a manager's lock; a rep's new locks must fit their cap.
 * Locking a customer the rep has locked already renews its end; unlocking an unlocked customer changes nothing. A
 * rep asking to lock a customer a manager locked changes nothing (the manager's lock holds it), unless they name an
 * end: that would end the manager's lock, refused like unlocking it.
 */
export function planLocks(customers: readonly LockState[], req: LockRequest): LockPlan {
	const none = (refusal: Refusal): LockPlan => ({ changes: [], refusal });
	const latest = new Date(req.now.getTime() + req.lockMaxDays * DAY_MS);
	let until: Date | null = req.until;
	if (req.locked && req.until && req.until <= req.now) {
		return none(invalid('"until" must be in the future.', '「until」必须是将来的时间。', 'until'));
	}
	if (req.locked && req.by === 'rep') {
		if (until && until > latest) {
			const day = formatDay(latest, req.timeZone);
			const en = `A rep's lock lasts at most ${req.lockMaxDays} days: "until" may be ${day} at the latest.`;
			return none(invalid(en, `业务员锁定最长 ${req.lockMaxDays} 天：「until」最晚为 ${day}。`, 'until'));
		}
		until = until ?? latest;
	}
	const changes: LockPlan['changes'] = [];
	let repLocks = req.repLocks;
	for (const c of customers) {
		if (c.owner === null) {
			if (!req.locked) continue; // nothing to unlock
			// told by number: this text reaches reps who may not see the customer, and is not redacted by key
			const en = `Customer ${c.id} is in a pool; only customers someone owns can be locked.`;
			return none(invalid(en, `客户 ${c.id} 在公海中；只能锁定有负责人的客户。`, 'keys'));
		}
		if (req.by === 'rep' && c.owner !== req.user) {
			const [action, action_zh] = req.locked ? ['lock', '锁定'] : ['unlock', '解锁'];
			return none({ code: 'LEAD_POOL_NOT_OWNER', key: c.id, params: { key: c.id, name: c.name, action, action_zh } });
		}
		const active = isLockActive(c, req.now);
		if (req.by === 'rep' && isManagersLock(c, req.now)) {
			const what = { what: `Unlocking ${c.name}, which a manager locked,`, what_zh: `解锁经理锁定的客户 ${c.name}` };
			if (!req.locked) return none({ code: 'LEAD_POOL_MANAGERS_ONLY', key: c.id, params: what });
			if (req.until) {
				const end = { what: `Changing the end of ${c.name}'s lock, which a manager set,`, what_zh: `修改经理锁定的客户 ${c.name} 的锁定期限` };
				return none({ code: 'LEAD_POOL_MANAGERS_ONLY', key: c.id, params: end });
			}
			continue; // the manager's lock already holds it
		}
		if (!req.locked) {
			if (active) changes.push({ customer: c, until: null, by: null });
			continue;
		}
		// an active lock here is the rep's own (a manager's was dealt with above): renewing it costs no place
		const counted = req.by === 'rep' && !active;
		if (counted && repLocks + 1 > req.maxLockedPerRep) {
			const params = { key: c.id, name: c.name, count: repLocks, cap: req.maxLockedPerRep };
			return none({ code: 'LEAD_POOL_LOCK_LIMIT', key: c.id, params });
		}
		if (counted) repLocks++;
		changes.push({ customer: c, until, by: req.user });
	}
	return { changes, refusal: null };
}

/** The refusal a rep gets for releasing (or deleting) a customer that is locked. */
export function lockedRefusal(c: LockState, now: Date, timeZone: string): Refusal {
	const until = c.locked_until && c.locked_until > now ? formatDay(c.locked_until, timeZone) : null;
	return { code: 'LEAD_POOL_LOCKED', key: c.id, params: { key: c.id, name: c.name, until } };
}
