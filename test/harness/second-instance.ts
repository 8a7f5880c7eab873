import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { instanceEnv, startInstance, stopInstance } from '../../scripts/lib/instance.mjs';
import { freePort } from './global-setup';
import type { HarnessInfo } from './global-setup';

/**
 * Another Directus process on the same database (PostgreSQL or MariaDB) and Redis as the harness's instance: what an admin
 * running two instances behind a load balancer has. On SQLite there is only ever one instance, so the harness's own
 * URL is returned instead.
 */
export async function secondInstance(info: HarnessInfo): Promise<{ url: string; stop: () => Promise<void> }> {
	if (info.kind === 'sqlite') return { url: info.url, stop: async () => {} };
	const dir = mkdtempSync(path.join(tmpdir(), 'lead-pool-second-'));
	const env = instanceEnv({
		db: info.db,
		port: await freePort(),
		admin: { email: 'admin@example.com', password: randomBytes(8).toString('hex'), token: info.adminToken },
		extra: { EXTENSIONS_MUST_LOAD: 'true', STORAGE_LOCAL_ROOT: path.join(dir, 'uploads'), LOG_LEVEL: 'warn', ...info.extraEnv },
	});
	const instance = await startInstance(env, { logFile: path.join(dir, 'directus.log') });
	return { url: instance.url, stop: () => stopInstance(instance) };
}
