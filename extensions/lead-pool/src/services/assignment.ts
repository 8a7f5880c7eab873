import type { ActorLike } from '../core/actor';
import { candidateIds, decide, newState, pickRule, type Decision } from '../core/assignment';
import { EVENT } from '../core/events';
import { assignmentReason, reasonText, type Why, type WhyCode } from '../core/labels';
import { refusalMessage, RefusalError, say, type Lang, type Refusal } from '../core/refusals';
import { DAY_MS, formatDay, startOfDayInZone, startOfMonthInZone } from '../core/time';
import { triggerKeys } from '../core/trigger';
import {
	loadAssignable,
	loadCandidates,
	loadRules,
	lockRule,
	previousOwners,
	saveRulePointer,
	writeAssignments,
	type RuleRow,
	type Window,
} from '../data/assignment';
import { loadCustomers } from '../data/customers';
import { transaction, type Db } from '../data/dialects';
import { insertEvents } from '../data/events';
import { lockReps } from '../data/holdings';
import { repDirectory } from '../data/people';
import { loadSettings } from '../data/settings';
import { Coalescer } from '../shared/coalesce';
import { callerOf, languageOfUser } from './actors';
import { notify, notifyEach, type NotifyDeps } from './notify';

export interface AssignOptions {
	keys?: number[];
	pool?: number;
	ruleId?: number;
	/** with a rule given: only customers that rule matches (a flow reacting to every new customer) */
	matchOnly?: boolean;
	dryRun?: boolean;
	actor: string | null;
	limit?: number;
	now?: Date;
	services?: any;
	getSchema?: () => Promise<any>;
	logger?: any;
	/** wait for the notifications before returning (default: send them after answering) */
	awaitNotifications?: boolean;
}

export interface AssignResult {
	dry_run: boolean;
	assigned: number;
	left_in_pool: number;
	skipped: { key: number; reason: string; why: Why[] }[];
	decisions: (Omit<Decision, 'skipped'> & { skipped?: Record<string, string>; rule_name: string; to_name: string | null })[];
}

const FULL_EXPLANATION = 30;

/** A customer the run passed over, with why (in English as text, and as phrases to word in the reader's language). */
const skip = (key: number, code: WhyCode) => ({ key, reason: reasonText([{ code }], 'en-US'), why: [{ code }] });
const MEANWHILE = { reason: reasonText([{ code: 'claimed_meanwhile' }], 'en-US'), why: [{ code: 'claimed_meanwhile' as const }] };

/**
 * Scores and skips for the audit trail. Every candidate is listed when there are up to 30; beyond that the 10 best
 * scores and the counts, so that a run over hundreds of reps does not write hundreds of numbers per customer.
 */
function explain(d: Decision) {
	const scores = d.scores ?? null;
	const entries = scores ? Object.entries(scores) : [];
	const skippedEntries = d.skipped ? Object.entries(d.skipped) : [];
	const kept = skippedEntries.length <= FULL_EXPLANATION ? skippedEntries : skippedEntries.slice(0, 10);
	return {
		scores: entries.length <= FULL_EXPLANATION ? scores : Object.fromEntries(entries.sort((a, b) => b[1] - a[1]).slice(0, 10)),
		...(entries.length > FULL_EXPLANATION ? { candidates_scored: entries.length } : {}),
		skipped: d.skipped ? skippedInEnglish(kept) : null,
		...(skippedEntries.length > FULL_EXPLANATION ? { candidates_skipped: skippedEntries.length } : {}),
	};
}

/** The passed-over candidates as the audit and the API word them: in English, only those shown. */
function skippedInEnglish(entries: [string, Why][]): Record<string, string> {
	return Object.fromEntries(entries.map(([name, why]) => [name, reasonText([why], 'en-US')]));
}

function scoreWindow(rule: RuleRow, now: Date, timeZone: string): Window {
	const today = startOfDayInZone(now, timeZone);
	const dow = (new Date(today.getTime() + 12 * 3600_000).getUTCDay() + 6) % 7; // Monday = 0
	const weekStart = new Date(today.getTime() - dow * DAY_MS);
	switch (rule.window.kind) {
		case 'last_week':
			return { from: new Date(weekStart.getTime() - 7 * DAY_MS), to: weekStart };
		case 'this_month':
			return { from: startOfMonthInZone(now, timeZone), to: new Date(now.getTime() + 1) };
		case 'last_n_days':
			return { from: new Date(now.getTime() - Math.max(1, rule.window.days) * DAY_MS), to: new Date(now.getTime() + 1) };
		default:
			return { from: weekStart, to: new Date(now.getTime() + 1) };
	}
}

