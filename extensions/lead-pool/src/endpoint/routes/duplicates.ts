import { ForbiddenError } from '@directus/errors';
import { checkDuplicates, poolNamesForAll } from '../../services/duplicates';
import { badInput } from '../parse';
import type { RouteContext, Router } from '../context';

export function registerDuplicateRoutes(router: Router, { knex }: RouteContext) {
	/**
	 * The duplicate check, for anyone signed in: matches across all pools with name, owner, pool and creation time
	 * only. Rate-limited per user and capped in size, so it cannot be used to list the table.
	 */
	router.get('/duplicates', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const q = typeof req.query?.q === 'string' ? req.query.q : '';
			if (q.trim().length === 0 || q.length > 100) {
				throw badInput('"q" must be 1 to 100 characters of a name, phone or e-mail', '"q" 须为 1 到 100 个字符的名称、电话或邮箱', 'q');
			}
			const limit = Math.min(Math.max(Number(req.query?.limit ?? 10) || 10, 1), 50);
			const hits = await checkDuplicates(knex, user, q, limit);
			if (hits === null) {
				const message = 'Too many duplicate checks; wait a moment and try again';
				res.status(429).json({ errors: [{ message, extensions: { code: 'REQUESTS_EXCEEDED' } }] });
				return;
			}
			res.json({ data: hits });
		} catch (error) {
			next(error);
		}
	});

	/** Names of all pools, for anyone signed in (the duplicate check names pools the caller cannot read). */
	router.get('/pools', async (req, res, next) => {
		if (!req.accountability?.user) return next(new ForbiddenError());
		try {
			res.json({ data: await poolNamesForAll(knex) });
		} catch (error) {
			next(error);
		}
	});
}
