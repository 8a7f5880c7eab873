import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { bootstrap, instanceEnv, startInstance, stopInstance } from '../scripts/lib/instance.mjs';
import { setupLeadPool } from '../extensions/lead-pool/setup/setup.mjs';
import { createTestDatabase, type DbKind } from '../test/harness/database';
import { freePort } from '../test/harness/global-setup';

export interface BenchInstance {
	kind: DbKind;
	url: string;
	adminToken: string;
	db: any;
	stop: () => Promise<void>;
}

/** A fresh Directus with Lead Pool installed, on a throw-away database, the way the test harness makes one. */
export async function benchInstance(kind: DbKind): Promise<BenchInstance> {
	const database = await createTestDatabase(kind);
	const adminToken = randomBytes(16).toString('hex');
	const env = instanceEnv({
		db: database.db,
		port: await freePort(),
		admin: { email: 'admin@example.com', password: randomBytes(8).toString('hex'), token: adminToken },
		extra: { EXTENSIONS_MUST_LOAD: 'true', STORAGE_LOCAL_ROOT: path.join(database.dir, 'uploads'), LOG_LEVEL: 'error' },
	});
	await bootstrap(env);
	const instance = await startInstance(env, { logFile: path.join(database.dir, 'directus.log') });
	await setupLeadPool({ url: instance.url, token: adminToken });
	return {
		kind,
		url: instance.url,
		adminToken,
		db: database.db,
		stop: async () => {
			await stopInstance(instance);
			await database.drop();
		},
	};
}