/**
 * One assignment run: every customer gets the rule given or, by default, the first active rule that matches it; each
 * rule's customers are decided and written in one transaction that holds the rule's row and the locks of every rep
 * it may give to, so concurrent runs (and claims) never hand out a customer twice or overfill a rep. A dry run
 * returns the same plan and writes nothing. Each rep gets one notification per run.
 */
export async function runAssignment(db: Db, opts: AssignOptions): Promise<AssignResult> {
	const now = opts.now ?? new Date();
	const settings = await loadSettings(db);
	const limit = Math.min(opts.limit ?? 10_000, 50_000);
	const { customers, owned, missing } = await loadAssignable(db, { keys: opts.keys, pool: opts.pool, limit });
	const skipped = [...owned.map((k) => skip(k, 'already_owned')), ...missing.map((k) => skip(k, 'not_found'))];
	const result: AssignResult = { dry_run: !!opts.dryRun, assigned: 0, left_in_pool: 0, skipped, decisions: [] };
	if (customers.length === 0) return result;

	const rules = opts.ruleId !== undefined ? await loadRules(db, { id: opts.ruleId }) : await loadRules(db);
	const groups = new Map<number, { rule: RuleRow; customers: typeof customers }>();
	for (const c of customers) {
		// a rule given applies to every customer, unless only the customers it matches are wanted
		const rule = opts.ruleId !== undefined && !opts.matchOnly ? (rules[0] ?? null) : (pickRule(rules, c) as RuleRow | null);
		if (!rule) {
			result.skipped.push(skip(c.id, 'no_rule'));
			continue;
		}
		const g = groups.get(rule.id) ?? { rule, customers: [] };
		g.customers.push(c);
		groups.set(rule.id, g);
	}

	const directory = await repDirectory(db);
	const names = new Map(directory.map((r: any) => [r.id, [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email]));
	const today = formatDay(now, settings.timezone);
	const perRep = new Map<string, string[]>();

	for (const { rule, customers: batch } of groups.values()) {
		const byHistory = rule.strategy === 'previous_owner_first';
		const history = byHistory ? await previousOwners(db, batch.map((c) => c.id)) : new Map<number, string[]>();
		for (const c of batch) c.previousOwners = [...new Set([...(history.get(c.id) ?? []), ...c.previousOwners])];
		const ids = candidateIds(rule, directory);
		// previous owners, receivers and the default rep can receive customers too; lock and load them all
		const everyoneIds = byHistory ? directory.map((r: any) => r.id) : [...new Set([...ids, ...(rule.fallbackRep ? [rule.fallbackRep] : [])])];
		const decided = await transaction(db, async (trx) => {
			const pointer = await lockRule(trx, rule.id);
			if (!opts.dryRun) await lockReps(trx, everyoneIds);
			const window = scoreWindow(rule, now, settings.timezone);
			const month = startOfMonthInZone(now, settings.timezone);
			const everyone = await loadCandidates(trx, rule, directory, everyoneIds, { today, monthStart: month, window });
			const candidates = byHistory ? everyone : everyone.filter((c) => ids.includes(c.id));
			const state = newState({ ...rule, rrPointer: pointer });
			const decisions = batch.map((c) => decide(rule, c, candidates, state, everyone));
			if (opts.dryRun) return decisions;
			const byRep = new Map<string, number[]>();
			for (const d of decisions) {
				if (!d.to) continue;
				const list = byRep.get(d.to) ?? [];
				list.push(d.customer);
				byRep.set(d.to, list);
			}
			const got = await writeAssignments(trx, byRep, now);
			const gotSet = new Set([...got.values()].flat());
			const pools = new Map(batch.map((c) => [c.id, c.pool]));
			const events = decisions
				.filter((d) => d.to && gotSet.has(d.customer))
				.map((d) => ({
					customer: d.customer,
					action: EVENT.assigned,
					from_owner: null,
					to_owner: d.to!,
					pool: pools.get(d.customer) ?? null,
					actor: opts.actor,
					reason: assignmentReason(rule.name, d.why),
					details: { rule: rule.id, rule_name: rule.name, strategy: rule.strategy, reason: d.reason, why: d.why, ...explain(d) },
				}));
			await insertEvents(trx, events, now);
			if (rule.strategy === 'round_robin') await saveRulePointer(trx, rule.id, state.rrPointer);
			return decisions.map((d) => (d.to && !gotSet.has(d.customer) ? { ...d, to: null, ...MEANWHILE } : d));
		});
		const nameOf = new Map(batch.map((c) => [c.id, c.name]));
		for (const d of decided) {
			if (d.to) {
				result.assigned++;
				const list = perRep.get(d.to) ?? [];
				list.push(nameOf.get(d.customer) ?? String(d.customer));
				perRep.set(d.to, list);
			} else result.left_in_pool++;
			if (result.decisions.length < 1000) {
				const { skipped, ...rest } = d;
				result.decisions.push({ ...rest, ...(skipped ? { skipped: skippedInEnglish(Object.entries(skipped)) } : {}), rule_name: rule.name, to_name: d.to ? (names.get(d.to) ?? d.to) : null });
			}
		}
	}

	if (!opts.dryRun && opts.services && opts.getSchema && perRep.size) {
		// Sent after the answer, like Directus's own action hooks: the assignment is committed either way, and a
		// mail server being slow must not hold up a run over hundreds of reps.
		const languages = new Map(await Promise.all([...perRep.keys()].map(async (rep) => [rep, await languageOfUser(db, rep)] as const)));
		const send = notifyEach(
			opts.services,
			await opts.getSchema(),
			[...perRep].map(([rep, list]) => ({
				recipient: rep,
				subject: say(languages.get(rep) ?? 'en', `${list.length} customers assigned to you`, `新分配给你 ${list.length} 个客户`),
				message: `${list.slice(0, 30).join(', ')}${list.length > 30 ? ` … (+${list.length - 30})` : ''}`,
				collection: 'crm_customers',
			})),
		);
		if (opts.awaitNotifications) await send;
		else send.catch((error) => opts.logger?.warn?.(`[lead-pool] assignment notifications failed: ${(error as Error).message}`));
	}
	return result;
}

/** What assigning is called when someone who may not is refused. */
export const ASSIGNING = { en: 'Assigning customers', zh: '分配客户' };

/** The options of the assignment flow operation, as Directus stores them (numbers and booleans may be text). */
export interface FlowOptions {
	rule?: number | string | null;
	match_only?: boolean | string;
	pool?: number | string | null;
	dry_run?: boolean | string;
}

const truthy = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';
const optionalNumber = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : Number(v));

