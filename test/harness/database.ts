import knexFactory, { type Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type DbKind = 'sqlite' | 'postgres' | 'mariadb';

export interface TestDatabase {
	kind: DbKind;
	/** what instanceEnv() takes */
	db:
		| { client: 'sqlite3'; filename: string }
		| { client: 'pg'; database: string; host: string; port: number; user: string }
		| { client: 'mysql'; database: string; host: string; port: number; user: string; password: string };
	dir: string;
	drop(): Promise<void>;
}

export const PG = { host: process.env.PGHOST ?? '127.0.0.1', port: Number(process.env.PGPORT ?? 5432), user: process.env.PGUSER ?? 'postgres', adminDatabase: process.env.PGDATABASE ?? 'test' };
/** The machine's MariaDB 10.11 (Debian's MySQL): root with an empty password, as on every machine and in CI. */
export const MARIADB = { host: process.env.MYSQL_HOST ?? '127.0.0.1', port: Number(process.env.MYSQL_PORT ?? 3306), user: process.env.MYSQL_USER ?? 'root', password: process.env.MYSQL_PASSWORD ?? '' };

/** A throw-away database: a SQLite file in a temp folder, or a PostgreSQL or MariaDB database created here and dropped after. */
export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
	const dir = mkdtempSync(path.join(tmpdir(), `lead-pool-${kind}-`));
	if (kind === 'sqlite') {
		return { kind, db: { client: 'sqlite3', filename: path.join(dir, 'data.db') }, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
	}
	if (kind === 'mariadb') {
		const database = `lead_pool_test_${randomBytes(5).toString('hex')}`;
		const server = () => knexFactory({ client: 'mysql2', connection: { host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, password: MARIADB.password } });
		const admin = server();
		try {
			// utf8mb4 with a case-insensitive Unicode collation, what Directus expects of a MySQL database
			await admin.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [database]);
		} finally {
			await admin.destroy();
		}
		return {
			kind,
			db: { client: 'mysql', database, ...MARIADB },
			dir,
			drop: async () => {
				const conn = server();
				try {
					await conn.raw('DROP DATABASE IF EXISTS ??', [database]);
				} finally {
					await conn.destroy();
				}
				rmSync(dir, { recursive: true, force: true });
			},
		};
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
	if (db.client === 'mysql') {
		return knexFactory({ client: 'mysql2', connection: { host: db.host, port: db.port, user: db.user, password: db.password, database: db.database }, pool: { min: 0, max: 4 } });
	}
	return knexFactory({ client: 'pg', connection: { host: db.host, port: db.port, user: db.user, database: db.database }, pool: { min: 0, max: 4 } });
}
