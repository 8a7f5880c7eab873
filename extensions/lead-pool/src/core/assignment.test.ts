import { describe, expect, it } from 'vitest';
import {
	availability,
	decide,
	newState,
	pickRule,
	weightedScore,
	type Candidate,
	type CustomerToAssign,
	type Rule,
	type Strategy,
} from './assignment';
import { reasonText } from './labels';

function rule(strategy: Strategy, extra: Partial<Rule> = {}): Rule {
	return {
		id: 1,
		name: 'r',
		priority: 0,
		strategy,
		match: { sources: [], regions: [], countries: [], industries: [], tiers: [], pool: null },
		scoreMode: 'winner',
		fallback: 'pool',
		fallbackRep: null,
		rrPointer: 0,
		...extra,
	};
}
function rep(id: string, extra: Partial<Candidate> = {}): Candidate {
	return {
		id,
		name: id,
		team: null,
		regions: [],
		industries: [],
		unavailable: null,
		quota: { maxNew: 100, maxProspects: 100 },
		holdings: { new: 0, prospect: 0 },
		monthAssigned: 0,
		monthlyCapacity: null,
		inquiries: 0,
		score: 0,
		...extra,
	};
}
function customer(id: number, extra: Partial<CustomerToAssign> = {}): CustomerToAssign {
	return {
		id,
		name: `c${id}`,
		source: 'website',
		region: null,
		country: null,
		industry: null,
		tier: null,
		pool: 1,
		stage: 'new',
		received_by: null,
		previousOwners: [],
		...extra,
	};
}
function runBatch(r: Rule, customers: CustomerToAssign[], reps: Candidate[]) {
	const state = newState(r);
	return customers.map((c) => decide(r, c, reps, state));
}

describe('previous owner first (trade-show cards)', () => {
	it('a returning contact goes back to the rep who had it, else to whoever received the card', () => {
		const reps = [rep('a'), rep('b'), rep('c')];
		expect(runBatch(rule('previous_owner_first'), [customer(1, { previousOwners: ['b'], received_by: 'c' })], reps)[0]!.to).toBe('b');
		expect(runBatch(rule('previous_owner_first'), [customer(2, { received_by: 'c' })], reps)[0]!.to).toBe('c');
	});
	it('skips a previous owner who is on leave or full, and records why', () => {
		const reps = [rep('a', { unavailable: { code: 'on_leave_until', params: { until: '2026-12-01' } } }), rep('c')];
		const d = runBatch(rule('previous_owner_first'), [customer(1, { previousOwners: ['a'], received_by: 'c' })], reps)[0]!;
		expect(d.to).toBe('c');
		expect(d.skipped).toEqual({ a: { code: 'on_leave_until', params: { until: '2026-12-01' } } });
	});
	it('falls back to the pool, or to the default rep, when nobody can take it', () => {
		expect(runBatch(rule('previous_owner_first'), [customer(1)], [rep('a')])[0]).toMatchObject({
			to: null,
			reason: expect.stringMatching(/left in the pool/),
		});
		expect(runBatch(rule('previous_owner_first', { fallback: 'rep', fallbackRep: 'a' }), [customer(1)], [rep('a')])[0]!.to).toBe('a');
	});
});

describe('most inquiries this month (Alibaba account inquiries)', () => {
	it('goes to the month’s inquiry leader', () => {
		const reps = [rep('a', { inquiries: 3 }), rep('b', { inquiries: 9 }), rep('c', { inquiries: 5 })];
		expect(runBatch(rule('most_inquiries'), [customer(1)], reps)[0]).toMatchObject({ to: 'b', scores: { a: 3, b: 9, c: 5 } });
	});
});

