import { dialect, type Db } from '../dialects';

/**
 * Rollups that keep the activity, time-to-claim and pool-size reports from counting every row of their window:
 * events per UTC hour, one row per stay of a customer in a pool with its first take, and customers without an owner
 * per pool and source. The database keeps them in step with crm_events and crm_customers inside each writing
 * statement (PostgreSQL: statement-level triggers); where the vendor has none, the reports count the rows themselves.
 * Idempotent; `rebuild` fills them again from the events and customers.
 */
export async function ensureRollups(db: Db, opts: { rebuild?: boolean } = {}): Promise<string[]> {
	if (!(await db.schema.hasTable('crm_events'))) return [];
	return dialect(db).ensureRollups(opts);
}

/** Whether the reports can read the rollups (cached per process for half a minute). */
export async function rollupsKept(db: Db): Promise<boolean> {
	return dialect(db).rollups();
}

/** Merge the rows a key of the hourly rollup gathered (each writing statement appends its own). */
export async function compactRollups(db: Db): Promise<number> {
	return dialect(db).compactRollups();
}
