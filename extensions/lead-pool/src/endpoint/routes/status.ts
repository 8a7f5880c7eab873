import { ForbiddenError } from '@directus/errors';
import pkg from '../../../package.json';
import { describeCaller } from '../../services/actors';
import { prepareDatabase } from '../../services/setup';
import type { RouteContext, Router } from '../context';

export function registerStatusRoutes(router: Router, { knex }: RouteContext) {
	/** Who the caller is to Lead Pool, and which version is installed. Setup uses it to check the token. */
	router.get('/status', async (req, res, next) => {
		const accountability = req.accountability;
		if (!accountability?.user && !accountability?.admin) return next(new ForbiddenError());
		try {
			const caller = await describeCaller(knex, accountability);
			res.json({ data: { extension: pkg.name, version: pkg.version, ...caller } });
		} catch (error) {
			next(error);
		}
	});

	/** Database-level setup the schema snapshot cannot express: indexes, guards, key backfill. Admins only. */
	router.post('/setup', async (req, res, next) => {
		if (req.accountability?.admin !== true) return next(new ForbiddenError());
		try {
			res.json({ data: await prepareDatabase(knex) });
		} catch (error) {
			next(error);
		}
	});
}
