import knexFactory, { type Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type DbKind = 'sqlite' | 'postgres';

export interface TestDatabase {
	kind: DbKind;
	/** what instanceEnv() takes */
	db: { client: 'sqlite3'; filename: string } | { client: 'pg'; database: string; host: string; port: number; user: string };
	dir: string;
	drop(): Promise<void>;
}

export const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres', adminDatabase: process.env.PGDATABASE ?? 'test' };

/** A throw-away database: a SQLite file in a temp folder, or a PostgreSQL database created here and dropped after. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
	const dir = mkdtempSync(path.join(tmpdir(), `lead-pool-${kind}-`));
	if (kind === 'sqlite') {
		return { kind, db: { client: 'sqlite3', filename: path.join(dir, 'data.db') }, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
	}
	const database = `lead_pool_test_${randomBytes(5).toString('hex')}`;
	const admin = knexFactory({ client: 'pg', connection: { host: PG.host, port: PG.port, user: PG.user, database: PG.adminDatabase } });
	try {
		await admin.raw('CREATE DATABASE ??', [database]);
	} finally {
		await admin.destroy();
	}
	return {
		kind,
		db: { client: 'pg', database, host: PG.host, port: PG.port, user: PG.user },
		dir,
		drop: async () => {
			const conn = knexFactory({ client: 'pg', connection: { host: PG.host, port: PG.port, user: PG.user, database: PG.adminDatabase } });
			try {
				await conn.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [database]);
			} finally {
				await conn.destroy();
			}
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** A knex connection to a test database, for assertions that must look below the API (indexes, raw rows). */
export function connect(db: TestDatabase['db']): Knex {
	if (db.client === 'sqlite3') {
		return knexFactory({
			client: 'sqlite3',
			connection: { filename: db.filename },
			useNullAsDefault: true,
			pool: { min: 1, max: 1, afterCreate: (conn: any, done: any) => conn.run('PRAGMA busy_timeout = 10000', done) },
		});
	}
	return knexFactory({ client: 'pg', connection: { host: db.host, port: db.port, user: db.user, database: db.database }, pool: { min: 0, max: 4 } });
}
