import { ForbiddenError } from '@directus/errors';
import { callerOf, managingCaller } from '../../services/actors';
import { purgeCustomers } from '../../services/customers';
import { releasePoolsFor } from '../../services/destinations';
import { claimCustomers, releaseAsCaller, transferCustomers } from '../../services/ownership';
import { describeRefusals, toDirectusError, withRefusals } from '../../shared/errors';
import type { RouteContext, Router } from '../context';
import { badInput, parseKeys, parseOptionalId, parseReason } from '../parse';

const TRANSFERRING = { en: 'Transferring customers', zh: '转移客户' };

export function registerOwnershipRoutes(router: Router, { knex, services, getSchema, logger }: RouteContext) {
	/**
	 * Claim pool customers for the caller. Partial by design: each key is claimed or refused on its own, in the
	 * order given, and the answer lists both; when nothing could be claimed the first refusal is the error.
	 */
	router.post('/claim', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const keys = parseKeys(req.body?.keys);
			const result = await claimCustomers(knex, { rep: user, actor: user, keys, mode: 'direct', allOrNothing: false });
			if (result.claimed.length === 0 && result.refused.length > 0) {
				throw await toDirectusError(knex, user, result.refused[0]!, result.refused);
			}
			res.json({ data: { claimed: result.claimed, refused: await describeRefusals(knex, user, result.refused) } });
		} catch (error) {
			next(error);
		}
	});

	/**
	 * Release customers back to their pools, with a reason; `pool` sends them to another pool instead (for a rep, one
	 * they are a member of, where the customers' pool allows it). Reps release their own; managers any.
	 */
	router.post('/release', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const keys = parseKeys(req.body?.keys);
			const reason = parseReason(req.body?.reason);
			const pool = parseOptionalId(req.body?.pool);
			if (pool !== undefined && !(Number.isInteger(pool) && pool > 0)) {
				throw badInput('"pool" must be the id of a pool', '"pool" 必须是公海 id', 'pool');
			}
			const caller = await callerOf(knex, req.accountability);
			res.json({ data: await withRefusals(knex, user, () => releaseAsCaller(knex, caller, keys, reason, pool)) });
		} catch (error) {
			next(error);
		}
	});

	/**
	 * The pools the caller may release these customers into (`?keys=1,2`): the customers' own pool first, then the
	 * others the release rule allows (for a rep: their member pools, where the customers' pool allows releasing
	 * elsewhere). Reps ask only about their own customers. The form's Release picker reads it.
	 */
	router.get('/release/pools', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const raw = req.query?.['keys'];
			const keys = parseKeys(typeof raw === 'string' ? raw.split(',') : raw);
			const caller = await callerOf(knex, req.accountability);
			res.json({ data: await withRefusals(knex, user, () => releasePoolsFor(knex, caller, keys)) });
		} catch (error) {
			next(error);
		}
	});

	/**
	 * Managers: give customers to a rep (from the pool or from another rep) with a reason, all or nothing; `from`
	 * instead of `keys` moves every customer a rep owns (a leaving rep's book, in one step).
	 */
	router.post('/transfer', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const caller = await withRefusals(knex, user, () => managingCaller(knex, req.accountability, TRANSFERRING));
			const from = req.body?.from;
			const byRep = typeof from === 'string' && from !== '' && req.body?.keys === undefined;
			const keys = byRep ? undefined : parseKeys(req.body?.keys);
			const reason = parseReason(req.body?.reason);
			const to = req.body?.to;
			if (typeof to !== 'string' || !to) {
				throw badInput('"to" must be the id of the rep who receives the customers', '"to" 必须是接收客户的销售 id', 'to');
			}
			if (to === from) throw badInput('Pick another rep to receive the customers', '请选择另一位销售接收客户', 'to');
			const transfer = { ...(byRep ? { from } : { keys }), to, reason };
			res.json({ data: await withRefusals(knex, user, () => transferCustomers(knex, caller, transfer, { services, getSchema, logger })) });
		} catch (error) {
			next(error);
		}
	});

	/** Admins: remove customers for good (their follow-ups too). The purge itself is recorded. */
	router.post('/purge', async (req, res, next) => {
		if (req.accountability?.admin !== true) {
			return next(new ForbiddenError({ reason: 'Only administrators can purge customers' } as any));
		}
		try {
			const keys = parseKeys(req.body?.keys);
			const reason = parseReason(req.body?.reason);
			res.json({ data: await purgeCustomers(knex, { keys, reason, actor: req.accountability.user ?? null }) });
		} catch (error) {
			next(error);
		}
	});
}
