import { defineEndpoint } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { assertInstalled } from '../services/self-check';
import { RefusalError } from '../core/refusals';
import { toDirectusError, withRefusals } from '../shared/errors';
import type { RouteContext } from './context';
import { registerAssignRoutes } from './routes/assign';
import { registerDuplicateRoutes } from './routes/duplicates';
import { registerLockRoutes } from './routes/locks';
import { registerMoveRoutes } from './routes/moves';
import { registerOwnershipRoutes } from './routes/ownership';
import { registerReclaimRoutes } from './routes/reclaim';
import { registerReportRoutes } from './routes/reports';
import { registerSpreadsheetRoutes } from './routes/spreadsheets';
import { registerStatusRoutes } from './routes/status';

/** The /lead-pool endpoint: one file per group of routes under routes/, each route calling one service. */
export default defineEndpoint({
	id: 'lead-pool',
	handler: (router, { database, services, getSchema, logger }) => {
		const ctx: RouteContext = { knex: database as unknown as Knex, services, getSchema, logger };
		// no Lead Pool write while the self-check finds a guard missing (setup itself is how it gets added)
		router.use((req: any, _res: any, next: (error?: unknown) => void) => {
			if (req.method === 'GET' || req.path === '/setup') return next();
			withRefusals(ctx.knex, req.accountability?.user, () => assertInstalled(ctx.knex)).then(() => next(), next);
		});
		registerStatusRoutes(router, ctx);
		registerDuplicateRoutes(router, ctx);
		registerReportRoutes(router, ctx);
		registerOwnershipRoutes(router, ctx);
		registerLockRoutes(router, ctx);
		registerMoveRoutes(router, ctx);
		registerReclaimRoutes(router, ctx);
		registerAssignRoutes(router, ctx);
		registerSpreadsheetRoutes(router, { database, services, getSchema });
		// a refusal a route did not turn into Directus's error itself (a bad value of the request): the same error, in
		// the reader's language, never a 500
		router.use((error: unknown, req: any, _res: any, next: (error?: unknown) => void) => {
			if (!(error instanceof RefusalError)) return next(error);
			toDirectusError(ctx.knex, req.accountability?.user, error.refusal, error.all).then(next, next);
		});
	},
});
