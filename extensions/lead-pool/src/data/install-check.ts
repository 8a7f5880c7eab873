import type { Knex } from 'knex';
import { dialectOf } from './db';
import { searchSupport } from './search-indexes';

/** A part of the install this database did not take: what, why, what the instance loses, how to add it. */
export interface MissingPart {
	part: string;
	reason: string;
	cost: string;
	fix?: string;
}

/**
 * What setup could not install on this database, read back from the database after setup ran (so it also notices a
 * part a `schema apply` or a restore left out). The database objects are looked up by the names setup gives them on
 * every database; a dialect that gains one of them only has to create it under that name.
 */
export async function missingParts(knex: Knex): Promise<MissingPart[]> {
	if (!(await knex.schema.hasTable('crm_customers'))) return [];
	const dialect = dialectOf(knex);
	const missing: MissingPart[] = [];
	const has = await guardObjects(knex);
	if (!has.has('crm_customers_keep_on_delete')) {
		missing.push({
			part: 'delete guard (trigger crm_customers_keep_on_delete)',
			reason: `not available on ${dialect === 'mysql' ? 'MySQL/MariaDB' : 'this database'} yet`,
			cost: 'a DELETE still returns customers to their pool first, but the database itself does not keep the rows: a DELETE that bypasses Directus removes customers with their follow-ups.',
		});
	}
	if (!has.has('crm_customers_import_guard')) {
		missing.push({
			part: 'import guard (trigger crm_customers_import_guard)',
			reason: `not available on ${dialect === 'mysql' ? 'MySQL/MariaDB' : 'this database'} yet`,
			cost: 'imports in "skip" or "merge" mode can fail instead of skipping or merging the duplicate rows.',
		});
	}
	if (!has.has('crm_claim_requests_one_pending')) {
		missing.push({
			part: 'one pending claim request per customer (unique index crm_claim_requests_one_pending)',
			reason: `not available on ${dialect === 'mysql' ? 'MySQL/MariaDB' : 'this database'} yet`,
			cost: 'two requests for one customer filed at the same moment can both stay pending.',
		});
	}
	const search = await searchSupport(knex);
	if (dialect === 'pg' && !search.trgm) {
		const available = await knex('pg_available_extensions').where({ name: 'pg_trgm' }).first();
		missing.push({
			part: 'pg_trgm trigram indexes for the duplicate check',
			reason: available
				? 'the database user may not create the pg_trgm extension (it needs CREATE on the database, as managed PostgreSQL services often withhold)'
				: 'the pg_trgm extension is not available on this PostgreSQL server (the contrib package is missing)',
			cost: 'names are still found through the character-pairs index, but a phone-number fragment reads the whole customers table (about 380 ms instead of 55 ms at 100,000 customers, growing with the table).',
			fix: 'as a superuser or the database owner run `CREATE EXTENSION pg_trgm;` in this database, then run setup again: it adds the indexes.',
		});
	}
	if (dialect === 'sqlite' && !search.fts) {
		missing.push({
			part: 'FTS5 trigram index for the duplicate check',
			reason: 'this SQLite has no FTS5 trigram tokenizer (it needs SQLite 3.34 or newer built with FTS5)',
			cost: 'a keyword inside a name or phone number is searched by reading the customers table beyond the newest ones.',
		});
	}
	if (dialect === 'mysql' || dialect === 'other') {
		missing.push({
			part: 'search index for keywords inside names and phone numbers',
			reason: 'not available on this database yet',
			cost: 'the duplicate check finds exact and prefix matches from indexes, but a keyword inside a name or phone number reads the customers table beyond the newest 5,000 (slower as it grows).',
		});
	}
	return missing;
}

/** Names of the triggers and indexes of crm_customers and crm_claim_requests that exist. */
async function guardObjects(knex: Knex): Promise<Set<string>> {
	const dialect = dialectOf(knex);
	let names: string[] = [];
	if (dialect === 'sqlite') {
		names = await knex('sqlite_master').whereIn('type', ['trigger', 'index']).whereIn('tbl_name', ['crm_customers', 'crm_claim_requests']).pluck('name');
	} else if (dialect === 'pg') {
		const triggers = await knex('pg_trigger').whereIn('tgname', ['crm_customers_keep_on_delete', 'crm_customers_import_guard']).pluck('tgname');
		const indexes = await knex('pg_indexes').where({ indexname: 'crm_claim_requests_one_pending' }).pluck('indexname');
		names = [...triggers, ...indexes];
	} else if (dialect === 'mysql') {
		const triggers = await knex('information_schema.triggers').where({ trigger_schema: knex.raw('database()') }).pluck('trigger_name');
		const indexes = await knex('information_schema.statistics').where({ table_schema: knex.raw('database()'), table_name: 'crm_claim_requests' }).pluck('index_name');
		names = [...triggers, ...indexes];
	}
	return new Set(names.map(String));
}