describe('weighted performance (website inquiries)', () => {
	it('the weekly top scorer gets the inquiry; ties are broken the same way every time', () => {
		const reps = [rep('a', { score: 10 }), rep('b', { score: 25 }), rep('c', { score: 25 })];
		expect(runBatch(rule('weighted_performance'), [customer(1)], reps)[0]!.to).toBe('b');
		const tied = [rep('x', { score: 5 }), rep('y', { score: 5 })];
		const tie = runBatch(rule('weighted_performance'), [customer(1), customer(2)], tied).map((d) => d.to);
		expect(tie).toEqual(['x', 'y']);
	});
	it('sums weight × metric', () => {
		const weights = { inquiries: 1, sample_orders: 3, meetings_hosted: 2, deals_won: 5 };
		expect(weightedScore({ inquiries: 4, sample_orders: 2, meetings_hosted: 1 }, weights)).toBe(12);
	});
	it('all-zero scores fall back, with the reason', () => {
		const d = runBatch(rule('weighted_performance'), [customer(1)], [rep('a'), rep('b')])[0]!;
		expect(d).toMatchObject({ to: null, reason: expect.stringMatching(/scores 0/) });
	});
});

describe('territory (directory and bought lists)', () => {
	it('picks reps covering the region, preferring those strong in the industry', () => {
		const reps = [
			rep('a', { regions: ['Europe'], industries: ['Textiles'] }),
			rep('b', { regions: ['Europe'], industries: ['Machinery'] }),
			rep('c', { regions: ['Africa'], industries: ['Machinery'] }),
		];
		const d = runBatch(rule('territory'), [customer(1, { region: 'Europe', industry: 'Machinery' })], reps)[0]!;
		expect(d.to).toBe('b');
		expect(d.skipped).toEqual({ c: { code: 'outside_territory' } });
		expect(runBatch(rule('territory'), [customer(2, { region: 'Oceania' })], reps)[0]!.to).toBeNull();
	});
});

describe('round robin and least loaded', () => {
	it('round robin takes turns from the stored pointer and skips the unavailable', () => {
		const reps = [rep('a'), rep('b', { unavailable: { code: 'paused' } }), rep('c')];
		const r = rule('round_robin', { rrPointer: 1 });
		const state = newState(r);
		const got = [1, 2, 3, 4].map((i) => decide(r, customer(i), reps, state).to);
		expect(got).toEqual(['c', 'a', 'c', 'a']);
		expect(state.rrPointer).toBe(1);
	});
	it('least loaded gives to the rep with the fewest open customers', () => {
		const reps = [rep('a', { holdings: { new: 5, prospect: 5 } }), rep('b', { holdings: { new: 1, prospect: 2 } })];
		expect(runBatch(rule('least_loaded'), [customer(1), customer(2)], reps).map((d) => d.to)).toEqual(['b', 'b']);
	});
	it('handles an empty candidate set', () => {
		expect(runBatch(rule('round_robin'), [customer(1)], [])[0]).toMatchObject({ to: null, reason: expect.stringMatching(/no candidates/) });
	});
});

describe('the rule a customer gets', () => {
	it('is the highest-priority active rule that matches', () => {
		const directories = { sources: ['directory'], regions: [], countries: [], industries: [], tiers: [], pool: null };
		const rules = [rule('round_robin', { id: 1, priority: 0 }), rule('territory', { id: 2, priority: 10, match: directories })];
		expect(pickRule(rules, customer(1, { source: 'directory' }))!.id).toBe(2);
		expect(pickRule(rules, customer(1, { source: 'website' }))!.id).toBe(1);
	});
});

describe('availability', () => {
	it('paused, on leave until the return date, inactive', () => {
		expect(availability({ availability: 'paused', away_until: null }, 'active', '2026-11-23')).toEqual({ code: 'paused' });
		expect(availability({ availability: 'on_leave', away_until: '2026-11-30' }, 'active', '2026-11-23')).toEqual({ code: 'on_leave_until', params: { until: '2026-11-30' } });
		expect(availability({ availability: 'on_leave', away_until: '2026-11-20' }, 'active', '2026-11-23')).toBeNull();
		expect(availability({ availability: 'available', away_until: null }, 'suspended', '2026-11-23')).toEqual({ code: 'inactive' });
	});
});

