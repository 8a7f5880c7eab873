import type { Knex } from 'knex';
import { ensureGuards } from '../data/guards';
import { ensureIndexes } from '../data/indexes';
import { missingParts, type MissingPart } from '../data/install-check';
import { backfillCustomerKeys, customersWithoutKeys } from '../data/keys';
import { clearSearchSupportCache, ensureSearchIndexes, suspendSearchUpkeep } from '../data/search-indexes';

export interface DatabaseSetup {
	/** what was created, e.g. "index crm_customers_owner_stage_idx", "trigger crm_customers_keep_on_delete" */
	indexes_created: string[];
	keys_backfilled: number;
	/** optional parts this database did not take, with what that costs */
	missing: MissingPart[];
}

/**
 * The database-level part of setup, which a schema snapshot cannot express: composite indexes, guards, the search
 * indexes and the duplicate-check keys of existing rows. Only adds what is missing; safe to run any number of times.
 * Used by POST /lead-pool/setup and by the `directus lead-pool setup` CLI command.
 */
export async function prepareDatabase(knex: Knex): Promise<DatabaseSetup> {
	const created = [...(await ensureIndexes(knex)), ...(await ensureGuards(knex))];
	if ((await customersWithoutKeys(knex)) > 1000) await suspendSearchUpkeep(knex);
	const backfilled = await backfillCustomerKeys(knex);
	// after the backfill, so the keys are indexed once rather than row by row
	created.push(...(await ensureSearchIndexes(knex)));
	clearSearchSupportCache();
	return { indexes_created: created, keys_backfilled: backfilled, missing: await missingParts(knex) };
}
