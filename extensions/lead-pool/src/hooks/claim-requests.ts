import type { Knex } from 'knex';
import { withRefusals } from '../shared/errors';
import { decideClaimRequests, fileClaimRequest, tellRequesters, tellReviewers } from '../services/claim-requests';
import type { HookDeps, Register } from './register';


/** Claim requests: filed by reps, decided by managers (services/claim-requests); the people concerned hear of it. */
export function registerClaimRequestHooks({ filter, action }: Register, database: Knex, { services, getSchema, logger }: HookDeps) {
	filter('crm_claim_requests.items.create', (input: Record<string, unknown>, _meta: unknown, context: any) => {
		const db: Knex = context.database ?? database;
		return withRefusals(db, context.accountability?.user, () => fileClaimRequest(db, context.accountability, input));
	});

	filter('crm_claim_requests.items.update', (input: Record<string, unknown>, meta: any, context: any) => {
		const db: Knex = context.database ?? database;
		return withRefusals(db, context.accountability?.user, () => decideClaimRequests(db, context.accountability, meta?.keys ?? [], input));
	});

	// Notifications go out after commit (action hooks), never from inside a filter that may be retried.
	action('crm_claim_requests.items.create', async (meta: any) => {
		try {
			await tellReviewers(database, meta.key, { services, getSchema });
		} catch (error) {
			logger.warn(`[lead-pool] claim request notification failed: ${(error as Error).message}`);
		}
	});

	action('crm_claim_requests.items.update', async (meta: any) => {
		if (!['approved', 'rejected'].includes(meta?.payload?.status)) return;
		try {
			await tellRequesters(database, meta.keys, { services, getSchema });
		} catch (error) {
			logger.warn(`[lead-pool] claim decision notification failed: ${(error as Error).message}`);
		}
	});
}
