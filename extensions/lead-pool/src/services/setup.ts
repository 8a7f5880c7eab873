import type { Db } from '../data/dialects';
import { ensureGuards } from '../data/schema/guards';
import { backfillWins, releaseHistoryReferences } from '../data/schema/history';
import { ensureIndexes } from '../data/schema/indexes';
import { missingParts, type MissingPart } from '../data/schema/install-check';
import { backfillCustomerKeys, customersPendingKeys, customersWithoutKeys } from '../data/schema/keys';
import { ensureRollups } from '../data/schema/rollups';
import { ensureEpochs } from '../data/epochs';
import { ensureSearchIndexes, suspendSearchUpkeep } from '../data/schema/search-indexes';

export interface DatabaseSetup {
	/** what was created, e.g. "index crm_customers_owner_stage_idx", "trigger crm_customers_keep_on_delete" */
	indexes_created: string[];
	keys_backfilled: number;
	/** customers still without keys when the backfill's time ran out: the next run continues with them */
	keys_pending: number;
	/** customers won before wins were events, given their `won` event */
	wins_backfilled: number;
	/** references of the history that lost the foreign key an earlier install gave them (data/schema/history) */
	references_released: string[];
	/** optional parts this database did not take, with what that costs */
	missing: MissingPart[];
}

/** Above this many customers without keys, the search index is rebuilt once after the backfill, not row by row. */
const BULK_BACKFILL = 1000;

/**
 * The database-level part of setup, which a schema snapshot cannot express: composite indexes, guards, the search
 * indexes, the duplicate-check keys of existing rows and the reports' rollups. Only adds what is missing; safe to run any number of times.
 * Used by POST /lead-pool/setup and by the `directus lead-pool setup` CLI command.
 */
export async function prepareDatabase(db: Db, opts: { backfill?: boolean; backfillSeconds?: number } = {}): Promise<DatabaseSetup> {
	// first: on SQLite dropping a foreign key rebuilds the table, and the indexes and guards below are then checked
	const released = await releaseHistoryReferences(db);
	const created = [...(await ensureIndexes(db)), ...(await ensureGuards(db)), ...(await ensureEpochs(db))];
	// the key backfill can take minutes on a large table written around Lead Pool: setup does it, not every start
	const backfill = opts.backfill ?? true;
	if (backfill && (await customersWithoutKeys(db)) > BULK_BACKFILL) await suspendSearchUpkeep(db);
	// in an HTTP request the backfill gets a time budget (a proxy would cut a long request off); the CLI none
	const deadline = opts.backfillSeconds === undefined ? Infinity : Date.now() + opts.backfillSeconds * 1000;
	const backfilled = backfill ? await backfillCustomerKeys(db, 2000, deadline) : 0;
	const pending = backfill && Date.now() >= deadline ? await customersPendingKeys(db) : 0;
	const wins = await backfillWins(db);
	// after the backfill, so the keys are indexed once rather than row by row
	created.push(...(await ensureSearchIndexes(db)));
	// filled from every event so far while event writes wait (a minute at tens of millions): setup, not every start
	if (backfill) created.push(...(await ensureRollups(db)));
	return { indexes_created: created, keys_backfilled: backfilled, keys_pending: pending, wins_backfilled: wins, references_released: released, missing: await missingParts(db) };
}
