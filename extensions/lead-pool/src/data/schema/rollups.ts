import { dialect, type Db } from '../dialects';

/**
 * Rollups of the audit trail that keep the activity and time-to-claim reports from counting every event of their
 * window: events per UTC hour, and one row per stay of a customer in a pool with its first take. The database keeps
 * them in step with crm_events inside each writing statement (PostgreSQL: statement-level triggers); where the
 * vendor has none, the reports read the events themselves. Idempotent; `rebuild` fills them again from the events.
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
