import { defineOperationApi } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { assignFromFlow } from '../services/assignment';
import { withRefusals } from '../shared/errors';

type Options = { rule?: number | string | null; match_only?: boolean | string; pool?: number | string | null; dry_run?: boolean | string };

/** The lead-pool-assign flow operation: assigns the trigger's customers, or a pool's (services/assignment). */
export default defineOperationApi<Options>({
	id: 'lead-pool-assign',
	handler: async (options, { data, database, accountability, services, getSchema }) => {
		const knex = database as unknown as Knex;
		const flow = { trigger: (data as any)?.$trigger, options };
		return withRefusals(knex, (accountability as any)?.user, () => assignFromFlow(knex, accountability as any, flow, { services, getSchema }));
	},
});
