import { EVENT, WIN_EVENTS } from '../../core/events';
import { dialect, type Db } from '../dialects';

/**
 * References from the history (the audit trail, follow-ups, performance entries, claim requests) to people and
 * pools that must outlive them: the id stays when the user or pool is deleted, so events keep their actors and
 * performance entries and follow-ups keep their rep. Directus shows them as relations; the database keeps no foreign
 * key on them (a foreign key would null them or delete the rows). Customers' own references keep theirs: deleting a
 * user who owns customers or a pool that holds customers is refused before it reaches the database.
 */
export const HISTORY_REFERENCES: readonly (readonly [table: string, column: string])[] = [
	['crm_events', 'actor'],
	['crm_events', 'from_owner'],
	['crm_events', 'to_owner'],
	['crm_events', 'pool'],
	['crm_follow_ups', 'rep'],
	['crm_performance', 'rep'],
	['crm_claim_requests', 'requester'],
	['crm_claim_requests', 'reviewer'],
];

/** Drop the foreign keys an earlier install put on the history's references; answers which it dropped. */
export async function releaseHistoryReferences(db: Db): Promise<string[]> {
	const released: string[] = [];
	for (const [table, column] of HISTORY_REFERENCES) {
		if (!(await db.schema.hasTable(table))) continue;
		if (await dialect(db).dropForeignKey(table, column)) released.push(`${table}.${column}`);
	}
	return released;
}

/**
 * Deals won are counted from events (core/events stageEvent). Customers won before that have a conversion stamp and
 * no event: on the first setup that counts from events (none recorded yet), each gets its `won` event for its owner,
 * dated when it was converted.
 */
export async function backfillWins(db: Db): Promise<number> {
	if (!(await db.schema.hasTable('crm_events')) || !(await db.schema.hasTable('crm_customers'))) return 0;
	if (await db('crm_events').first('id').whereIn('action', WIN_EVENTS as string[])) return 0;
	const rows = await db('crm_customers as c')
		.select('c.id', 'c.owner', 'c.pool', 'c.converted_at')
		.where('c.stage', 'customer')
		.whereNotNull('c.owner')
		.whereNotNull('c.converted_at')
		.whereNotExists(db('crm_events as e').select('e.id').whereRaw('e.customer = c.id').whereIn('e.action', WIN_EVENTS as string[]));
	const events = rows.map((r: any) => ({
		customer: r.id,
		action: EVENT.won,
		from_owner: r.owner,
		to_owner: r.owner,
		pool: r.pool ?? null,
		actor: null,
		reason: 'Won before deals were counted from events · 按事件统计成交之前的成交',
		details: null,
		date_created: r.converted_at,
	}));
	for (let i = 0; i < events.length; i += 500) await db('crm_events').insert(events.slice(i, i + 500));
	return events.length;
}
