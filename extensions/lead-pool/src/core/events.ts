import type { ClaimMode } from './ownership';
import type { Stage } from './quota';

/**
 * The actions of the audit trail (crm_events.action): one name per change of a customer's ownership, lock, pool or
 * import outcome. Everything that writes or counts events spells them from here.
 */
export const EVENT = {
	claimed: 'claimed',
	claimed_by_follow_up: 'claimed_by_follow_up',
	request_approved: 'request_approved',
	request_rejected: 'request_rejected',
	released: 'released',
	deleted_to_pool: 'deleted_to_pool',
	reclaimed: 'reclaimed',
	assigned: 'assigned',
	transferred: 'transferred',
	created_in_pool: 'created_in_pool',
	created_owned: 'created_owned',
	over_cap_to_pool: 'over_cap_to_pool',
	import_flagged: 'import_flagged',
	import_merged: 'import_merged',
	import_skipped: 'import_skipped',
	purged: 'purged',
	locked: 'locked',
	unlocked: 'unlocked',
	moved: 'moved',
	won: 'won',
	won_reverted: 'won_reverted',
} as const;

export type EventAction = (typeof EVENT)[keyof typeof EVENT];

/** The event a claim writes, by the way the rep claimed. */
export const CLAIM_EVENT: Readonly<Record<ClaimMode, EventAction>> = {
	direct: EVENT.claimed,
	follow_up: EVENT.claimed_by_follow_up,
	request: EVENT.request_approved,
};

/** Claims a rep made (they count against a pool's daily limit). */
export const CLAIM_ACTIONS: readonly EventAction[] = [EVENT.claimed, EVENT.claimed_by_follow_up, EVENT.request_approved];

/** Events that put a customer into a pool. */
export const POOL_ARRIVALS: readonly EventAction[] = [
	EVENT.created_in_pool,
	EVENT.over_cap_to_pool,
	EVENT.released,
	EVENT.deleted_to_pool,
	EVENT.reclaimed,
];

/** Events that take a customer out of a pool to a rep. */
export const TAKEN_FROM_POOL: readonly EventAction[] = [...CLAIM_ACTIONS, EVENT.assigned];

/** Which events count as what in a rep's activity; the rep is the one who got or lost the customer. */
export const REP_ACTIVITY: Readonly<Record<string, { actions: readonly EventAction[]; rep: 'to_owner' | 'from_owner' }>> = {
	claims: { actions: CLAIM_ACTIONS, rep: 'to_owner' },
	releases: { actions: [EVENT.released, EVENT.deleted_to_pool], rep: 'from_owner' },
	reclaims: { actions: [EVENT.reclaimed], rep: 'from_owner' },
	assignments: { actions: [EVENT.assigned, EVENT.transferred], rep: 'to_owner' },
};

/**
 * A deal is won when a customer enters the stage `customer`, and the win is taken back when it leaves it: both are
 * events, so a won deal is what the audit trail says, not a field a rep can flip. Changes between other stages write
 * no such event.
 */
export function stageEvent(from: Stage, to: Stage): EventAction | null {
	if (from === to) return null;
	if (to === 'customer') return EVENT.won;
	return from === 'customer' ? EVENT.won_reverted : null;
}

/** The events a win is counted from: a customer's latest of them says whether it is won now, and for whom. */
export const WIN_EVENTS: readonly EventAction[] = [EVENT.won, EVENT.won_reverted];

/** When a customer of this stage was converted: now for a won customer, never for the others. */
export function convertedAt(stage: Stage, now: Date): Date | null {
	return stage === 'customer' ? now : null;
}
