import { describe, expect, it } from 'vitest';
import { planClaims, poolAllows, releaseRefusals, type ClaimContext, type CustomerState, type PoolRules } from './ownership';

const DAY = 86_400_000;
const now = new Date('2026-03-10T04:00:00Z');

const pool = (over: Partial<PoolRules> = {}): PoolRules => ({
	id: 1,
	name: 'East',
	status: 'active',
	kind: 'department',
	claim_policy: 'open',
	claim_direct: true,
	claim_by_follow_up: false,
	claim_by_request: false,
	daily_claim_limit: null,
	cooldown_days: null,
	claim_won: false,
	...over,
});

const customer = (id: number, over: Partial<CustomerState> = {}): CustomerState => ({
	id,
	name: `C${id}`,
	owner: null,
	pool: 1,
	stage: 'new',
	previous_owner: null,
	released_at: null,
	...over,
});

const ctx = (over: Partial<ClaimContext> = {}): ClaimContext => ({
	rep: 'rep-a',
	mode: 'direct',
	memberPools: new Set([1]),
	pools: new Map([[1, pool()]]),
	quota: { maxNew: 10, maxProspects: 10 },
	holdings: { new: 0, prospect: 0 },
	claimsToday: new Map(),
	now,
	timeZone: 'Asia/Shanghai',
	...over,
});

const codes = (plan: ReturnType<typeof planClaims>) => plan.refused.map((r) => r.code);

describe('a claim needs the customer to be in a pool', () => {
	it('an owned customer is refused as already owned, and "you" when the rep owns it', () => {
		const plan = planClaims([customer(1, { owner: 'rep-b' }), customer(2, { owner: 'rep-a' })], ctx());
		expect(codes(plan)).toEqual(['LEAD_POOL_ALREADY_OWNED', 'LEAD_POOL_ALREADY_OWNED']);
		expect(plan.refused[1]!.params['owner']).toBe('you');
		expect(plan.accepted).toEqual([]);
	});
});

describe('a claim needs membership of the pool', () => {
	it('a rep outside the pool, or claiming from a disabled pool, is refused', () => {
		expect(codes(planClaims([customer(1)], ctx({ memberPools: new Set() })))).toEqual(['LEAD_POOL_NOT_MEMBER']);
		expect(codes(planClaims([customer(1)], ctx({ pools: new Map([[1, pool({ status: 'disabled' })]]) })))).toEqual(['LEAD_POOL_NOT_MEMBER']);
	});

	it('a manager approving a request has already seen membership and mode', () => {
		const plan = planClaims([customer(1)], ctx({ memberPools: new Set(), mode: 'request', approval: true }));
		expect(plan.accepted.map((c) => c.id)).toEqual([1]);
	});
});

describe('a claim needs a way of claiming the pool allows', () => {
	it('a direct claim from a pool that claims by follow-up is refused with a hint', () => {
		const plan = planClaims([customer(1)], ctx({ pools: new Map([[1, pool({ claim_direct: false, claim_by_follow_up: true })]]) }));
		expect(plan.refused[0]).toMatchObject({ code: 'LEAD_POOL_CLAIM_MODE', params: { mode: 'direct' } });
	});

	it('"admin assigns only" pools allow no claims at all', () => {
		expect(poolAllows(pool({ claim_policy: 'assigned_only' }), 'direct')).toBe(false);
		const plan = planClaims([customer(1)], ctx({ pools: new Map([[1, pool({ claim_policy: 'assigned_only' })]]) }));
		expect(plan.refused[0]).toMatchObject({ code: 'LEAD_POOL_CLAIM_MODE', params: { mode: 'claim', hint: 'ask a manager to assign it' } });
	});
});

describe('a claim waits out the cool-down', () => {
	const cooling = new Map([[1, pool({ cooldown_days: 7 })]]);
	it('the rep who released or lost a customer cannot claim it back within the cool-down; others can', () => {
		const released = customer(1, { previous_owner: 'rep-a', released_at: new Date(now.getTime() - 2 * DAY) });
		const plan = planClaims([released], ctx({ pools: cooling }));
		expect(plan.refused[0]).toMatchObject({ code: 'LEAD_POOL_COOLDOWN', params: { days: 7, since: '2026-03-08', until: '2026-03-15' } });
		expect(planClaims([released], ctx({ pools: cooling, rep: 'rep-b' })).accepted).toHaveLength(1);
	});

	it('after the cool-down the customer can be claimed back', () => {
		const long = customer(1, { previous_owner: 'rep-a', released_at: new Date(now.getTime() - 8 * DAY) });
		expect(planClaims([long], ctx({ pools: cooling })).accepted).toHaveLength(1);
	});
});

