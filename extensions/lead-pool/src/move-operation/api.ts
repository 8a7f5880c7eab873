import { defineOperationApi } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { triggerKeys } from '../core/trigger';
import { invalid, RefusalError } from '../core/refusals';
import { callerOf } from '../services/actors';
import { moveCustomers } from '../services/moves';
import { withRefusals } from '../shared/errors';

/**
 * "Move to pool": the selected customers to the pool picked in the flow's dialog, with its reason — the same service
 * as POST /lead-pool/move (services/moves: managers any, pool admins between their pools, all or nothing).
 */
export default defineOperationApi<{ to_pool?: number | null }>({
	id: 'lead-pool-move',
	handler: async (options, { data, database, accountability }) => {
		const knex = database as unknown as Knex;
		const trigger = (data as any)?.$trigger;
		const user: string | null = (accountability as any)?.user ?? null;
		return withRefusals(knex, user, async () => {
			const caller = await callerOf(knex, accountability as any);
			const keys = triggerKeys(trigger) ?? [];
			const toPool = Number(options?.to_pool ?? trigger?.body?.to_pool);
			const reason = typeof trigger?.body?.reason === 'string' ? trigger.body.reason.trim() : '';
			if (!Number.isInteger(toPool) || toPool <= 0) throw new RefusalError(invalid('Pick the pool to move the customers to.', '请选择要移入的公海。', 'to_pool'));
			if (!reason) throw new RefusalError(invalid('Say why the customers move: fill in the reason.', '请填写移动原因。', 'reason'));
			if (keys.length === 0) return { moved: [] };
			return moveCustomers(knex, caller, { keys, toPool, reason });
		});
	},
});
