import type { Knex } from 'knex';
import { effectiveQuota, planClaims, quotaRefusal, addHolding, type ClaimMode, type CustomerState } from '../core/ownership';
import { RefusalError, type Refusal } from '../core/refusals';
import { startOfDayInZone } from '../core/time';
import { lockRep } from '../data/db';
import { cachedMemberPools } from '../data/visibility';
import {
	claimsSince,
	holdingsOf,
	insertEvents,
	loadCustomers,
	loadPools,
	loadProfile,
	loadSettings,
	userNames,
	writeClaim,
	writeTransfer,
	type EventRow,
} from '../data/ownership';

/**
 * Ownership changes: claim, release, assign and transfer. Each runs in one transaction holding the lock of the rep
 * who gains customers, re-reads what it decides on, writes with conditional UPDATEs and appends one event per
 * customer. Hooks and endpoints call these; the rules themselves are in core/ownership.
 */

const CLAIM_EVENT: Record<ClaimMode, string> = { direct: 'claimed', follow_up: 'claimed_by_follow_up', request: 'request_approved' };

export interface ClaimResult {
	claimed: number[];
	refused: Refusal[];
}

export async function claimCustomers(
	knex: Knex,
	opts: { rep: string; actor: string | null; keys: (number | string)[]; mode: ClaimMode; allOrNothing: boolean; approval?: boolean; reason?: string | null; details?: Record<string, unknown>; now?: Date },
): Promise<ClaimResult> {
	const now = opts.now ?? new Date();
	return knex.transaction(async (trx) => {
		await lockRep(trx, opts.rep);
		const customers = await loadCustomers(trx, opts.keys);
		const missing = notFound(opts.keys, customers);
		const settings = await loadSettings(trx);
		const [profile, holdings, memberPools, pools] = await Promise.all([
			loadProfile(trx, opts.rep),
			holdingsOf(trx, opts.rep),
			opts.approval ? Promise.resolve([]) : cachedMemberPools(trx, opts.rep),
			loadPools(trx, customers.map((c) => c.pool).filter((p): p is number => p !== null)),
		]);
		// The audit trail is only read when a pool has a daily limit.
		const limited = [...pools.values()].some((p) => p.daily_claim_limit !== null);
		const claimsToday = limited ? await claimsSince(trx, opts.rep, startOfDayInZone(now, settings.timezone)) : new Map<number, number>();
		const plan = planClaims(customers, {
			rep: opts.rep,
			mode: opts.mode,
			memberPools: new Set(memberPools),
			pools,
			quota: effectiveQuota(settings, profile),
			holdings,
			claimsToday,
			now,
			timeZone: settings.timezone,
			approval: opts.approval,
		});
		const refused = [...missing, ...plan.refused];
		if (opts.allOrNothing && refused.length) throw new RefusalError(refused[0]!, refused);
		const won = await writeClaim(trx, { ids: plan.accepted.map((c) => c.id), to: opts.rep, now });
		const wonSet = new Set(won);
		for (const c of plan.accepted) if (!wonSet.has(c.id)) refused.push({ code: 'LEAD_POOL_ALREADY_OWNED', key: c.id, params: { key: c.id, name: c.name } });
		if (opts.allOrNothing && refused.length) throw new RefusalError(refused[0]!, refused);
		await insertEvents(
			trx,
			plan.accepted
				.filter((c) => wonSet.has(c.id))
				.map((c) => ({ customer: c.id, action: CLAIM_EVENT[opts.mode], from_owner: null, to_owner: opts.rep, pool: c.pool, actor: opts.actor, reason: opts.reason ?? null, details: { mode: opts.mode, ...opts.details } })),
			now,
		);
		return { claimed: won, refused };
	});
}

/**
 * Return customers to their pools: a rep's release, a delete, or a manager taking customers back. With `onlyOwner`
 * every customer must belong to that rep, or nothing happens.
 */
export async function releaseCustomers(
	knex: Knex,
	opts: { actor: string | null; keys: (number | string)[]; reason: string | null; action: 'released' | 'deleted_to_pool'; onlyOwner?: string; now?: Date },
): Promise<{ released: number[] }> {
	const now = opts.now ?? new Date();
	return knex.transaction(async (trx) => {
		const customers = await loadCustomers(trx, opts.keys);
		const missing = notFound(opts.keys, customers);
		if (opts.onlyOwner) {
			const notMine = customers.filter((c) => c.owner !== opts.onlyOwner);
			const refused: Refusal[] = [...missing, ...notMine.map((c) => ({ code: 'LEAD_POOL_NOT_OWNER' as const, key: c.id, params: { key: c.id, name: c.name, action: opts.action === 'released' ? 'release' : 'delete', action_zh: opts.action === 'released' ? '放回' : '删除' } }))];
			if (refused.length) throw new RefusalError(refused[0]!, refused);
		}
		const owned = customers.filter((c) => c.owner !== null);
		const moved = new Set(await writeTransfer(trx, { customers: owned, to: null, now, reason: opts.reason }));
		await insertEvents(
			trx,
			owned.filter((c) => moved.has(c.id)).map((c) => ({ customer: c.id, action: opts.action, from_owner: c.owner, to_owner: null, pool: c.pool, actor: opts.actor, reason: opts.reason, details: null })),
			now,
		);
		return { released: [...moved] };
	});
}

/**
 * A manager gives customers to a rep: from the pool (assign) or from another rep (transfer). The receiving rep's
 * caps hold; all or nothing.
 */
export async function assignCustomers(
	knex: Knex,
	opts: { actor: string | null; keys: (number | string)[]; to: string; reason: string | null; details?: (c: CustomerState) => unknown; now?: Date },
): Promise<{ assigned: number[] }> {
	const now = opts.now ?? new Date();
	return knex.transaction(async (trx) => {
		await lockRep(trx, opts.to);
		const customers = await loadCustomers(trx, opts.keys);
		const missing = notFound(opts.keys, customers);
		if (missing.length) throw new RefusalError(missing[0]!, missing);
		const settings = await loadSettings(trx);
		const [profile, names] = await Promise.all([loadProfile(trx, opts.to), userNames(trx, [opts.to])]);
		const quota = effectiveQuota(settings, profile);
		let holdings = await holdingsOf(trx, opts.to);
		const moving = customers.filter((c) => c.owner !== opts.to);
		for (const c of moving) {
			const refusal = quotaRefusal(holdings, quota, c.stage, c.id, names.get(opts.to));
			if (refusal) throw new RefusalError(refusal);
			holdings = addHolding(holdings, c.stage);
		}
		const moved = new Set(await writeTransfer(trx, { customers: moving, to: opts.to, now }));
		const lost = moving.filter((c) => !moved.has(c.id));
		if (lost.length) throw new RefusalError({ code: 'LEAD_POOL_ALREADY_OWNED', key: lost[0]!.id, params: { key: lost[0]!.id, name: lost[0]!.name } });
		const events: EventRow[] = moving.map((c) => ({
			customer: c.id,
			action: c.owner === null ? 'assigned' : 'transferred',
			from_owner: c.owner,
			to_owner: opts.to,
			pool: c.pool,
			actor: opts.actor,
			reason: opts.reason,
			details: opts.details ? opts.details(c) : null,
		}));
		await insertEvents(trx, events, now);
		return { assigned: [...moved] };
	});
}

function notFound(keys: (number | string)[], found: CustomerState[]): Refusal[] {
	const have = new Set(found.map((c) => c.id));
	return [...new Set(keys.map(Number))].filter((k) => !have.has(k)).map((k) => ({ code: 'LEAD_POOL_NOT_FOUND' as const, key: k, params: { key: k } }));
}
