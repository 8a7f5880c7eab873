import { CLAIM_EVENT, EVENT, stageEvent, type EventAction } from '../core/events';
import { releaseDestinationRefusal } from '../core/destinations';
import { isLockActive, lockedRefusal } from '../core/locks';
import { notFoundRefusals, planClaims, releaseRefusals, type ClaimMode, type CustomerState } from '../core/ownership';
import { countsAgainstCap, effectiveQuota, fitQuota, stageChangeRefusal, type Stage } from '../core/quota';
import { invalid, refusalMessage, RefusalError, say, type Refusal } from '../core/refusals';
import { startOfDayInZone } from '../core/time';
import { customerIdsOwnedBy, loadCustomers, writeClaim, writeStage, writeTransfer } from '../data/customers';
import { transaction, type Db } from '../data/dialects';
import { claimsSince, insertEvents, type EventRow } from '../data/events';
import { holdingsByOwner, holdingsOf, lockReps } from '../data/holdings';
import { loadLockStates } from '../data/locks';
import { loadProfile, loadProfiles, userNames } from '../data/people';
import { cachedMemberPools, loadPools, poolFacts } from '../data/pools';
import { loadSettings } from '../data/settings';
import { languageOfUser, type Caller } from './actors';
import { notify, type NotifyDeps } from './notify';
import { redactRefusals } from './read-guard';

/**
 * Ownership changes: claim, release, assign and transfer. Each runs in one transaction holding the lock of the rep
 * who gains customers, re-reads what it decides on, decides by the rules of core/ (claiming in core/ownership, caps
 * in core/quota), writes with conditional UPDATEs and appends one event per customer. Hooks, routes and flow
 * operations call these.
 */

export interface ClaimResult {
	claimed: number[];
	refused: Refusal[];
}

export async function claimCustomers(
	db: Db,
	opts: {
		rep: string;
		actor: string | null;
		keys: (number | string)[];
		mode: ClaimMode;
		allOrNothing: boolean;
		approval?: boolean;
		reason?: string | null;
		details?: Record<string, unknown>;
		now?: Date;
	},
): Promise<ClaimResult> {
	const now = opts.now ?? new Date();
	return transaction(db, async (trx) => {
		await lockReps(trx, [opts.rep]);
		const customers = await loadCustomers(trx, opts.keys);
		const missing = notFoundRefusals(opts.keys, customers);
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
		const won = new Set(await writeClaim(trx, { ids: plan.accepted.map((c) => c.id), to: opts.rep, now }));
		for (const c of plan.accepted) {
			if (!won.has(c.id)) refused.push({ code: 'LEAD_POOL_ALREADY_OWNED', key: c.id, params: { key: c.id, name: c.name } });
		}
		if (opts.allOrNothing && refused.length) throw new RefusalError(refused[0]!, refused);
		const details = { mode: opts.mode, ...opts.details };
		const events = plan.accepted
			.filter((c) => won.has(c.id))
			.map((c) => event(c, CLAIM_EVENT[opts.mode], { to: opts.rep, actor: opts.actor, reason: opts.reason ?? null, details }));
		await insertEvents(trx, events, now);
		return { claimed: [...won], refused };
	});
}

/**
 * Return customers to their pools: a rep's release, a delete, or a manager taking customers back. With `onlyOwner`
 * every customer must belong to that rep, or nothing happens.
 */