describe('a claim stays within the daily limit and the caps, counting the batch', () => {
	it("the pool's daily limit counts today's claims and the ones before in the batch", () => {
		const limited = ctx({ pools: new Map([[1, pool({ daily_claim_limit: 3 })]]), claimsToday: new Map([[1, 1]]) });
		const plan = planClaims([customer(1), customer(2), customer(3)], limited);
		expect(plan.accepted.map((c) => c.id)).toEqual([1, 2]);
		expect(plan.refused[0]).toMatchObject({ code: 'LEAD_POOL_CLAIM_LIMIT', key: 3, params: { count: 3, limit: 3 } });
	});

	it('a batch over the cap is refused from the first customer that does not fit; won customers need a free prospect place and take none', () => {
		const batch = [customer(1), customer(2, { stage: 'customer' }), customer(3), customer(4, { stage: 'prospect' })];
		const pools = new Map([[1, pool({ claim_won: true })]]);
		const plan = planClaims(batch, ctx({ pools, quota: { maxNew: 2, maxProspects: 1 }, holdings: { new: 1, prospect: 0 } }));
		expect(plan.accepted.map((c) => c.id)).toEqual([1, 2, 4]);
		expect(plan.refused.map((r) => [r.code, r.key])).toEqual([['LEAD_POOL_QUOTA_EXCEEDED', 3]]);
		expect(plan.holdings).toEqual({ new: 2, prospect: 1 });
	});

	it('membership is checked before the caps, so a rep hears the rule that matters first', () => {
		const plan = planClaims([customer(1)], ctx({ memberPools: new Set(), quota: { maxNew: 0, maxProspects: 0 } }));
		expect(codes(plan)).toEqual(['LEAD_POOL_NOT_MEMBER']);
	});
});

describe('won customers back in a pool', () => {
	const ctx = (over: Partial<ClaimContext> = {}): ClaimContext => ({
		rep: 'r',
		mode: 'direct',
		memberPools: new Set([1]),
		pools: new Map([[1, pool()]]),
		quota: { maxNew: 5, maxProspects: 2 },
		holdings: { new: 0, prospect: 0 },
		claimsToday: new Map(),
		now,
		timeZone: 'Asia/Shanghai',
		...over,
	});
	const won: CustomerState = { id: 9, name: 'Won Co', owner: null, pool: 1, stage: 'customer', previous_owner: null, released_at: null };

	it('are claimed by reps only where the pool sets claim_won; managers approving a request may', () => {
		expect(planClaims([won], ctx()).refused[0]).toMatchObject({ code: 'LEAD_POOL_CLAIM_MODE', params: { mode: 'won' } });
		expect(planClaims([won], ctx({ pools: new Map([[1, pool({ claim_won: true })]]) })).accepted).toHaveLength(1);
		expect(planClaims([won], ctx({ approval: true })).accepted).toHaveLength(1);
	});

	it('need a free prospect place to be claimed, and take none once held', () => {
		const open = new Map([[1, pool({ claim_won: true })]]);
		expect(planClaims([won], ctx({ pools: open, holdings: { new: 0, prospect: 2 } })).refused[0]?.code).toBe('LEAD_POOL_QUOTA_EXCEEDED');
		const plan = planClaims([won, { ...won, id: 10 }, { ...won, id: 11 }], ctx({ pools: open, holdings: { new: 0, prospect: 1 } }));
		expect(plan.accepted.map((c) => c.id)).toEqual([9, 10, 11]);
		expect(plan.holdings).toEqual({ new: 0, prospect: 1 });
	});
});

describe('who may release (or delete) customers', () => {
	it('refuses keys that name nothing first, then customers the rep does not own; a manager only the missing', () => {
		const mine = customer(1, { owner: 'rep' });
		const theirs = customer(2, { owner: 'other' });
		const refused = releaseRefusals([1, 2, 99], [mine, theirs], 'rep', 'release');
		expect(refused.map((r) => [r.code, r.key])).toEqual([
			['LEAD_POOL_NOT_FOUND', 99],
			['LEAD_POOL_NOT_OWNER', 2],
		]);
		expect(refused[1]!.params).toMatchObject({ action: 'release', action_zh: '放回' });
		expect(releaseRefusals([1, 2, 99], [mine, theirs], undefined, 'delete').map((r) => r.key)).toEqual([99]);
		expect(releaseRefusals([1], [mine], 'rep', 'delete')).toEqual([]);
	});
});
