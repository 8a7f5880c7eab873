import { defineOperationApi } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { runAssignment } from '../services/assignment';
import { triggerKeys } from '../core/trigger';

type Options = { rule?: number | string | null; match_only?: boolean; pool?: number | string | null; dry_run?: boolean };

/**
 * The customers come from the trigger: an event trigger on customer creation ($trigger.key / keys), a manual trigger
 * on the collection page ($trigger.body.keys), or none (a schedule), when the pool option names whose unowned
 * customers to assign.
 */
export default defineOperationApi<Options>({
	id: 'lead-pool-assign',
	handler: async (options, { data, database, accountability, services, getSchema }) => {
		const keys = triggerKeys((data as any)?.$trigger);
		const rule = options.rule === null || options.rule === undefined || options.rule === '' ? undefined : Number(options.rule);
		const pool = options.pool === null || options.pool === undefined || options.pool === '' ? undefined : Number(options.pool);
		if (!keys && pool === undefined) return { assigned: 0, left_in_pool: 0, skipped: [], decisions: [], note: 'no customers in the trigger and no pool set' };
		return runAssignment(database as unknown as Knex, {
			keys: keys ?? undefined,
			pool,
			ruleId: rule,
			matchOnly: options.match_only !== false,
			dryRun: options.dry_run === true,
			actor: (accountability as any)?.user ?? null,
			services,
			getSchema,
		});
	},
});
