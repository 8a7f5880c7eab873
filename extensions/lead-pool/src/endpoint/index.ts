import { defineEndpoint } from '@directus/extensions-sdk';
import { ForbiddenError } from '@directus/errors';
import { resolveActorKind } from '../data/actors';
import { ensureIndexes } from '../data/indexes';
import { backfillCustomerKeys } from '../data/keys';
import pkg from '../../package.json';

export default defineEndpoint({
	id: 'lead-pool',
	handler: (router, { database, logger }) => {
		/** Who the caller is to Lead Pool, and which version is installed. Setup uses it to check the token. */
		router.get('/status', async (req: any, res, next) => {
			const accountability = req.accountability;
			if (!accountability?.user && !accountability?.admin) return next(new ForbiddenError());
			try {
				const role = await resolveActorKind(database, accountability);
				res.json({ data: { extension: pkg.name, version: pkg.version, role, admin: accountability.admin === true } });
			} catch (error) {
				next(error);
			}
		});

		/** Database-level setup the schema snapshot cannot express: composite indexes and key backfill. Admins only. */
		router.post('/setup', async (req: any, res, next) => {
			if (req.accountability?.admin !== true) return next(new ForbiddenError());
			try {
				const indexes = await ensureIndexes(database);
				const backfilled = await backfillCustomerKeys(database);
				logger.info(`[lead-pool] setup: ${indexes.length} indexes created, ${backfilled} customers backfilled`);
				res.json({ data: { indexes_created: indexes, keys_backfilled: backfilled } });
			} catch (error) {
				next(error);
			}
		});
	},
});
