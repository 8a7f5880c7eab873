import { CAPPED_STAGES } from '../../core/quota';
import { dialect, type Db } from '../dialects';

/**
 * Composite and partial indexes the ownership, quota, reclaim, report and duplicate rules filter by. Single-column
 * indexes come from the schema snapshot (`is_indexed`); these cannot be expressed there, so setup creates them here.
 * `where`: a partial index (only the rows it admits take an entry); `orWholeTable`: without partial indexes (MySQL),
 * index every row instead of none.
 */
/** A customer some stored key is missing for: the backfill's condition, and the predicate of its partial index. */
export const KEYS_MISSING = 'name_key IS NULL OR (phone_key IS NULL AND phone IS NOT NULL) OR (email_key IS NULL AND email IS NOT NULL)';

export const COMPOSITE_INDEXES: { name: string; table: string; columns: string[]; where?: string; orWholeTable?: boolean }[] = [
	{ name: 'crm_customers_owner_stage_idx', table: 'crm_customers', columns: ['owner', 'stage'] },
	// what counts against a cap, and only that (PostgreSQL and SQLite; MySQL has no partial index): the cap check of a
	// claim and the caps report read a few thousand entries however many customers the owners hold. Ownership changes of
	// contacted customers and of customers (most of a reclaim) write no entry here.
	{
		name: 'crm_customers_capped_owner_idx',
		table: 'crm_customers',
		columns: ['owner', 'stage'],
		where: `owner IS NOT NULL AND stage IN (${CAPPED_STAGES.map((s) => `'${s}'`).join(', ')})`,
	},
	// the pool-size report counts pool customers by pool and source from this index alone (a claim writes no entry here)
	{ name: 'crm_customers_pool_unowned_idx', table: 'crm_customers', columns: ['pool', 'source'], where: 'owner IS NULL' },
	// each rep's inquiries received this month (the inquiry board, the "most inquiries" and weighted rules): a seq scan of
	// every customer before (2.0 s at 10M). received_by is set when a customer is entered (its owner, else who entered
	// it), so only rows written around Lead Pool stay out of this index
	{
		name: 'crm_customers_received_by_date_idx',
		table: 'crm_customers',
		columns: ['received_by', 'date_created'],
		where: 'received_by IS NOT NULL',
		orWholeTable: true,
	},
	// customers still lacking a stored key (written around Lead Pool): what setup's backfill looks for, and only that. On
	// PostgreSQL the key columns have no index of their own on this table (they are searched in crm_customer_keys)
	{ name: 'crm_customers_keys_missing_idx', table: 'crm_customers', columns: ['id'], where: KEYS_MISSING },
	{ name: 'crm_customers_pool_owner_idx', table: 'crm_customers', columns: ['pool', 'owner'] },
	// reclaim walks a pool in primary-key order, chunk by chunk
	{ name: 'crm_customers_pool_id_idx', table: 'crm_customers', columns: ['pool', 'id'] },
	{ name: 'crm_customers_owner_last_contact_idx', table: 'crm_customers', columns: ['owner', 'last_contact_at'] },
	// the rep's day: their customers due for contact today or overdue
	{ name: 'crm_customers_owner_next_contact_idx', table: 'crm_customers', columns: ['owner', 'next_contact_at'] },
	{ name: 'crm_customers_owner_owned_since_idx', table: 'crm_customers', columns: ['owner', 'owned_since'] },
	// locks whose end has passed, which every reclaim run ends first: a scan of every customer before (0.6 s at 1M). Only
	// locked customers take an entry; a claim or a reclaim (locked false) writes none. MySQL: the whole table (InnoDB
	// writes an entry only when locked_until changes)
	{ name: 'crm_customers_lock_end_idx', table: 'crm_customers', columns: ['locked_until'], where: 'locked = true', orWholeTable: true },
	{ name: 'crm_customers_prev_owner_released_idx', table: 'crm_customers', columns: ['previous_owner', 'released_at'] },
	{ name: 'crm_follow_ups_customer_contacted_idx', table: 'crm_follow_ups', columns: ['customer', 'contacted_at'] },
	{ name: 'crm_follow_ups_rep_contacted_idx', table: 'crm_follow_ups', columns: ['rep', 'contacted_at'] },
	{ name: 'crm_events_actor_action_date_idx', table: 'crm_events', columns: ['actor', 'action', 'date_created'] },
	{ name: 'crm_events_to_owner_date_idx', table: 'crm_events', columns: ['to_owner', 'date_created'] },
	{ name: 'crm_events_customer_date_idx', table: 'crm_events', columns: ['customer', 'date_created'] },
	{ name: 'crm_performance_rep_date_idx', table: 'crm_performance', columns: ['rep', 'date'] },
	{ name: 'crm_claim_requests_customer_status_idx', table: 'crm_claim_requests', columns: ['customer', 'status'] },
];

