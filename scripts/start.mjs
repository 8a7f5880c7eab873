// npm start: a Directus 12 with Lead Pool on an embedded SQLite database at http://127.0.0.1:8055, with demo data.
// The first run creates the instance in .data/demo (bootstrap, schema, setup, seeds); later runs reuse it.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import knexFactory from 'knex';
import { setupLeadPool } from '../extensions/lead-pool/setup/setup.mjs';
import { seedInstance } from '../seeds/seed.mjs';
import { ROOT, bootstrap, instanceEnv, startInstance, stopInstance } from './lib/instance.mjs';

const dir = path.resolve(ROOT, process.env.LEAD_POOL_DATA_DIR ?? '.data/demo');
const port = Number(process.env.PORT ?? 8055);
const adminEmail = process.env.LEAD_POOL_ADMIN_EMAIL ?? 'admin@example.com';
const adminPassword = process.env.LEAD_POOL_ADMIN_PASSWORD ?? 'lead-pool-admin';
const demoPassword = process.env.LEAD_POOL_DEMO_PASSWORD ?? 'lead-pool-demo';
const dbFile = path.join(dir, 'data.db');
const readyMarker = path.join(dir, 'ready');
const tokenFile = path.join(dir, 'admin-token');

mkdirSync(dir, { recursive: true });
if (existsSync(dbFile) && !existsSync(readyMarker)) {
	console.log('[lead-pool] the last first-run did not finish; starting the demo database again');
	rmSync(dbFile, { force: true });
}
const firstRun = !existsSync(dbFile);
if (firstRun) writeFileSync(tokenFile, randomBytes(24).toString('hex'));
const adminToken = readFileSync(tokenFile, 'utf8').trim();

const env = instanceEnv({
	db: { client: 'sqlite3', filename: dbFile },
	port,
	admin: { email: adminEmail, password: adminPassword, token: adminToken },
	extra: {
		SECRET: process.env.SECRET ?? adminToken,
		STORAGE_LOCAL_ROOT: path.join(dir, 'uploads'),
		LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
		LOG_STYLE: 'pretty',
	},
});

if (firstRun) {
	console.log('[lead-pool] first run: creating the demo instance in', path.relative(ROOT, dir));
	await bootstrap(env);
}
const instance = await startInstance(env, { logFile: path.join(dir, 'directus.log') });

let stopping = false;
async function shutdown(code = 0) {
	if (stopping) return;
	stopping = true;
	console.log('\n[lead-pool] stopping Directus …');
	await stopInstance(instance);
	process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
	// Setup runs on every start: it only adds what is missing, so a newer Lead Pool brings its additions along.
	const { changes, missing } = await setupLeadPool({ url: instance.url, token: adminToken });
	if (changes.length) console.log(`[lead-pool] setup: ${changes.length} changes`);
	for (const part of missing) console.log(`[lead-pool] not installed: ${part.part} (${part.reason}). ${part.cost}`);
	if (firstRun) {
		const knex = knexFactory({ client: 'sqlite3', connection: { filename: dbFile }, useNullAsDefault: true, pool: { afterCreate: (conn, done) => conn.run('PRAGMA busy_timeout = 10000', done) } });
		try {
			await seedInstance({ url: instance.url, token: adminToken, knex, size: Number(process.env.LEAD_POOL_DEMO_SIZE ?? 300), password: demoPassword, log: (l) => console.log(`[lead-pool] seed ${l}`) });
		} finally {
			await knex.destroy();
		}
		// Fill the duplicate-check keys of the seeded rows.
		await setupLeadPool({ url: instance.url, token: adminToken });
		writeFileSync(readyMarker, new Date().toISOString());
	}
} catch (error) {
	console.error('[lead-pool] first-run setup failed:', error?.errors?.[0]?.message ?? error);
	await shutdown(1);
}

console.log(`
Lead Pool is running at ${instance.url}  (Ctrl-C stops it)

  admin          ${adminEmail} / ${process.env.LEAD_POOL_ADMIN_PASSWORD ? '(from LEAD_POOL_ADMIN_PASSWORD)' : adminPassword}
  sales manager  manager@example.com / ${process.env.LEAD_POOL_DEMO_PASSWORD ? '(from LEAD_POOL_DEMO_PASSWORD)' : demoPassword}
  reps           rep1@example.com … rep8@example.com / same password (rep1 signs in to the studio; rep2–rep8 are API-only)

Change these passwords anywhere but a laptop. Logs: ${path.relative(ROOT, path.join(dir, 'directus.log'))}
`);
instance.child.on('exit', (code) => {
	if (!stopping) {
		console.error(`[lead-pool] Directus exited (${code}); see ${path.join(dir, 'directus.log')}`);
		process.exit(code ?? 1);
	}
});
