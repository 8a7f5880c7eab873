import { ForbiddenError } from '@directus/errors';
import { callerOf } from '../../services/actors';
import { moveCustomers } from '../../services/moves';
import { withRefusals } from '../../shared/errors';
import type { RouteContext, Router } from '../context';
import { badInput, parseKeys, parseOptionalId, parseReason } from '../parse';

export function registerMoveRoutes(router: Router, { knex }: RouteContext) {
	/**
	 * Managers and pool admins: move unowned customers to another pool, with a reason — the keys given, or every
	 * unowned customer of `from_pool`. One `moved` event each.
	 */
	router.post('/move', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const fromPool = req.body?.keys === undefined ? poolId(req.body?.from_pool, 'from_pool') : undefined;
			const keys = fromPool === undefined ? parseKeys(req.body?.keys, 20_000) : undefined;
			const toPool = poolId(req.body?.to_pool, 'to_pool');
			if (toPool === fromPool) throw badInput('Pick another pool to move the customers to', '请选择另一个公海', 'to_pool');
			const reason = parseReason(req.body?.reason);
			const caller = await callerOf(knex, req.accountability);
			const move = { ...(keys ? { keys } : { fromPool }), toPool, reason };
			res.json({ data: await withRefusals(knex, user, () => moveCustomers(knex, caller, move)) });
		} catch (error) {
			next(error);
		}
	});
}

function poolId(value: unknown, name: string): number {
	const id = parseOptionalId(value);
	if (id === undefined || !Number.isInteger(id) || id <= 0) {
		throw badInput(`"${name}" must be the id of a pool`, `"${name}" 必须是公海 id`, name);
	}
	return id;
}
