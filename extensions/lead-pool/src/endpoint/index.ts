import { defineEndpoint } from '@directus/extensions-sdk';
import { ForbiddenError, InvalidPayloadError } from '@directus/errors';
import type { Knex } from 'knex';
import { RefusalError } from '../core/refusals';
import { resolveActorKind } from '../data/actors';
import { notify } from '../services/notify';
import { loadCustomers, userNames } from '../data/ownership';
import { activityByRepWeek, assignmentShares, capsReport, dueSoon, poolSize, REPORTS, timeToFirstClaim, type ReportName } from '../data/reports';
import { purgeCustomers } from '../data/purge';
import { describeRefusals, toDirectusError, withRefusals } from '../shared/errors';
import { assignCustomers, claimCustomers, releaseCustomers } from '../services/ownership';
import { runReclaim } from '../services/reclaim';
import { prepareDatabase } from '../services/setup';
import { runAssignment } from '../services/assignment';
import { duplicateQuery, RateLimiter } from '../core/duplicates';
import { findDuplicates } from '../data/duplicates';
import pkg from '../../package.json';

const MAX_KEYS = 500;

export default defineEndpoint({
	id: 'lead-pool',
	handler: (router, { database, services, getSchema, logger }) => {
		const knex = database as unknown as Knex;

		/** Who the caller is to Lead Pool, and which version is installed. Setup uses it to check the token. */
		router.get('/status', async (req: any, res, next) => {
			const accountability = req.accountability;
			if (!accountability?.user && !accountability?.admin) return next(new ForbiddenError());
			try {
				const role = await resolveActorKind(knex, accountability);
				res.json({ data: { extension: pkg.name, version: pkg.version, role, admin: accountability.admin === true } });
			} catch (error) {
				next(error);
			}
		});

		/**
		 * The duplicate check, for anyone signed in: every matching customer across all pools with name, owner, pool
		 * and creation time only, best matches first. Rate-limited per user and capped in size, so it cannot be
		 * used to list the table.
		 */
		const limiter = new RateLimiter(Number(process.env['LEAD_POOL_DUPLICATES_PER_MINUTE'] ?? 120), Number(process.env['LEAD_POOL_DUPLICATES_BURST'] ?? 30));
		router.get('/duplicates', async (req: any, res, next) => {
			const user = req.accountability?.user;
			if (!user) return next(new ForbiddenError());
			try {
				const q = typeof req.query?.q === 'string' ? req.query.q : '';
				if (q.trim().length === 0 || q.length > 100) throw new InvalidPayloadError({ reason: '"q" must be 1 to 100 characters of a name, phone or e-mail · q 必须是 1 到 100 个字符' });
				const limit = Math.min(Math.max(Number(req.query?.limit ?? 10) || 10, 1), 50);
				if (!limiter.take(user)) {
					res.status(429).json({ errors: [{ message: 'Too many duplicate checks; wait a moment and try again · 查重过于频繁，请稍后再试', extensions: { code: 'REQUESTS_EXCEEDED' } }] });
					return;
				}
				res.json({ data: await findDuplicates(knex, duplicateQuery(q), limit) });
			} catch (error) {
				next(error);
			}
		});

		/**
		 * Names of all pools, for anyone signed in: the duplicate check says "in pool: <name>" of customers in pools the
		 * caller is not a member of (and so cannot read). Names only.
		 */
		router.get('/pools', async (req: any, res, next) => {
			if (!req.accountability?.user) return next(new ForbiddenError());
			try {
				const rows = await knex('crm_pools').select('id', 'name').orderBy('id').limit(1000);
				res.json({ data: rows.map((r: any) => ({ id: Number(r.id), name: r.name })) });
			} catch (error) {
				next(error);
			}
		});

		/**
		 * Pool reports for the dashboard, from the customers and the audit trail. Managers and admins see every rep;
		 * a rep sees their own rows of the activity, caps and falling-due reports, and nothing of the others.
		 */
		router.get('/reports/:name', async (req: any, res, next) => {
			const user = req.accountability?.user;
			if (!user) return next(new ForbiddenError());
			try {
				const name = String(req.params.name) as ReportName;
				if (!REPORTS.includes(name)) throw new InvalidPayloadError({ reason: `Unknown report "${name}"; one of ${REPORTS.join(', ')}` });
				const kind = await resolveActorKind(knex, req.accountability);
				const rep = kind === 'rep' ? user : undefined;
				const now = new Date();
				const number = (v: unknown, fallback: number, max: number) => Math.min(Math.max(Math.floor(Number(v ?? fallback)) || fallback, 1), max);
				const data = await withRefusals(knex, user, async () => {
					if (rep && !['activity', 'caps', 'due-soon'].includes(name)) throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'This report', what_zh: '此报表' } });
					switch (name) {
						case 'pool-size':
							return poolSize(knex);
						case 'activity':
							return activityByRepWeek(knex, { weeks: number(req.query?.weeks, 8, 104), now, rep });
						case 'caps':
							return capsReport(knex, { rep });
						case 'due-soon':
							return dueSoon(knex, { days: number(req.query?.days, 7, 365), now, rep });
						case 'assignment-shares':
							return assignmentShares(knex, { days: number(req.query?.days, 30, 365), now });
						case 'time-to-claim':
							return timeToFirstClaim(knex, { days: number(req.query?.days, 90, 730), now });
					}
				});
				res.json({ data });
			} catch (error) {
				next(error);
			}
		});

		/** Database-level setup the schema snapshot cannot express: indexes, guards, key backfill. Admins only. */
		router.post('/setup', async (req: any, res, next) => {
			if (req.accountability?.admin !== true) return next(new ForbiddenError());
			try {
				res.json({ data: await prepareDatabase(knex) });
			} catch (error) {
				next(error);
			}
		});

		/**
		 * Claim pool customers for the caller. Partial by design: each key is claimed or refused on its own, in the
		 * order given, and the answer lists both; when nothing could be claimed the first refusal is the error.
		 */
		router.post('/claim', async (req: any, res, next) => {
			const user = req.accountability?.user;
			if (!user) return next(new ForbiddenError());
			try {
				const keys = parseKeys(req.body?.keys);
				const result = await claimCustomers(knex, { rep: user, actor: user, keys, mode: 'direct', allOrNothing: false });
				if (result.claimed.length === 0 && result.refused.length > 0) throw await toDirectusError(knex, user, result.refused[0]!, result.refused);
				res.json({ data: { claimed: result.claimed, refused: await describeRefusals(knex, user, result.refused) } });
			} catch (error) {
				next(error);
			}
		});

		/** Release customers back to their pools, with a reason. Reps release their own; managers any. */
		router.post('/release', async (req: any, res, next) => {
			const user = req.accountability?.user;
			if (!user) return next(new ForbiddenError());
			try {
				const keys = parseKeys(req.body?.keys);
				const reason = parseReason(req.body?.reason);
				const kind = await resolveActorKind(knex, req.accountability);
				const result = await withRefusals(knex, user, () =>
					releaseCustomers(knex, { actor: user, keys, reason, action: 'released', ...(kind === 'rep' ? { onlyOwner: user } : {}) }),
				);
				res.json({ data: result });
			} catch (error) {
				next(error);
			}
		});

		/** Managers: give customers to a rep (from the pool or from another rep) with a reason, all or nothing. */
		router.post('/transfer', async (req: any, res, next) => {
			const user = req.accountability?.user;
			if (!user) return next(new ForbiddenError());
			try {
				const kind = await resolveActorKind(knex, req.accountability);
				if (kind !== 'manager' && kind !== 'admin') throw await toDirectusError(knex, user, { code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Transferring customers', what_zh: '转移客户' } });
				const from = req.body?.from;
				// `from` instead of `keys`: every customer a rep owns (a leaving rep's book, in one step)
				let keys: number[];
				if (typeof from === 'string' && from && req.body?.keys === undefined) {
					keys = ((await knex('crm_customers').select('id').where('owner', from).orderBy('id').limit(MAX_TRANSFER)) as { id: number }[]).map((r) => Number(r.id));
					if (keys.length === 0) throw new InvalidPayloadError({ reason: 'This rep owns no customers · 该业务员名下没有客户' });
				} else keys = parseKeys(req.body?.keys);
				const reason = parseReason(req.body?.reason);
				const to = req.body?.to;
				if (typeof to !== 'string' || !to) throw new InvalidPayloadError({ reason: '"to" must be the id of the rep who receives the customers · "to" 必须是接收客户的业务员 id' });
				if (to === from) throw new InvalidPayloadError({ reason: 'Pick another rep to receive the customers · 请选择另一位业务员接收客户' });
				const result = await withRefusals(knex, user, () => assignCustomers(knex, { actor: user, keys, to, reason }));
				res.json({ data: result });
				// the receiving rep hears of it (after the answer; a failed notification loses no customer)
				if (result.assigned.length > 0 && to !== user) {
					try {
						const customers = await loadCustomers(knex, result.assigned.slice(0, 20));
						const giver = (await userNames(knex, [user])).get(user) ?? 'A manager';
						await notify(services, await getSchema(), [to], {
							subject: `${result.assigned.length} customer${result.assigned.length === 1 ? '' : 's'} given to you by ${giver} · ${giver} 转给你 ${result.assigned.length} 个客户`,
							message: `${customers.map((c) => `- ${c.name}`).join('\n')}${result.assigned.length > 20 ? '\n- …' : ''}${reason ? `\n\n${reason}` : ''}`,
							collection: 'crm_customers',
							...(result.assigned.length === 1 ? { item: String(result.assigned[0]) } : {}),
						});
					} catch (error) {
						logger.warn(error, 'Lead Pool: could not notify the receiving rep');
					}
				}
			} catch (error) {
				next(error);
			}
		});

		/** Admins: run the reclaim job now; `{ "dry_run": true }` reports what it would do and changes nothing. */
		router.post('/reclaim/run', async (req: any, res, next) => {
			if (req.accountability?.admin !== true) return next(new ForbiddenError({ reason: 'Only administrators can run the reclaim job · 仅管理员可以手动运行回收' } as any));
			try {
				const dryRun = req.body?.dry_run === true;
				res.json({ data: await runReclaim(knex, { dryRun, services, getSchema, logger }) });
			} catch (error) {
				next(error);
			}
		});

		/**
		 * Managers: assign the given customers, or the unowned customers of a pool, by a rule (or each by the first
		 * rule that matches it). `dry_run` returns the plan (who, why, scores) without writing.
		 */
		router.post('/assign', async (req: any, res, next) => {
			const user = req.accountability?.user;
			if (!user && req.accountability?.admin !== true) return next(new ForbiddenError());
			try {
				const kind = await resolveActorKind(knex, req.accountability);
				if (kind !== 'manager' && kind !== 'admin') throw await toDirectusError(knex, user, { code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Assigning customers', what_zh: '分配客户' } });
				const body = req.body ?? {};
				const keys = body.keys === undefined ? undefined : parseKeys(body.keys, 10_000);
				const pool = body.pool === undefined || body.pool === null ? undefined : Number(body.pool);
				if (!keys && (pool === undefined || !Number.isInteger(pool))) throw new InvalidPayloadError({ reason: 'Give "keys" (customer ids) or "pool" (a pool id) · 请提供 keys 或 pool' });
				const rule = body.rule === undefined || body.rule === null ? undefined : Number(body.rule);
				if (rule !== undefined && !Number.isInteger(rule)) throw new InvalidPayloadError({ reason: '"rule" must be an assignment rule id · rule 必须是分配规则 id' });
				res.json({ data: await runAssignment(knex, { keys, pool, ruleId: rule, dryRun: body.dry_run === true, actor: user ?? null, services, getSchema, logger }) });
			} catch (error) {
				next(error);
			}
		});

		/** Admins: remove customers for good (their follow-ups too). The purge itself is recorded. */
		router.post('/purge', async (req: any, res, next) => {
			if (req.accountability?.admin !== true) return next(new ForbiddenError({ reason: 'Only administrators can purge customers · 仅管理员可以彻底删除客户' } as any));
			try {
				const keys = parseKeys(req.body?.keys);
				const reason = parseReason(req.body?.reason);
				res.json({ data: await purgeCustomers(knex, { keys, reason, actor: req.accountability.user ?? null }) });
			} catch (error) {
				next(error);
			}
		});
	},
});

/** A rep's whole book moves at once; caps still apply to the receiving rep. */
const MAX_TRANSFER = 5000;

function parseKeys(value: unknown, max = MAX_KEYS): number[] {
	if (!Array.isArray(value) || value.length === 0) throw new InvalidPayloadError({ reason: '"keys" must be a non-empty list of customer ids · "keys" 必须是客户 id 列表' });
	if (value.length > max) throw new InvalidPayloadError({ reason: `At most ${max} customers at a time · 每次最多 ${max} 个客户` });
	const keys = value.map((v) => Number(v));
	if (keys.some((k) => !Number.isInteger(k) || k <= 0)) throw new InvalidPayloadError({ reason: '"keys" must be customer ids (positive whole numbers) · "keys" 必须是正整数 id' });
	return keys;
}

function parseReason(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') throw new InvalidPayloadError({ reason: 'Say why: "reason" is required · 请填写原因（reason）' });
	return value.trim().slice(0, 2000);
}

export { RefusalError };
