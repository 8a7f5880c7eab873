import { defineOperationApi } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { triggerKeys } from '../core/trigger';
import { claimFromFlow } from '../services/ownership';

/** "Claim selected": the rep's selected customers, each claimed or refused on its own (services/ownership). */
export default defineOperationApi<Record<string, never>>({
	id: 'lead-pool-claim',
	handler: async (_options, { data, database, accountability, services, getSchema }) => {
		const user: string | null = (accountability as any)?.user ?? null;
		const keys = triggerKeys((data as any)?.$trigger);
		if (!user || !keys) return { claimed: [], refused: [] };
		return claimFromFlow(database as unknown as Knex, user, keys, { services, getSchema });
	},
});
