import type { Knex } from 'knex';
import { dialectOf } from './db';

/**
 * Indexes that make "a keyword anywhere in the name" fast without scanning the table:
 * - PostgreSQL: `pg_trgm` GIN indexes on the stored name and phone keys (keywords of 3+ characters) and a GIN index
 *   on the name key's character pairs (2-character keywords, which trigrams cannot serve, e.g. "华尔"). Where the
 *   extension cannot be created (no contrib package, no right to create it) the pairs index alone serves every
 *   length, and the check still answers correctly.
 * - SQLite: an FTS5 table with the trigram tokenizer over the name and phone keys, kept in step by triggers.
 * Statements are constants; nothing here is built from input. Idempotent.
 */
export async function ensureSearchIndexes(knex: Knex): Promise<string[]> {
	const created: string[] = [];
	if (!(await knex.schema.hasTable('crm_customers'))) return created;
	const dialect = dialectOf(knex);
	if (dialect === 'pg') {
		if (!(await hasFunction(knex, 'lead_pool_pairs'))) {
			// every distinct pair of neighbouring characters of a key, e.g. 华尔太 → {华尔, 尔太}
			await knex.raw(`CREATE OR REPLACE FUNCTION lead_pool_pairs(value text) RETURNS text[] AS $$
				SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}'::text[])
				FROM generate_series(1, greatest(length(value) - 1, 0)) AS i
			$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE`);
			created.push('function lead_pool_pairs');
		}
		if (!(await pgIndexExists(knex, 'crm_customers_name_pairs_idx'))) {
			await knex.raw('CREATE INDEX IF NOT EXISTS crm_customers_name_pairs_idx ON crm_customers USING gin (lead_pool_pairs(name_key))');
			created.push('index crm_customers_name_pairs_idx');
		}
		if (await ensureTrgm(knex)) {
			if (!(await pgIndexExists(knex, 'crm_customers_name_trgm_idx'))) {
				await knex.raw('CREATE INDEX IF NOT EXISTS crm_customers_name_trgm_idx ON crm_customers USING gin (name_key gin_trgm_ops)');
				created.push('index crm_customers_name_trgm_idx');
			}
			if (!(await pgIndexExists(knex, 'crm_customers_phone_trgm_idx'))) {
				await knex.raw('CREATE INDEX IF NOT EXISTS crm_customers_phone_trgm_idx ON crm_customers USING gin (phone_key gin_trgm_ops)');
				created.push('index crm_customers_phone_trgm_idx');
			}
		}
		if (!(await pgIndexExists(knex, 'crm_customers_name_key_c_idx'))) {
			// prefix matches in key order from the index, whatever the database's collation
			await knex.raw('CREATE INDEX IF NOT EXISTS crm_customers_name_key_c_idx ON crm_customers ((name_key COLLATE "C"), id)');
			created.push('index crm_customers_name_key_c_idx');
		}
	} else if (dialect === 'sqlite') {
		let table = await knex('sqlite_master').where({ type: 'table', name: 'crm_customers_keys_fts' }).first();
		if (table && !String(table.sql).includes('case_sensitive 0')) {
			// keys are lower case already; only a case-insensitive trigram table serves LIKE from its index
			await suspendSearchUpkeep(knex);
			await knex.raw('DROP TABLE crm_customers_keys_fts');
			table = undefined;
		}
		if (!table && (await sqliteHasTrigram(knex))) {
			await knex.raw(`CREATE VIRTUAL TABLE crm_customers_keys_fts USING fts5(name_key, phone_key, content='crm_customers', content_rowid='id', tokenize='trigram case_sensitive 0')`);
			await knex.raw(`INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts) VALUES ('rebuild')`);
			created.push('fts5 crm_customers_keys_fts');
		}
		if (table || created.length > 0) {
			// the triggers go when Directus rebuilds the table for a schema change; setup puts them back
			for (const [name, sql] of SQLITE_TRIGGERS) {
				const trigger = await knex('sqlite_master').where({ type: 'trigger', name }).first();
				if (trigger) continue;
				await knex.raw(sql);
				created.push(`trigger ${name}`);
			}
			if (!created.includes('fts5 crm_customers_keys_fts') && created.length > 0) {
				await knex.raw(`INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts) VALUES ('rebuild')`);
			}
		}
	}
	return created;
}