/**
 * The assignment flow operation. The customers come from the trigger: an event trigger on customer creation
 * ($trigger.key / keys), a manual trigger on the collection page ($trigger.body.keys), or none (a schedule), when
 * the pool option names whose unowned customers to assign. A manual trigger is a person choosing customers to
 * assign: managers and admins only. Its dry run (`dry_run` option, or the confirmation dialog's "Preview only")
 * sends the plan to that person as a notification and changes nothing.
 */
export async function assignFromFlow(
	db: Db,
	accountability: ActorLike | null | undefined,
	flow: { trigger: any; options: FlowOptions },
	deps: NotifyDeps,
): Promise<AssignResult | { assigned: 0; left_in_pool: 0; skipped: []; decisions: []; note: string }> {
	const { trigger, options } = flow;
	const manual = !!trigger?.body && Array.isArray(trigger.body.keys);
	const caller = await callerOf(db, accountability);
	const user = caller.user;
	if (manual && accountability && caller.kind === 'rep') {
		const refusal: Refusal = { code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: ASSIGNING.en, what_zh: ASSIGNING.zh } };
		// the flow answers with the refusal (error_on_reject); the rep also reads it in their notifications
		if (user) {
			const lang = await languageOfUser(db, user);
			await notify(deps.services, await deps.getSchema(), [user], {
				subject: refusalMessage(refusal, lang),
				message: say(lang, 'Ask a sales manager to assign these customers.', '请联系销售经理分配这些客户。'),
				collection: 'crm_customers',
			});
		}
		throw new RefusalError(refusal);
	}
	const keys = triggerKeys(trigger);
	const pool = optionalNumber(options.pool);
	if (!keys && pool === undefined) {
		return { assigned: 0, left_in_pool: 0, skipped: [], decisions: [], note: 'no customers in the trigger and no pool set' };
	}
	// a person pressing the flow previews unless they untick "Preview only" (absent counts as ticked)
	const dryRun = truthy(options.dry_run) || (manual && trigger.body.dry_run !== false && trigger.body.dry_run !== 'false');
	const run: AssignOptions = {
		keys: keys ?? undefined,
		pool,
		// a person pressing the flow picks the rule in its dialog; a flow built by an admin sets it as an option
		ruleId: (manual ? optionalNumber(trigger.body.rule) : undefined) ?? optionalNumber(options.rule),
		matchOnly: options.match_only === undefined ? true : truthy(options.match_only),
		dryRun,
		actor: user,
		services: deps.services,
		getSchema: deps.getSchema,
	};
	// customers created together (an import, a batch create) are assigned together: one run, one notice per rep
	if (typeof trigger?.event === 'string' && keys && !dryRun) return forKeys(await batchedRun(db, run, keys), keys);
	const result = await runAssignment(db, run);
	if (manual && dryRun && user) await notify(deps.services, await deps.getSchema(), [user], await planNote(db, result, await languageOfUser(db, user)));
	return result;
}

