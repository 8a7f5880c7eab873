import type { Knex } from 'knex';
import { checkPoolsDeletable, checkUsersDeletable } from '../services/deletes';
import { withRefusals } from '../shared/errors';
import type { Register } from './register';


/** Deleting a pool that holds customers, or a user who owns customers, is refused (services/deletes). */
export function registerDeleteGuards({ filter }: Register, database: Knex) {
	const guard = (event: string, check: (db: Knex, keys: (number | string)[]) => Promise<void>) =>
		filter(event, async (keys: (number | string)[], _meta: unknown, context: any) => {
			const db: Knex = context?.database ?? database;
			await withRefusals(db, context?.accountability?.user, () => check(db, Array.isArray(keys) ? keys : [keys]));
			return keys;
		});
	guard('crm_pools.items.delete', checkPoolsDeletable);
	guard('users.delete', checkUsersDeletable);
}