export async function releaseCustomers(
	db: Db,
	opts: {
		actor: string | null;
		keys: (number | string)[];
		reason: string | null;
		action: typeof EVENT.released | typeof EVENT.deleted_to_pool;
		onlyOwner?: string;
		/** another pool to release into (core/destinations says where a rep may) */
		toPool?: number;
		now?: Date;
	},
): Promise<{ released: number[] }> {
	const now = opts.now ?? new Date();
	return transaction(db, async (trx) => {
		// a rep's release waits for their lock (claims and locks take it too), so a lock and a release never interleave
		if (opts.onlyOwner) await lockReps(trx, [opts.onlyOwner]);
		const customers = await loadCustomers(trx, opts.keys);
		if (opts.onlyOwner) {
			const refused = releaseRefusals(opts.keys, customers, opts.onlyOwner, opts.action === EVENT.released ? 'release' : 'delete');
			if (refused.length) throw new RefusalError(refused[0]!, refused);
			const locked = (await loadLockStates(trx, opts.keys)).filter((c) => isLockActive(c, now));
			if (locked.length) {
				const timeZone = (await loadSettings(trx)).timezone;
				const refusals = locked.map((c) => lockedRefusal(c, now, timeZone));
				throw new RefusalError(refusals[0]!, refusals);
			}
		}
		const owned = customers.filter((c) => c.owner !== null);
		const toPool = opts.toPool;
		if (toPool !== undefined) {
			const by = opts.onlyOwner ? 'rep' : 'manager';
			const pools = await poolFacts(trx, [toPool, ...owned.map((c) => c.pool)]);
			const memberPools = new Set(opts.onlyOwner ? await cachedMemberPools(trx, opts.onlyOwner) : []);
			const refusal = releaseDestinationRefusal({ by, target: toPool, pools, memberPools, sources: owned.map((c) => c.pool) });
			if (refusal) throw new RefusalError(refusal);
		}
		const moved = new Set(await writeTransfer(trx, { customers: owned, to: null, now, reason: opts.reason, toPool }));
		const change = { to: null, actor: opts.actor, reason: opts.reason };
		const events = owned
			.filter((c) => moved.has(c.id))
			.map((c) => {
				const elsewhere = toPool !== undefined && toPool !== c.pool;
				return event(elsewhere ? { ...c, pool: toPool } : c, opts.action, { ...change, details: elsewhere ? { from_pool: c.pool } : null });
			});
		await insertEvents(trx, events, now);
		return { released: [...moved] };
	});
}

/** Release on a caller's behalf: reps release their own customers, managers any. */
export async function releaseAsCaller(
	db: Db,
	caller: Caller,
	keys: number[],
	reason: string,
	toPool?: number,
): Promise<{ released: number[] }> {
	const onlyOwner = caller.kind === 'rep' ? { onlyOwner: caller.user! } : {};
	return releaseCustomers(db, { actor: caller.user, keys, reason, action: EVENT.released, toPool, ...onlyOwner });
}

/**
 * A manager gives customers to a rep: from the pool (assign) or from another rep (transfer). The receiving rep's
 * caps hold; all or nothing.
 */
export async function assignCustomers(
	db: Db,
	opts: {
		actor: string | null;
		keys: (number | string)[];
		to: string;
		reason: string | null;
		details?: (c: CustomerState) => unknown;
		now?: Date;
	},
): Promise<{ assigned: number[] }> {
	const now = opts.now ?? new Date();
	return transaction(db, async (trx) => {
		await lockReps(trx, [opts.to]);
		const customers = await loadCustomers(trx, opts.keys);
		const missing = notFoundRefusals(opts.keys, customers);
		if (missing.length) throw new RefusalError(missing[0]!, missing);
		const settings = await loadSettings(trx);
		const [profile, names, holdings] = await Promise.all([loadProfile(trx, opts.to), userNames(trx, [opts.to]), holdingsOf(trx, opts.to)]);
		const moving = customers.filter((c) => c.owner !== opts.to);
		const { refusal } = fitQuota(holdings, effectiveQuota(settings, profile), moving, names.get(opts.to));
		if (refusal) throw new RefusalError(refusal);
		const moved = new Set(await writeTransfer(trx, { customers: moving, to: opts.to, now }));
		const lost = moving.find((c) => !moved.has(c.id));
		if (lost) throw new RefusalError({ code: 'LEAD_POOL_ALREADY_OWNED', key: lost.id, params: { key: lost.id, name: lost.name } });
		const events = moving.map((c) =>
			event(c, c.owner === null ? EVENT.assigned : EVENT.transferred, {
				to: opts.to,
				actor: opts.actor,
				reason: opts.reason,
				details: opts.details ? opts.details(c) : null,
			}),
		);
		await insertEvents(trx, events, now);
		return { assigned: [...moved] };
	});
}

