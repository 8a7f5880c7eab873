import { describe, expect, it } from 'vitest';
import { isLockActive, isManagersLock, planLocks, type LockRequest, type LockState } from './locks';

const now = new Date('2026-03-02T08:00:00Z');
const DAY = 86_400_000;
const c = (id: number, over: Partial<LockState> = {}): LockState => ({ id, name: `C${id}`, owner: 'rep', pool: 1, locked: false, locked_until: null, locked_by: null, ...over });
const rep = (over: Partial<LockRequest> = {}): LockRequest => ({
	by: 'rep',
	user: 'rep',
	locked: true,
	until: null,
	now,
	maxLockedPerRep: 2,
	lockMaxDays: 30,
	timeZone: 'Asia/Shanghai',
	repLocks: 0,
	...over,
});

describe('a lock ends by itself', () => {
	it('is active while its end is ahead, or without an end', () => {
		expect(isLockActive({ locked: true, locked_until: new Date(now.getTime() + 1) }, now)).toBe(true);
		expect(isLockActive({ locked: true, locked_until: now }, now)).toBe(false);
		expect(isLockActive({ locked: true, locked_until: null }, now)).toBe(true);
		expect(isLockActive({ locked: false, locked_until: null }, now)).toBe(false);
	});
});

describe('a rep locks their own customers, within the cap, for at most the settings’ days', () => {
	it('gets an end lock_max_days ahead, or sooner when asked', () => {
		expect(planLocks([c(1)], rep()).changes[0]!.until).toEqual(new Date(now.getTime() + 30 * DAY));
		const soon = new Date(now.getTime() + 2 * DAY);
		expect(planLocks([c(1)], rep({ until: soon })).changes[0]!.until).toEqual(soon);
		expect(planLocks([c(1)], rep({ until: new Date(now.getTime() + 31 * DAY) })).refusal?.code).toBe('INVALID_PAYLOAD');
		expect(planLocks([c(1)], rep({ until: new Date(now.getTime() - 1) })).refusal?.code).toBe('INVALID_PAYLOAD');
	});

	it('is refused past the cap, all or nothing; renewing a lock costs nothing', () => {
		const plan = planLocks([c(1), c(2), c(3)], rep());
		expect(plan.refusal).toMatchObject({ code: 'LEAD_POOL_LOCK_LIMIT', key: 3, params: { count: 2, cap: 2 } });
		expect(plan.changes).toEqual([]);
		const renewing = c(1, { locked: true, locked_until: new Date(now.getTime() + DAY) });
		expect(planLocks([renewing, c(2)], rep({ repLocks: 2 })).refusal?.code).toBe('LEAD_POOL_LOCK_LIMIT');
		expect(planLocks([renewing], rep({ repLocks: 2 })).refusal).toBeNull();
		// an ended lock is no lock: locking it again counts
		const ended = c(4, { locked: true, locked_until: now });
		expect(planLocks([ended], rep({ repLocks: 2 })).refusal?.code).toBe('LEAD_POOL_LOCK_LIMIT');
	});

	it('cannot lock someone else’s customer or a pool customer, nor lift a manager’s lock', () => {
		expect(planLocks([c(1, { owner: 'other' })], rep()).refusal?.code).toBe('LEAD_POOL_NOT_OWNER');
		expect(planLocks([c(1, { owner: null })], rep()).refusal?.code).toBe('INVALID_PAYLOAD');
		const managers = c(1, { locked: true, locked_until: null });
		expect(planLocks([managers], rep({ locked: false })).refusal?.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(planLocks([managers], rep()).changes).toEqual([]);
	});

	it('unlocks their own locks; unlocking what is not locked changes nothing', () => {
		const mine = c(1, { locked: true, locked_until: new Date(now.getTime() + DAY) });
		expect(planLocks([mine, c(2)], rep({ locked: false })).changes.map((x) => x.customer.id)).toEqual([1]);
	});
});

describe('a manager locks any owned customer, without an end unless given, and past any cap', () => {
	it('locks and unlocks anyone’s customers', () => {
		const plan = planLocks([c(1, { owner: 'a' }), c(2, { owner: 'b' }), c(3, { owner: 'c' })], rep({ by: 'manager', user: 'm', repLocks: 99 }));
		expect(plan.refusal).toBeNull();
		expect(plan.changes.map((x) => x.until)).toEqual([null, null, null]);
		const until = new Date(now.getTime() + 400 * DAY);
		expect(planLocks([c(1)], rep({ by: 'manager', until })).changes[0]!.until).toEqual(until);
		expect(planLocks([c(1, { locked: true })], rep({ by: 'manager', locked: false })).changes).toHaveLength(1);
	});
});

describe('who locked decides whose lock it is (locked_by)', () => {
	const soon = new Date(now.getTime() + 5 * DAY);
	it('a manager’s lock with an end is still the manager’s: the rep cannot lift it nor move its end', () => {
		const managers = c(1, { locked: true, locked_until: soon, locked_by: 'm' });
		expect(isManagersLock(managers, now)).toBe(true);
		expect(planLocks([managers], rep({ locked: false })).refusal?.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(planLocks([managers], rep({ until: new Date(now.getTime() + DAY) })).refusal?.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		// locking it again without an end asks nothing of the manager's lock: it holds, nothing changes
		expect(planLocks([managers], rep())).toEqual({ changes: [], refusal: null });
	});

	it('the rep’s own lock (locked_by the owner) is theirs to renew and lift; a lock records its holder', () => {
		const mine = c(1, { locked: true, locked_until: soon, locked_by: 'rep' });
		expect(isManagersLock(mine, now)).toBe(false);
		expect(planLocks([mine], rep({ locked: false })).changes).toEqual([{ customer: mine, until: null, by: null }]);
		expect(planLocks([mine], rep({ repLocks: 2 })).changes[0]).toMatchObject({ by: 'rep' });
		expect(planLocks([c(2, { owner: 'a' })], rep({ by: 'manager', user: 'm' })).changes[0]).toMatchObject({ by: 'm', until: null });
	});

	it('an older lock without locked_by: no end means a manager’s, an end means the rep’s', () => {
		expect(isManagersLock(c(1, { locked: true, locked_until: null }), now)).toBe(true);
		expect(isManagersLock(c(1, { locked: true, locked_until: soon }), now)).toBe(false);
		expect(isManagersLock(c(1, { locked: true, locked_until: now, locked_by: 'm' }), now)).toBe(false);
	});
});
