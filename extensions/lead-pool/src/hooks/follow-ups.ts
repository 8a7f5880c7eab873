import type { Knex } from 'knex';
import { withRefusals } from '../shared/errors';
import { editFollowUps, logFollowUp } from '../services/follow-ups';
import type { Register } from './register';


/** Follow-ups: a rep logs contact on their own customers (or claims by it), edits only their own (services/follow-ups). */
export function registerFollowUpHooks({ filter }: Register, database: Knex) {
	filter('crm_follow_ups.items.create', (input: Record<string, unknown>, _meta: unknown, context: any) => {
		const db: Knex = context.database ?? database;
		return withRefusals(db, context.accountability?.user, () => logFollowUp(db, context.accountability, input));
	});

	filter('crm_follow_ups.items.update', (input: Record<string, unknown>, meta: any, context: any) => {
		const db: Knex = context.database ?? database;
		return withRefusals(db, context.accountability?.user, () => editFollowUps(db, context.accountability, meta?.keys ?? [], input));
	});
}