/** mulberry32, fixed seeds: the same random configurations on every run. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const STRATEGIES: Strategy[] = [
	'previous_owner_first',
	'most_inquiries',
	'weighted_performance',
	'territory',
	'round_robin',
	'least_loaded',
];
const REGIONS = ['Europe', 'Africa', 'Oceania'];

function randomCase(seed: number) {
	const rand = prng(seed);
	const n = 1 + Math.floor(rand() * 8);
	const reps = Array.from({ length: n }, (_, i) =>
		rep(`r${i}`, {
			unavailable: rand() < 0.2 ? { code: 'paused' } : null,
			quota: { maxNew: Math.floor(rand() * 6), maxProspects: Math.floor(rand() * 6) },
			holdings: { new: Math.floor(rand() * 3), prospect: Math.floor(rand() * 3) },
			monthlyCapacity: rand() < 0.5 ? Math.floor(rand() * 8) : null,
			monthAssigned: Math.floor(rand() * 3),
			inquiries: Math.floor(rand() * 10),
			score: rand() < 0.1 ? 0 : Math.floor(rand() * 20),
			regions: REGIONS.filter(() => rand() < 0.5),
		}),
	);
	const customers = Array.from({ length: 1 + Math.floor(rand() * 30) }, (_, i) =>
		customer(i + 1, {
			stage: rand() < 0.6 ? 'new' : 'prospect',
			region: REGIONS[Math.floor(rand() * 3)]!,
			previousOwners: rand() < 0.3 ? [`r${Math.floor(rand() * n)}`] : [],
			received_by: rand() < 0.5 ? `r${Math.floor(rand() * n)}` : null,
		}),
	);
	const strategy = STRATEGIES[Math.floor(rand() * STRATEGIES.length)]!;
	const r = rule(strategy, {
		scoreMode: rand() < 0.5 ? 'winner' : 'proportional',
		rrPointer: Math.floor(rand() * n) - 1,
		fallback: rand() < 0.3 ? 'rep' : 'pool',
		fallbackRep: 'r0',
	});
	return { r, reps, customers };
}

// hundreds of seeds each: seconds of CPU on a busy machine, not a hang
describe('properties over many random configurations (fixed seeds)', { timeout: 60_000 }, () => {
	it('never exceeds a cap or the month’s capacity, and never picks an unavailable rep', () => {
		for (let seed = 1; seed <= 500; seed++) {
			const { r, reps, customers } = randomCase(seed);
			const before = new Map(reps.map((c) => [c.id, { ...c, holdings: { ...c.holdings } }]));
			const decisions = runBatch(r, customers, reps);
			for (const c of reps) {
				const start = before.get(c.id)!;
				const got = decisions.filter((d) => d.to === c.id).map((d) => customers.find((x) => x.id === d.customer)!);
				if (start.unavailable) expect(got, `seed ${seed}`).toHaveLength(0);
				const newCount = start.holdings.new + got.filter((x) => x.stage === 'new').length;
				const prospectCount = start.holdings.prospect + got.filter((x) => x.stage === 'prospect').length;
				if (got.some((x) => x.stage === 'new')) expect(newCount, `seed ${seed}`).toBeLessThanOrEqual(start.quota.maxNew!);
				if (got.some((x) => x.stage === 'prospect')) expect(prospectCount, `seed ${seed}`).toBeLessThanOrEqual(start.quota.maxProspects!);
				if (start.monthlyCapacity !== null && got.length) {
					expect(start.monthAssigned + got.length, `seed ${seed}`).toBeLessThanOrEqual(start.monthlyCapacity);
				}
			}
		}
	});

	it('gives the same output for the same input', () => {
		for (let seed = 1; seed <= 200; seed++) {
			const a = randomCase(seed);
			const b = randomCase(seed);
			expect(JSON.stringify(runBatch(a.r, a.customers, a.reps))).toBe(JSON.stringify(runBatch(b.r, b.customers, b.reps)));
		}
	});

	it('proportional mode stays within ±1 customer of the exact share at every point of a batch', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const rand = prng(seed * 13);
			const n = 2 + Math.floor(rand() * 6);
			const uncapped = { maxNew: null, maxProspects: null };
			const reps = Array.from({ length: n }, (_, i) => rep(`p${i}`, { score: 1 + Math.floor(rand() * 50), quota: uncapped }));
			const total = reps.reduce((s, c) => s + c.score, 0);
			const r = rule('weighted_performance', { scoreMode: 'proportional' });
			const state = newState(r);
			const counts = new Map<string, number>();
			const size = 10 + Math.floor(rand() * 200);
			for (let k = 1; k <= size; k++) {
				const d = decide(r, customer(k), reps, state);
				counts.set(d.to!, (counts.get(d.to!) ?? 0) + 1);
				for (const c of reps) {
					expect(Math.abs((counts.get(c.id) ?? 0) - (k * c.score) / total), `seed ${seed} step ${k}`).toBeLessThanOrEqual(1);
				}
			}
		}
	});
});

describe('the reason, in the reader’s language', () => {
	const customerIn = (over: Partial<CustomerToAssign>) => customer(1, over);
	it('a territory decision names the region and industry as the choice lists do', () => {
		const reps = [rep('a', { regions: ['Europe'], industries: ['Machinery'] })];
		const d = runBatch(rule('territory'), [customerIn({ region: 'Europe', industry: 'Machinery' })], reps)[0]!;
		expect(d.why).toEqual([{ code: 'territory_strength', params: { region: 'Europe', industry: 'Machinery' } }]);
		expect(d.reason).toBe('covers Europe and is strong in Machinery');
		expect(reasonText(d.why, 'zh-CN')).toBe('负责欧洲，擅长机械');
		expect(reasonText(d.why, 'zh-TW')).toBe('負責歐洲，擅長機械');
	});
	it('a fallback keeps every phrase, the default rep’s block included, with no English left in Chinese', () => {
		const rules = rule('most_inquiries', { fallback: 'rep', fallbackRep: 'a' });
		const reps = [rep('a', { unavailable: { code: 'on_leave_until', params: { until: '2026-12-01' } } })];
		const d = runBatch(rules, [customerIn({})], reps)[0]!;
		expect(d.to).toBeNull();
		expect(d.reason).toBe('every candidate is unavailable or full; default rep unavailable (on leave until 2026-12-01); left in the pool');
		const zh = reasonText(d.why, 'zh-CN');
		expect(zh).toBe('候选业务员都不可用或已满；默认业务员无法接收（休假至 2026-12-01）；留在公海');
		expect(zh).not.toMatch(/[A-Za-z]/);
	});
	it('every strategy’s reason has a Chinese wording without English words', () => {
		const reps = () => [rep('a', { inquiries: 2, score: 3, regions: ['Africa'] }), rep('b', { inquiries: 1, score: 1, regions: ['Africa'] })];
		for (const strategy of ['previous_owner_first', 'most_inquiries', 'weighted_performance', 'territory', 'round_robin', 'least_loaded'] as const) {
			const d = runBatch(rule(strategy), [customerIn({ region: 'Africa', previousOwners: ['b'] })], reps())[0]!;
			expect(d.to, strategy).not.toBeNull();
			expect(d.reason, strategy).toBe(reasonText(d.why, 'en-US'));
			expect(reasonText(d.why, 'zh-CN'), strategy).not.toMatch(/[A-Za-z]/);
		}
	});
	it('an unknown code shows as written rather than failing', () => {
		expect(reasonText([{ code: 'from_a_newer_version' as any }], 'zh-CN')).toBe('from_a_newer_version');
	});
});
