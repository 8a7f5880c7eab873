import { forgetVisibilityFacts } from '../data/visibility';
import { RefusalError } from '../core/refusals';
import { validatePool, validateRepProfile, validateSettings } from '../core/validate';
import type { Db } from '../data/dialects';
import { moveAccessEpoch } from '../data/epochs';
import { forgetPolicies, forgetUserLanguages } from '../data/people';
import { clearMembershipCache, poolCounts, poolRows } from '../data/pools';
import { clearSettingsCache } from '../data/settings';
import { readBool } from '../data/values';
import type { Payload } from './payload';

/**
 * Settings are validated where they are stored (core/validate.ts says what is allowed): pools, the global settings
 * and rep profiles. What the server caches of them is forgotten as soon as they change.
 */


/** How many members a pool will have after a write whose payload may carry nested member changes. */
function memberCountAfter(current: number, members: unknown): number {
	if (members === undefined) return current;
	if (Array.isArray(members)) return members.length;
	if (members && typeof members === 'object') {
		const m = members as { create?: unknown[]; delete?: unknown[] };
		return current + (m.create?.length ?? 0) - (m.delete?.length ?? 0);
	}
	return current;
}

function refuse(refusal: ReturnType<typeof validatePool>): void {
	if (refusal) throw new RefusalError(refusal);
}

/** A new pool, with the defaults Directus will fill in. */
export function checkNewPool(payload: Payload): void {
	const merged = { status: 'active', kind: 'company', claim_policy: 'open', claim_direct: true, ...payload };
	refuse(validatePool(payload, merged, { memberCount: memberCountAfter(0, payload['members']), customersInPool: 0, wasActive: false }));
}

/** The pool's switches, stored as booleans (which some drivers hand back as 0 and 1). */
const POOL_FLAGS = ['claim_direct', 'claim_by_follow_up', 'claim_by_request', 'reclaim_enabled'];

/** Each pool as it would be after the write, with its members and the unowned customers it holds. */
export async function checkPoolChange(db: Db, keys: (number | string)[], payload: Payload): Promise<void> {
	for (const row of await poolRows(db, keys)) {
		const flags = Object.fromEntries(POOL_FLAGS.map((f) => [f, readBool(row[f])]));
		const merged = { ...row, ...flags, ...payload };
		const counts = await poolCounts(db, row['id']);
		const facts = {
			memberCount: memberCountAfter(counts.members, payload['members']),
			customersInPool: counts.unowned,
			wasActive: row['status'] !== 'disabled',
		};
		refuse(validatePool(payload, merged, facts));
	}
}

export function checkSettings(payload: Payload): void {
	refuse(validateSettings(payload));
}

export function checkRepProfile(payload: Payload): void {
	refuse(validateRepProfile(payload));
}

/** The global settings (or their reclaim schedule) changed. */
export function settingsChanged(): void {
	clearSettingsCache();
}

/**
 * Pools, memberships, rep profiles, users or policies changed: who is a member of what is read again, here at once and
 * on every other instance within about a second (the access epoch).
 */
export async function membershipChanged(db: Db): Promise<void> {
	clearMembershipCache();
	forgetVisibilityFacts();
	forgetPolicies();
	await moveAccessEpoch(db);
}

/** Users changed their language (all users, when the project's default changed). */
export function languagesChanged(users?: string[]): void {
	forgetUserLanguages(users);
}
