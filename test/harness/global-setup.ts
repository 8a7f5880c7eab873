// Starts one real Directus 12 per integration project (SQLite, PostgreSQL or MariaDB) with the built Lead Pool bundle,
// installs Lead Pool the way an admin would (the setup step, over HTTP), and provides tokens of an admin, a sales
// manager and six API-only reps to the tests. Everything it starts it stops; the database is thrown away.
import type { TestProject } from 'vitest/node';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { bootstrap, instanceEnv, startInstance, stopInstance } from '../../scripts/lib/instance.mjs';
import { setupLeadPool } from '../../extensions/lead-pool/setup/setup.mjs';
import { createTestDatabase, type DbKind } from './database';
import { createPeople, seedUnrelatedCollection, type People } from './people';
import { copyTemplate, findTemplate, saveTemplate } from './template';

export interface HarnessInfo {
	kind: DbKind;
	/** environment additions every instance of this project uses (Redis on PostgreSQL, so a second instance can join) */
	extraEnv: Record<string, string>;
	url: string;
	db: any;
	adminToken: string;
	people: People;
	firstSetupChanges: number;
	logFile: string;
}

declare module 'vitest' {
	export interface ProvidedContext {
		leadPool: HarnessInfo;
	}
}

/**
 * What several Directus instances need to share cache, locks, schedules and the schema bus through Redis, with every
 * key under a namespace of this test run, so parallel runs on one Redis never hear each other.
 */
export function redisEnv(ns: string): Record<string, string> {
	return {
		REDIS: process.env.REDIS ?? 'redis://127.0.0.1:6379',
		SYNCHRONIZATION_STORE: 'redis',
		MESSENGER_STORE: 'redis',
		CACHE_STORE: 'redis',
		CACHE_NAMESPACE: `${ns}-cache`,
		REDIS_BUS_NAMESPACE: `${ns}:bus`,
		REDIS_LOCK_NAMESPACE: `${ns}:lock`,
		REDIS_COUNTERS_NAMESPACE: `${ns}:counters`,
		REDIS_PERMISSIONS_NAMESPACE: `${ns}:permissions`,
		SYNCHRONIZATION_NAMESPACE: `${ns}-sync`,
		HEALTHCHECK_NAMESPACE: `${ns}-health`,
		IMPORT_EXPORT_NAMESPACE: `${ns}-import`,
		LICENSE_NAMESPACE: `${ns}-license`,
		WEBSOCKETS_COLLAB_STORE_NAMESPACE: `${ns}-collab`,
	};
}

/** A schedule that does not fire during a test run. */
export const QUIET_SCHEDULE = '0 0 1 1 *';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

export default async function globalSetup(project: TestProject) {
	// the browser project drives the studio of an instance on SQLite
	const kind = (project.name === 'browser' ? 'sqlite' : project.name) as DbKind;
	const started = Date.now();
	const database = await createTestDatabase(kind);
	const adminToken = randomBytes(16).toString('hex');
	const port = await freePort();
	const logFile = path.join(database.dir, 'directus.log');
	// On PostgreSQL and MariaDB the instance is set up as one of several: shared Redis for cache, locks and schedules.
	const extraEnv: Record<string, string> = kind !== 'sqlite' ? redisEnv(`lp-test-${randomBytes(4).toString('hex')}`) : {};
	const env = instanceEnv({
		db: database.db,
		port,
		admin: { email: 'admin@example.com', password: randomBytes(8).toString('hex'), token: adminToken },
		extra: { EXTENSIONS_MUST_LOAD: 'true', LEAD_POOL_DUPLICATES_RECENT_WINDOW: '2', STORAGE_LOCAL_ROOT: path.join(database.dir, 'uploads'), LOG_LEVEL: 'warn', ...extraEnv },
	});
	let instance: Awaited<ReturnType<typeof startInstance>> | undefined;
	try {
		// where a run before made the same bootstrap and setup (template.ts), its database is copied instead
		const template = await findTemplate(kind);
		if (template) await copyTemplate(template, (database.db as any).database, adminToken);
		else await bootstrap(env);
		instance = await startInstance(env, { logFile });
		// The compatibility run says which Directus major it runs on; make sure that is what answers.
		const info = (await (await fetch(`${instance.url}/server/info`, { headers: { Authorization: `Bearer ${adminToken}` } })).json()) as any;
		const version = String(info?.data?.version ?? '');
		if (process.env.LEAD_POOL_DIRECTUS_MAJOR && !version.startsWith(`${process.env.LEAD_POOL_DIRECTUS_MAJOR}.`)) throw new Error(`expected Directus ${process.env.LEAD_POOL_DIRECTUS_MAJOR}.x, the harness started ${version}`);
		console.log(`[harness] ${project.name}: Directus ${version}`);
		let changes = template?.changes ?? 0;
		if (!template) {
			// An instance that already holds someone else's data: setup must leave it alone.
			await seedUnrelatedCollection(instance.url, adminToken);
			changes = (await setupLeadPool({ url: instance.url, token: adminToken })).changes.length;
			await saveTemplate(kind, (database.db as any).database, { changes, adminEmail: 'admin@example.com' });
		}
		console.log(`[harness] ${project.name}: ${template ? `copied the set-up database ${template.database}` : 'bootstrapped and set up'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		// The reclaim and digest schedules stay quiet (once a year) unless a test turns them on.
		await fetch(`${instance.url}/items/crm_settings`, { method: 'PATCH', headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ reclaim_schedule: QUIET_SCHEDULE, digest_schedule: QUIET_SCHEDULE }) });
		const people = await createPeople(instance.url, adminToken);
		project.provide('leadPool', { kind, extraEnv, url: instance.url, db: database.db, adminToken, people, firstSetupChanges: changes, logFile });
	} catch (error) {
		if (instance) await stopInstance(instance);
		await database.drop();
		throw error;
	}
	return async () => {
		if (instance) await stopInstance(instance);
		// Directus's log of the run stays as a test artifact
		try {
			mkdirSync(path.resolve('test-results'), { recursive: true });
			copyFileSync(logFile, path.resolve('test-results', `directus-${project.name}.log`));
		} catch {
			// no log to keep
		}
		await database.drop();
	};
}