/**
 * Single-column indexes earlier installs had (from the snapshot's `is_indexed`) whose column leads a composite index
 * above: no query of the rules plans with them (EXPLAIN at 1M customers, README "Scale"), yet every ownership change
 * writes an entry into each. Setup drops them once the composite that covers them exists.
 */
export const REDUNDANT_INDEXES: { name: string; table: string; coveredBy: string }[] = [
	{ name: 'crm_customers_owner_index', table: 'crm_customers', coveredBy: 'crm_customers_owner_stage_idx' },
	{ name: 'crm_customers_pool_index', table: 'crm_customers', coveredBy: 'crm_customers_pool_id_idx' },
	{ name: 'crm_customers_previous_owner_index', table: 'crm_customers', coveredBy: 'crm_customers_prev_owner_released_idx' },
	// every ownership change appends an event and a reclaim of a million appends a million: fewer entries each
	{ name: 'crm_events_customer_index', table: 'crm_events', coveredBy: 'crm_events_customer_date_idx' },
	{ name: 'crm_events_actor_index', table: 'crm_events', coveredBy: 'crm_events_actor_action_date_idx' },
	{ name: 'crm_events_to_owner_index', table: 'crm_events', coveredBy: 'crm_events_to_owner_date_idx' },
	{ name: 'crm_follow_ups_customer_index', table: 'crm_follow_ups', coveredBy: 'crm_follow_ups_customer_contacted_idx' },
	{ name: 'crm_follow_ups_rep_index', table: 'crm_follow_ups', coveredBy: 'crm_follow_ups_rep_contacted_idx' },
];

/**
 * Create the composite indexes that are missing and drop the redundant single-column ones; returns what it did
 * ("crm_customers_owner_stage_idx", "dropped crm_customers_owner_index"). Safe to run any number of times.
 */
export async function ensureIndexes(db: Db): Promise<string[]> {
	const created: string[] = [];
	const d = dialect(db);
	for (const index of COMPOSITE_INDEXES) {
		if (!(await db.schema.hasTable(index.table))) continue;
		if (await d.indexExists(index.table, index.name)) continue;
		// without partial indexes (MySQL): the whole table where asked, else none
		if (index.where && !d.partialIndexes && !index.orWholeTable) continue;
		try {
			if (index.where && d.partialIndexes) {
				// the predicate is a constant of this file, not input
				await db.raw(`CREATE INDEX ?? ON ?? (${index.columns.map(() => '??').join(', ')}) WHERE ${index.where}`, [index.name, index.table, ...index.columns]);
			} else {
				await db.schema.alterTable(index.table, (table) => {
					table.index(index.columns, index.name);
				});
			}
		} catch (error) {
			// another instance's start (or setup) made it at the same moment: it is there, which is all this asks
			if (await d.indexExists(index.table, index.name)) continue;
			throw error;
		}
		created.push(index.name);
	}
	for (const index of REDUNDANT_INDEXES) {
		if (!(await d.indexExists(index.table, index.name)) || !(await d.indexExists(index.table, index.coveredBy))) continue;
		await db.schema.alterTable(index.table, (table) => {
			table.dropIndex([], index.name);
		});
		created.push(`dropped ${index.name}`);
	}
	return created;
}