/**
 * "Claim selected": a rep selects pool customers in the list and presses the flow; each is claimed or
 * refused on its own (caps, daily limit, cool-down, membership, claim mode, someone quicker), exactly as the claim
 * endpoint does, and the rep gets one notification saying which and why.
 */
export async function claimFromFlow(
	db: Db,
	user: string,
	keys: number[],
	deps: NotifyDeps,
): Promise<{ claimed: number[]; refused: { key: number | string | null; code: string; message: string }[] }> {
	const result = await claimCustomers(db, { rep: user, actor: user, keys: keys.slice(0, 500), mode: 'direct', allOrNothing: false });
	const lang = await languageOfUser(db, user);
	// a refusal names its customer when the rep may see it (the read rules decide), by number otherwise
	const told = await redactRefusals(db, user, result.refused);
	const names = new Map((await loadCustomers(db, [...result.claimed, ...told.map((r) => r.key ?? 0)])).map((c) => [c.id, c.name]));
	const refused = told.map((r, i) => {
		const message = refusalMessage(r, lang);
		const name = r === result.refused[i] && r.key !== undefined ? names.get(Number(r.key)) : undefined;
		return { key: r.key ?? null, code: r.code, message: name && !message.includes(name) ? `${name}: ${message}` : message };
	});
	const lines = [
		...result.claimed.map((id) => `- ${say(lang, 'Claimed', '已领取')}: ${names.get(id) ?? id}`),
		...refused.map((r) => `- ${r.message}`),
	];
	const n = result.claimed.length;
	await notify(deps.services, await deps.getSchema(), [user], {
		subject: say(lang, `Claimed ${n} of ${keys.length}`, `领取：成功 ${n} 个，未领取 ${refused.length} 个`),
		message: lines.join('\n'),
		collection: 'crm_customers',
	});
	return { claimed: result.claimed, refused };
}

/**
 * Change the stage of customers, the one way a stage changes after creation. A customer a rep owns that moves into a
 * capped stage (a won customer back to new or prospect, a new customer on to prospect) counts against that rep's cap
 * of its new stage, as a claim would: over the cap, nothing changes. A customer entering the stage `customer` is a
 * won deal for its owner, one leaving it takes the win back: each an event (core/events stageEvent), which is what
 * "deals won" counts. In one transaction: lock every owner concerned, re-read, decide in core, write the stage
 * conditionally on the owners seen, append the events. Answers whether it wrote.
 */
export async function changeStage(
	db: Db,
	opts: { keys: (number | string)[]; to: Stage; actor: string | null; now?: Date },
): Promise<{ written: boolean }> {
	const now = opts.now ?? new Date();
	const ownersOf = (customers: CustomerState[]) => [...new Set(customers.filter((c) => c.owner !== null).map((c) => c.owner!))].sort();
	return transaction(db, async (trx) => {
		const locked = new Set<string>();
		// owners are locked as they are seen; a customer claimed by someone else in between is read once more
		for (let attempt = 0; attempt < 3; attempt++) {
			const moving = (await loadCustomers(trx, opts.keys)).filter((c) => c.stage !== opts.to);
			if (moving.length === 0) return { written: false };
			const owners = ownersOf(moving);
			const unlocked = owners.filter((o) => !locked.has(o));
			if (unlocked.length > 0) {
				await lockReps(trx, unlocked);
				for (const o of unlocked) locked.add(o);
				continue;
			}
			if (countsAgainstCap(opts.to)) {
				// every owner's profile and holdings in one query each, however many owners the change touches
				const [settings, names, profiles, holdings] = await Promise.all([
					loadSettings(trx),
					userNames(trx, owners),
					loadProfiles(trx, owners),
					holdingsByOwner(trx, owners),
				]);
				for (const owner of owners) {
					const theirs = moving.filter((c) => c.owner === owner);
					const who = owner === opts.actor ? undefined : names.get(owner);
					const held = holdings.get(owner) ?? { new: 0, prospect: 0 };
					const refusal = stageChangeRefusal(held, effectiveQuota(settings, profiles.get(owner) ?? null), theirs, opts.to, who);
					if (refusal) throw new RefusalError(refusal);
				}
			}
			const written = new Set(await writeStage(trx, { ids: moving.map((c) => c.id), stage: opts.to, owners: [...locked], now }));
			const lost = moving.find((c) => !written.has(c.id));
			if (lost) throw new RefusalError({ code: 'LEAD_POOL_ALREADY_OWNED', key: lost.id, params: { key: lost.id, name: lost.name } });
			const events = moving.flatMap((c) => {
				const action = stageEvent(c.stage, opts.to);
				const details = { from_stage: c.stage, to_stage: opts.to };
				return action ? [{ ...event(c, action, { to: c.owner, actor: opts.actor, reason: null, details }) }] : [];
			});
			await insertEvents(trx, events, now);
			return { written: true };
		}
		throw new RefusalError({ code: 'LEAD_POOL_ALREADY_OWNED', key: Number(opts.keys[0]), params: { key: Number(opts.keys[0]) } });
	});
}

