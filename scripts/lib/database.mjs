// A knex connection to a Directus database, described by the same DB_* variables Directus reads.
import knexFactory from 'knex';

/** knex options for the DB_* variables of `env` (sqlite3, pg/postgres, mysql); throws with what is missing. */
export function knexConfigFromEnv(env = process.env) {
	const client = env.DB_CLIENT;
	if (client === 'sqlite3') {
		if (!env.DB_FILENAME) throw new Error('DB_CLIENT=sqlite3 needs DB_FILENAME (the path of the database file)');
		return {
			client: 'sqlite3',
			connection: { filename: env.DB_FILENAME },
			useNullAsDefault: true,
			// Directus has the file open too; wait for its locks instead of failing
			pool: { min: 1, max: 1, afterCreate: (conn, done) => conn.run('PRAGMA busy_timeout = 10000', done) },
		};
	}
	if (client === 'pg' || client === 'postgres' || client === 'mysql') {
		const connection = env.DB_CONNECTION_STRING
			? env.DB_CONNECTION_STRING
			: {
					host: env.DB_HOST ?? '127.0.0.1',
					port: Number(env.DB_PORT ?? (client === 'mysql' ? 3306 : 5432)),
					database: env.DB_DATABASE,
					user: env.DB_USER,
					password: env.DB_PASSWORD ?? '',
				};
		if (typeof connection === 'object' && !connection.database) throw new Error(`DB_CLIENT=${client} needs DB_DATABASE (and DB_HOST, DB_USER, DB_PASSWORD as Directus has them)`);
		return { client: client === 'mysql' ? 'mysql2' : 'pg', connection, pool: { min: 0, max: 4 } };
	}
	throw new Error(`Set DB_CLIENT (sqlite3, pg or mysql) and the other DB_* variables as your Directus has them${client ? `; "${client}" is not supported here` : ''}`);
}

export function knexFromEnv(env = process.env) {
	return knexFactory(knexConfigFromEnv(env));
}
