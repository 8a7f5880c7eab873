// A Directus folder as an admin has it, and the shell an admin types into: shared by the tests that run the README's
// commands literally (install, dev → prod).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT, instanceEnv, startInstance } from '../../scripts/lib/instance.mjs';
import type { TestDatabase } from '../harness/database';

/** A shell command as an admin types it; rejects with its output when it fails. */
export function sh(command: string, options: { cwd: string; env?: Record<string, string | undefined> }): Promise<{ stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		execFile('bash', ['-euo', 'pipefail', '-c', command], { cwd: options.cwd, env: options.env ?? shellEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 600_000 }, (error, stdout, stderr) => {
			if (error) reject(new Error(`\`${command}\` failed (${error.code}):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`));
			else resolve({ stdout, stderr });
		});
	});
}

/**
 * What a shell on the machine has (PATH, HOME, the machine's certificates and proxies for npm), without what this
 * test run or an npm script put there (VITEST*, NODE_ENV, npm_*), so each command finds its settings where the
 * README says: Directus in its folder's .env, the seeder in DB_* variables given to it.
 */
export function shellEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
	const env: Record<string, string | undefined> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(VITEST|npm_|NODE_ENV$|TEST$|DB_|DIRECTUS_)/i.test(key)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/**
 * A Directus folder as an admin has it: `.env` with the configuration, `extensions/`, and (for the CLI) the
 * `directus` package in `node_modules` (this repository's, linked). `extensionsPath` points it at an extensions folder
 * that already holds the bundle (this repository's built one) instead of its own empty `extensions/`.
 */
export function directusFolder(db: TestDatabase['db'], port: number, adminToken: string, { linkDirectus, extensionsPath }: { linkDirectus: boolean; extensionsPath?: string }) {
	const dir = mkdtempSync(path.join(tmpdir(), 'lead-pool-install-'));
	mkdirSync(path.join(dir, 'extensions'));
	writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'our-directus', private: true, dependencies: linkDirectus ? { directus: '12.4.0' } : {} }, null, 2));
	if (linkDirectus) symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const env = instanceEnv({
		db,
		port,
		admin: { email: 'admin@example.com', password: randomBytes(8).toString('hex'), token: adminToken },
		extra: { EXTENSIONS_PATH: extensionsPath ?? path.join(dir, 'extensions'), EXTENSIONS_MUST_LOAD: 'true', STORAGE_LOCAL_ROOT: path.join(dir, 'uploads'), LEAD_POOL_RECLAIM_SCHEDULE: 'off' },
	});
	const dotenv = Object.entries(env)
		.filter(([key, value]) => !['PATH', 'HOME'].includes(key) && value !== undefined)
		.map(([key, value]) => `${key}=${value}`)
		.join('\n');
	writeFileSync(path.join(dir, '.env'), `${dotenv}\n`);
	const url = String(env.PUBLIC_URL);
	return {
		dir,
		url,
		/** `directus start` in the folder: it reads .env like any Directus. */
		start: () => startInstance(shellEnv({ PUBLIC_URL: url }) as any, { cwd: dir, logFile: path.join(dir, 'directus.log') }),
	};
}

