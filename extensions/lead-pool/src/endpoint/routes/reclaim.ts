import { ForbiddenError } from '@directus/errors';
import { runDigest } from '../../services/digest';
import { runReclaim } from '../../services/reclaim';
import type { RouteContext, Router } from '../context';

export function registerReclaimRoutes(router: Router, { knex, services, getSchema, logger }: RouteContext) {
	/** Admins: run the reclaim job now; `{ "dry_run": true }` reports what it would do and changes nothing. */
	router.post('/reclaim/run', async (req, res, next) => {
		if (req.accountability?.admin !== true) {
			return next(new ForbiddenError({ reason: 'Only administrators can run the reclaim job' } as any));
		}
		try {
			res.json({ data: await runReclaim(knex, { dryRun: req.body?.dry_run === true, services, getSchema, logger }) });
		} catch (error) {
			next(error);
		}
	});

	/** Admins: send today's morning digest now (it goes out once a day: a second call answers `ran: false`). */
	router.post('/digest/run', async (req, res, next) => {
		if (req.accountability?.admin !== true) {
			return next(new ForbiddenError({ reason: 'Only administrators can send the morning digest' } as any));
		}
		try {
			res.json({ data: await runDigest(knex, { services, getSchema, logger }) });
		} catch (error) {
			next(error);
		}
	});
}
