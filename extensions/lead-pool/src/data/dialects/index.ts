import type { Knex } from 'knex';
import type { Dialect, Db } from './types';
import { MysqlDialect } from './mysql';
import { PostgresDialect } from './postgres';
import { SqliteDialect } from './sqlite';

export type { Db, Dialect, Fragment, MissingPart, SearchSupport } from './types';

/** Directus's DB_CLIENT values (and knex's client names) per vendor file. */
const VENDORS: { clients: string[]; make: (db: Db) => Dialect }[] = [
	{ clients: ['sqlite3', 'better-sqlite3'], make: (db) => new SqliteDialect(db) },
	{ clients: ['pg', 'postgres', 'postgresql', 'cockroachdb'], make: (db) => new PostgresDialect(db) },
	{ clients: ['mysql', 'mysql2'], make: (db) => new MysqlDialect(db) },
];

/**
 * The helpers of the database `db` runs on, bound to `db` (a connection or a transaction), as Directus's
 * `getHelpers(knex)`: `dialect(trx).lockReps(ids)`.
 */
export function dialect(db: Db): Dialect {
	const client = String(db.client.config.client);
	const vendor = VENDORS.find((v) => v.clients.includes(client));
	if (!vendor) throw new Error(`Lead Pool does not support the database client "${client}" (SQLite, PostgreSQL and MySQL are supported)`);
	return vendor.make(db);
}

/** One transaction of Lead Pool's, begun as the vendor's dialect says (READ COMMITTED on MySQL). */
export function transaction<T>(db: Db, scope: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
	return db.transaction(scope, dialect(db).transactionConfig);
}
