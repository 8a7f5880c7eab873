import { defineOperationApi } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { assignFromFlow } from '../services/assignment';
import { withRefusals } from '../shared/errors';

import type { FlowOptions } from '../services/assignment';

/** The lead-pool-assign flow operation: assigns the trigger's customers, or a pool's (services/assignment). */
export default defineOperationApi<FlowOptions>({
	id: 'lead-pool-assign',
	handler: async (options, { data, database, accountability, services, getSchema }) => {
		const knex = database as unknown as Knex;
		const flow = { trigger: (data as any)?.$trigger, options };
		const caller = accountability as any;
		return withRefusals(knex, caller?.user, () => assignFromFlow(knex, caller, flow, { services, getSchema }));
	},
});
