import { isMemberOf } from './membership';
import { addHolding, claimRefusal, type Holdings, type Quota, type Stage } from './quota';
import type { Refusal } from './refusals';
import { DAY_MS, formatDay } from './time';

/**
 * The claiming rules: who may claim which pool customer, in which way, how often and when again. Pure functions over
 * plain data; the services load that data under the rep's lock and write the outcome with conditional UPDATEs. What
 * a rep may hold is the quota's (core/quota.ts).
 */

export type ClaimMode = 'direct' | 'follow_up' | 'request';

export interface PoolRules {
	id: number;
	name: string;
	status: string;
	kind: string;
	claim_policy: string;
	claim_direct: boolean;
	claim_by_follow_up: boolean;
	claim_by_request: boolean;
	daily_claim_limit: number | null;
	cooldown_days: number | null;
	/** whether reps may claim won customers (stage `customer`) from this pool */
	claim_won: boolean;
}

export interface CustomerState {
	id: number;
	name: string;
	owner: string | null;
	pool: number | null;
	stage: Stage;
	previous_owner: string | null;
	released_at: Date | null;
}

/** Whether a pool lets its members claim in a mode. "Admin assigns only" pools allow none. */
export function poolAllows(pool: PoolRules, mode: ClaimMode): boolean {
	if (pool.claim_policy === 'assigned_only') return false;
	if (mode === 'direct') return pool.claim_direct;
	if (mode === 'follow_up') return pool.claim_by_follow_up;
	return pool.claim_by_request;
}

const MODE_HINTS: Record<ClaimMode, [string, string]> = {
	direct: ['write a follow-up or file a claim request if the pool allows it', '如公海允许，可写跟进或提交领取申请'],
	follow_up: ['claim it first or file a claim request if the pool allows it', '如公海允许，请先领取或提交领取申请'],
	request: ['claim it directly if the pool allows it', '如公海允许，可直接领取'],
};

export interface ClaimContext {
	rep: string;
	mode: ClaimMode;
	/** pools the rep is a member of */
	memberPools: ReadonlySet<number>;
	pools: ReadonlyMap<number, PoolRules>;
	quota: Quota;
	holdings: Holdings;
	/** claims the rep made today, per pool */
	claimsToday: ReadonlyMap<number, number>;
	now: Date;
	timeZone: string;
	/** a manager approving a request has already seen membership and mode; only the caps are checked again */
	approval?: boolean;
}

export interface ClaimPlan {
	accepted: CustomerState[];
	refused: Refusal[];
	holdings: Holdings;
}

/**
 * Decide, customer by customer in the order given, which claims a rep may make. Accepting a claim uses up quota and
 * the pool's daily allowance for the ones after it, so a batch over the cap is refused from the first customer that
 * does not fit. The rules, in the order a rep would want to hear them: the customer must still be in a pool; the rep
 * must be a member of that pool; a won customer only where the pool lets reps claim won customers; the pool must allow
 * this way of claiming; the cool-down after releasing or losing
 * the customer must have passed; the pool's daily limit and the rep's caps must leave room.
 */
export function planClaims(customers: readonly CustomerState[], ctx: ClaimContext): ClaimPlan {
	const accepted: CustomerState[] = [];
	const refused: Refusal[] = [];
	let holdings = ctx.holdings;
	const today = new Map(ctx.claimsToday);
	for (const c of customers) {
		const pool = c.pool == null ? undefined : ctx.pools.get(c.pool);
		const poolName = pool?.name ?? String(c.pool ?? '');
		if (c.owner !== null) {
			const owner = c.owner === ctx.rep ? 'you' : undefined;
			refused.push({ code: 'LEAD_POOL_ALREADY_OWNED', key: c.id, params: { key: c.id, name: c.name, owner } });
			continue;
		}
		if (!ctx.approval) {
			if (!isMemberOf(pool, ctx.memberPools)) {
				refused.push({ code: 'LEAD_POOL_NOT_MEMBER', key: c.id, params: { key: c.pool ?? '', pool: poolName } });
				continue;
			}
			if (c.stage === 'customer' && !pool.claim_won) {
				const [hint, hint_zh] = ['ask a manager to assign it', '请联系经理分配'];
				refused.push({ code: 'LEAD_POOL_CLAIM_MODE', key: c.id, params: { pool: poolName, mode: 'won', hint, hint_zh } });
				continue;
			}
			if (!poolAllows(pool, ctx.mode)) {
				const assignedOnly = pool.claim_policy === 'assigned_only';
				const mode = assignedOnly ? 'claim' : ctx.mode;
				const [hint, hint_zh] = assignedOnly ? ['ask a manager to assign it', '请联系经理分配'] : MODE_HINTS[ctx.mode];
				refused.push({ code: 'LEAD_POOL_CLAIM_MODE', key: c.id, params: { pool: poolName, mode, hint, hint_zh } });
				continue;
			}
		}
		const cooldownDays = pool?.cooldown_days ?? 0;
		if (cooldownDays > 0 && c.previous_owner === ctx.rep && c.released_at) {
			const until = new Date(c.released_at.getTime() + cooldownDays * DAY_MS);
			if (until > ctx.now) {
				refused.push({
					code: 'LEAD_POOL_COOLDOWN',
					key: c.id,
					params: {
						key: c.id,
						name: c.name,
						pool: poolName,
						days: cooldownDays,
						since: formatDay(c.released_at, ctx.timeZone),
						until: formatDay(until, ctx.timeZone),
					},
				});
				continue;
			}
		}
		const limit = pool?.daily_claim_limit ?? null;
		const used = pool ? (today.get(pool.id) ?? 0) : 0;
		if (pool && limit !== null && used + 1 > limit) {
			refused.push({ code: 'LEAD_POOL_CLAIM_LIMIT', key: c.id, params: { count: used, limit, pool: poolName } });
			continue;
		}
		const overCap = claimRefusal(holdings, ctx.quota, c.stage, c.id);
		if (overCap) {
			refused.push(overCap);
			continue;
		}
		accepted.push(c);
		holdings = addHolding(holdings, c.stage);
		if (pool) today.set(pool.id, used + 1);
	}
	return { accepted, refused, holdings };
}

/**
 * Who may release (or delete) these customers, as refusals in the order of the keys: a key that names no customer,
 * then each customer `owner` does not own (none when `owner` is not given: a manager's release). Empty: all may go.
 */
export function releaseRefusals(keys: readonly (number | string)[], customers: readonly CustomerState[], owner: string | undefined, action: 'release' | 'delete'): Refusal[] {
	const missing = notFoundRefusals(keys, customers);
	if (owner === undefined) return missing;
	const action_zh = action === 'release' ? '放回' : '删除';
	const notMine: Refusal[] = customers
		.filter((c) => c.owner !== owner)
		.map((c) => ({ code: 'LEAD_POOL_NOT_OWNER', key: c.id, params: { key: c.id, name: c.name, action, action_zh } }));
	return [...missing, ...notMine];
}

/** The keys that name no customer, each as LEAD_POOL_NOT_FOUND (once, in the order given). */
export function notFoundRefusals(keys: readonly (number | string)[], found: readonly CustomerState[]): Refusal[] {
	const have = new Set(found.map((c) => c.id));
	return [...new Set(keys.map(Number))]
		.filter((k) => !have.has(k))
		.map((k) => ({ code: 'LEAD_POOL_NOT_FOUND' as const, key: k, params: { key: k } }));
}
