import { ForbiddenError } from '@directus/errors';
import pkg from '../../../package.json';
import { describeCaller } from '../../services/actors';
import { installStatus, recheckAfterSetup } from '../../services/self-check';
import { prepareDatabase } from '../../services/setup';
import type { RouteContext, Router } from '../context';

export function registerStatusRoutes(router: Router, { knex }: RouteContext) {
	/**
	 * Who the caller is to Lead Pool, which version is installed, and whether this instance serves Lead Pool writes
	 * (the self-check; administrators also see what is missing and what the check at start repaired). Setup uses it
	 * to check the token.
	 */
	router.get('/status', async (req, res, next) => {
		const accountability = req.accountability;
		if (!accountability?.user && !accountability?.admin) return next(new ForbiddenError());
		try {
			const caller = await describeCaller(knex, accountability);
			const { state, ...details } = installStatus();
			const install = accountability.admin === true ? { state, ...details } : { state };
			res.json({ data: { extension: pkg.name, version: pkg.version, ...caller, install } });
		} catch (error) {
			next(error);
		}
	});

	/**
	 * Database-level setup the schema snapshot cannot express: indexes, guards, key backfill. Admins only. The key
	 * backfill runs for at most `backfill_seconds` (default 20, at most 120) and answers `keys_pending`: the next call
	 * continues where it stopped; `npx directus lead-pool setup` on the server runs it to the end without a request.
	 */
	router.post('/setup', async (req, res, next) => {
		if (req.accountability?.admin !== true) return next(new ForbiddenError());
		try {
			const asked = Number(req.query?.['backfill_seconds'] ?? 20);
			const backfillSeconds = Number.isFinite(asked) ? Math.min(Math.max(asked, 0), 120) : 20;
			const result = await prepareDatabase(knex, { backfillSeconds });
			await recheckAfterSetup(knex);
			res.json({ data: result });
		} catch (error) {
			next(error);
		}
	});
}
