import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { bootstrap, instanceEnv, startInstance, stopInstance } from '../../scripts/lib/instance.mjs';
import { setupLeadPool } from '../../extensions/lead-pool/setup/setup.mjs';
import { createTestDatabase, type DbKind } from './database';
import { freePort } from './global-setup';
import { copyTemplate, findTemplate } from './template';

export interface ThrowawayInstance {
	kind: DbKind;
	url: string;
	adminToken: string;
	db: any;
	env: Record<string, string | undefined>;
	instance: Awaited<ReturnType<typeof startInstance>>;
	restart: () => Promise<void>;
	stop: () => Promise<void>;
}

/**
 * A Directus of its own with Lead Pool installed, on a fresh database: for benchmarks and for tests that kill or
 * flood an instance and must not disturb the shared one.
 */
export async function throwawayInstance(kind: DbKind, extra: Record<string, string> = {}): Promise<ThrowawayInstance> {
	const database = await createTestDatabase(kind);
	const adminToken = randomBytes(16).toString('hex');
	const env = instanceEnv({
		db: database.db,
		port: await freePort(),
		admin: { email: 'admin@example.com', password: randomBytes(8).toString('hex'), token: adminToken },
		extra: { EXTENSIONS_MUST_LOAD: 'true', STORAGE_LOCAL_ROOT: path.join(database.dir, 'uploads'), LOG_LEVEL: 'error', ...extra },
	});
	// the run's set-up database copied (template.ts) where there is one; else bootstrap and setup as an admin would
	const template = await findTemplate(kind);
	if (template) await copyTemplate(template, (database.db as any).database, adminToken);
	else await bootstrap(env);
	const logFile = path.join(database.dir, 'directus.log');
	const self: ThrowawayInstance = {
		kind,
		url: '',
		adminToken,
		db: database.db,
		env,
		instance: await startInstance(env, { logFile }),
		restart: async () => {
			await stopInstance(self.instance, 2000);
			self.instance = await startInstance(env, { logFile });
		},
		stop: async () => {
			await stopInstance(self.instance);
			await database.drop();
		},
	};
	self.url = self.instance.url;
	if (!template) await setupLeadPool({ url: self.url, token: adminToken });
	return self;
}