/**
 * Before filling keys of many rows at once on SQLite: drop the FTS upkeep triggers (one index write per row) and let
 * `ensureSearchIndexes` put them back and rebuild the index in one pass afterwards.
 */
export async function suspendSearchUpkeep(knex: Knex): Promise<boolean> {
	if (dialectOf(knex) !== 'sqlite') return false;
	const existing = await knex('sqlite_master').where({ type: 'trigger' }).whereIn('name', SQLITE_TRIGGERS.map(([name]) => name)).pluck('name');
	for (const name of existing) await knex.raw(`DROP TRIGGER IF EXISTS ${SQLITE_TRIGGERS.find(([n]) => n === name)![0]}`);
	return existing.length > 0;
}

const SQLITE_TRIGGERS: [string, string][] = [
	[
		'crm_customers_keys_fts_insert',
		`CREATE TRIGGER IF NOT EXISTS crm_customers_keys_fts_insert AFTER INSERT ON crm_customers BEGIN
			INSERT INTO crm_customers_keys_fts(rowid, name_key, phone_key) VALUES (NEW.id, NEW.name_key, NEW.phone_key);
		END`,
	],
	[
		'crm_customers_keys_fts_delete',
		`CREATE TRIGGER IF NOT EXISTS crm_customers_keys_fts_delete AFTER DELETE ON crm_customers BEGIN
			INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts, rowid, name_key, phone_key) VALUES ('delete', OLD.id, OLD.name_key, OLD.phone_key);
		END`,
	],
	[
		'crm_customers_keys_fts_update',
		`CREATE TRIGGER IF NOT EXISTS crm_customers_keys_fts_update AFTER UPDATE OF name_key, phone_key ON crm_customers BEGIN
			INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts, rowid, name_key, phone_key) VALUES ('delete', OLD.id, OLD.name_key, OLD.phone_key);
			INSERT INTO crm_customers_keys_fts(rowid, name_key, phone_key) VALUES (NEW.id, NEW.name_key, NEW.phone_key);
		END`,
	],
];

/** Which search structures this database has; the duplicate query picks its plan from this. Cached per process. */
export interface SearchSupport {
	trgm: boolean;
	pairs: boolean;
	fts: boolean;
	prefix: boolean;
}

let supportCache: { at: number; value: SearchSupport } | null = null;

export async function searchSupport(knex: Knex): Promise<SearchSupport> {
	if (supportCache && Date.now() - supportCache.at < 30_000) return supportCache.value;
	const dialect = dialectOf(knex);
	const value: SearchSupport = { trgm: false, pairs: false, fts: false, prefix: false };
	if (dialect === 'pg') {
		value.trgm = await pgIndexExists(knex, 'crm_customers_name_trgm_idx');
		value.pairs = await pgIndexExists(knex, 'crm_customers_name_pairs_idx');
		value.prefix = await pgIndexExists(knex, 'crm_customers_name_key_c_idx');
	} else if (dialect === 'sqlite') {
		value.fts = !!(await knex('sqlite_master').where({ type: 'trigger', name: 'crm_customers_keys_fts_insert' }).first());
	}
	supportCache = { at: Date.now(), value };
	return value;
}

export function clearSearchSupportCache(): void {
	supportCache = null;
}

async function ensureTrgm(knex: Knex): Promise<boolean> {
	if (await knex('pg_extension').where({ extname: 'pg_trgm' }).first()) return true;
	const available = await knex('pg_available_extensions').where({ name: 'pg_trgm' }).first();
	if (!available) return false;
	try {
		await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
		return true;
	} catch {
		// not allowed to create extensions: the pairs index serves every keyword length
		return false;
	}
}

async function hasFunction(knex: Knex, name: string): Promise<boolean> {
	return !!(await knex('pg_proc').where({ proname: name }).first());
}

async function pgIndexExists(knex: Knex, name: string): Promise<boolean> {
	return !!(await knex('pg_indexes').where({ indexname: name }).first());
}

async function sqliteHasTrigram(knex: Knex): Promise<boolean> {
	try {
		await knex.raw(`CREATE VIRTUAL TABLE temp.lead_pool_trigram_probe USING fts5(x, tokenize='trigram')`);
		await knex.raw('DROP TABLE temp.lead_pool_trigram_probe');
		return true;
	} catch {
		return false;
	}
}