/** A rep's whole book moves at once; caps still apply to the receiving rep. */
const MAX_TRANSFER = 5000;

/**
 * A manager gives customers (the keys given, or every customer `from` owns: a leaving rep's book) to a rep, with a
 * reason; all or nothing. The receiving rep hears of it after the commit (a failed notification loses no customer).
 */
export async function transferCustomers(
	db: Db,
	caller: Caller,
	opts: { from?: string; keys?: number[]; to: string; reason: string },
	deps: NotifyDeps,
): Promise<{ assigned: number[] }> {
	const keys = opts.keys ?? (await customerIdsOwnedBy(db, opts.from!, MAX_TRANSFER));
	if (keys.length === 0) throw new RefusalError(invalid('This rep owns no customers.', '该业务员名下没有客户。'));
	const result = await assignCustomers(db, { actor: caller.user, keys, to: opts.to, reason: opts.reason });
	if (result.assigned.length > 0 && opts.to !== caller.user) {
		tellReceivingRep(db, caller.user, opts.to, result.assigned, opts.reason, deps).catch((error) =>
			deps.logger?.warn?.(error, 'Lead Pool: could not notify the receiving rep'),
		);
	}
	return result;
}

async function tellReceivingRep(db: Db, giver: string | null, to: string, assigned: number[], reason: string, deps: NotifyDeps) {
	const customers = await loadCustomers(db, assigned.slice(0, 20));
	const lang = await languageOfUser(db, to);
	const name = (giver ? (await userNames(db, [giver])).get(giver) : undefined) ?? say(lang, 'A manager', '经理');
	const count = assigned.length;
	await notify(deps.services, await deps.getSchema(), [to], {
		// one customer is named in the subject, so the rep reads which without opening the notification
		subject:
			count === 1 && customers[0]
				? say(lang, `${customers[0].name} given to you by ${name}`, `${name} 转给你客户「${customers[0].name}」`, [name, customers[0].name])
				: say(lang, `${count} customers given to you by ${name}`, `${name} 转给你 ${count} 个客户`, [name]),
		message: `${customers.map((c) => `- ${c.name}`).join('\n')}${count > 20 ? '\n- …' : ''}${reason ? `\n\n${reason}` : ''}`,
		collection: 'crm_customers',
		...(count === 1 ? { item: String(assigned[0]) } : {}),
	});
}

/** One audit event for a customer that changes hands (from its current owner to `to`). */
function event(
	c: CustomerState,
	action: EventAction,
	change: { to: string | null; actor: string | null; reason: string | null; details?: unknown },
): EventRow {
	return {
		customer: c.id,
		action,
		from_owner: c.owner,
		to_owner: change.to,
		pool: c.pool,
		actor: change.actor,
		reason: change.reason,
		details: change.details ?? null,
	};
}
