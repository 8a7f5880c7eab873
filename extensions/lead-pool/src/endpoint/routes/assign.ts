import { ForbiddenError } from '@directus/errors';
import { managingCaller } from '../../services/actors';
import { ASSIGNING, runAssignment } from '../../services/assignment';
import { withRefusals } from '../../shared/errors';
import type { RouteContext, Router } from '../context';
import { badInput, parseKeys, parseOptionalId } from '../parse';

/** How many customers one assignment run may name. */
const MAX_ASSIGN = 10_000;

export function registerAssignRoutes(router: Router, { knex, services, getSchema, logger }: RouteContext) {
	/**
	 * Managers: assign the given customers, or the unowned customers of a pool, by a rule (or each by the first
	 * rule that matches it). `dry_run` returns the plan (who, why, scores) without writing.
	 */
	router.post('/assign', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user && req.accountability?.admin !== true) return next(new ForbiddenError());
		try {
			const caller = await withRefusals(knex, user, () => managingCaller(knex, req.accountability, ASSIGNING));
			const body = req.body ?? {};
			const keys = body.keys === undefined ? undefined : parseKeys(body.keys, MAX_ASSIGN);
			const pool = parseOptionalId(body.pool);
			if (!keys && (pool === undefined || !Number.isInteger(pool))) {
				throw badInput('Give "keys" (customer ids) or "pool" (a pool id)', '请提供 "keys"（客户 id）或 "pool"（公海 id）', 'keys');
			}
			const ruleId = parseOptionalId(body.rule);
			if (ruleId !== undefined && !Number.isInteger(ruleId)) {
				throw badInput('"rule" must be an assignment rule id', '"rule" 必须是分配规则 id', 'rule');
			}
			const run = { keys, pool, ruleId, dryRun: body.dry_run === true, actor: caller.user, services, getSchema, logger };
			res.json({ data: await runAssignment(knex, run) });
		} catch (error) {
			next(error);
		}
	});
}