/** Event-triggered runs that arrive together, per process: within 250 ms of each other, for up to 5 s or 5,000 keys. */
const batchContexts = new Map<string, { db: Db; run: AssignOptions }>();
const eventBatches = new Coalescer<number, AssignResult>(
	async (group, keys) => {
		const context = batchContexts.get(group)!;
		batchContexts.delete(group);
		return runAssignment(context.db, { ...context.run, keys });
	},
	{ quietMs: 250, maxWaitMs: 5000, maxKeys: 5000 },
);

function batchedRun(db: Db, run: AssignOptions, keys: number[]): Promise<AssignResult> {
	const group = JSON.stringify([run.pool ?? null, run.ruleId ?? null, run.matchOnly ?? null, run.actor ?? null]);
	if (!batchContexts.has(group)) batchContexts.set(group, { db, run });
	return eventBatches.add(group, keys);
}

/** A shared run's result as one caller's: the decisions and skips of its own customers. */
function forKeys(result: AssignResult, keys: number[]): AssignResult {
	const mine = new Set(keys.map(Number));
	const decisions = result.decisions.filter((d) => mine.has(Number(d.customer)));
	return {
		dry_run: result.dry_run,
		assigned: decisions.filter((d) => d.to).length,
		left_in_pool: decisions.filter((d) => !d.to).length,
		skipped: result.skipped.filter((s) => mine.has(Number(s.key))),
		decisions,
	};
}

/** The dry run's plan as a notification: one line per customer, who would get it and why. */
async function planNote(db: Db, result: AssignResult, lang: Lang) {
	const names = new Map((await loadCustomers(db, result.decisions.map((d) => d.customer).slice(0, 200))).map((c) => [c.id, c.name]));
	const lines = result.decisions
		.slice(0, 200)
		.map((d) => {
			const to = d.to_name ?? say(lang, 'stays in the pool', '留在公海');
			return `- ${names.get(d.customer) ?? `#${d.customer}`} → ${to} (${assignmentReason(d.rule_name, d.why, lang)})`;
		});
	for (const s of result.skipped.slice(0, 50)) lines.push(`- #${s.key}: ${reasonText(s.why, lang)}`);
	const planned = result.decisions.filter((d) => d.to).length;
	const total = result.decisions.length + result.skipped.length;
	return {
		subject: say(lang, `Assignment preview: ${planned} of ${total} would be assigned`, `分配预览：${total} 个中将分配 ${planned} 个`),
		message: `${lines.join('\n')}\n\n${say(lang, 'Nothing was changed. Run it again without "Preview only" to assign.', '未做任何更改；取消「仅预览」后再运行即可分配。')}`,
		collection: 'crm_customers',
	};
}
