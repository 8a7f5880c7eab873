import { ForbiddenError } from '@directus/errors';
import { callerOf } from '../../services/actors';
import { lockCustomers } from '../../services/locks';
import { withRefusals } from '../../shared/errors';
import type { RouteContext, Router } from '../context';
import { badInput, parseKeys } from '../parse';

export function registerLockRoutes(router: Router, { knex }: RouteContext) {
	/**
	 * Lock or unlock customers, all or nothing: reps their own, within their cap, each lock ending by itself after the
	 * settings' days (or at `until`, if sooner); managers any owned customer, without an end unless `until` is given.
	 */
	router.post('/lock', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const keys = parseKeys(req.body?.keys);
			const locked = req.body?.locked;
			if (typeof locked !== 'boolean') throw badInput('"locked" must be true or false', '"locked" 必须是 true 或 false', 'locked');
			const until = parseUntil(req.body?.until);
			const caller = await callerOf(knex, req.accountability);
			res.json({ data: await withRefusals(knex, user, () => lockCustomers(knex, caller, { keys, locked, until })) });
		} catch (error) {
			next(error);
		}
	});
}

function parseUntil(value: unknown): Date | null {
	if (value === undefined || value === null || value === '') return null;
	const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : new Date(NaN);
	if (Number.isNaN(date.getTime())) throw badInput('"until" must be a date and time', '"until" 必须是日期和时间', 'until');
	return date;
}
