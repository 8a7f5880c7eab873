import { dialect, type Db, type SearchSupport } from '../dialects';

/**
 * Indexes that make "a keyword anywhere in the name" fast without scanning the table: on PostgreSQL pg_trgm and
 * character-pair GIN indexes and a C-collation index for prefixes, on SQLite an FTS5 trigram table kept in step by
 * triggers (the statements are the dialect's). Idempotent; the duplicate search asks `searchSupport` which exist.
 */
export async function ensureSearchIndexes(db: Db): Promise<string[]> {
	if (!(await db.schema.hasTable('crm_customers'))) return [];
	return dialect(db).ensureSearchIndexes();
}

/**
 * Before filling keys of many rows at once: set the per-row upkeep of the search index aside; `ensureSearchIndexes`
 * puts it back and rebuilds the index in one pass afterwards.
 */
export async function suspendSearchUpkeep(db: Db): Promise<boolean> {
	return dialect(db).suspendSearchUpkeep();
}

/** Which search structures this database has (cached per process for half a minute). */
export async function searchSupport(db: Db): Promise<SearchSupport> {
	return dialect(db).searchSupport();
}
