// Start and stop real Directus processes (bootstrap, serve, wait until healthy). Shared by `npm start`, the test
// harness and the benchmarks, so all of them run Directus exactly the same way.
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const NODE22 = path.join(ROOT, 'node_modules/.bin/node');
// LEAD_POOL_DIRECTUS_CLI runs another Directus (the compatibility run points it at compat/directus-11).
export const DIRECTUS_CLI = process.env.LEAD_POOL_DIRECTUS_CLI ? path.resolve(process.env.LEAD_POOL_DIRECTUS_CLI) : path.join(ROOT, 'node_modules/directus/cli.js');
export const EXTENSIONS_PATH = path.join(ROOT, 'extensions');

const run = promisify(execFile);

/** Node 22 from the `node` package when it is there (Directus 12 needs it), else the running Node. */
export function nodeBinary() {
	return existsSync(NODE22) ? NODE22 : process.execPath;
}

/**
 * The environment of one Directus instance. `db` is `{ client: 'sqlite3', filename }`,
 * `{ client: 'pg', database, host?, port?, user? }` or `{ client: 'mysql', database, host?, port?, user? }` (MariaDB/MySQL).
 */
export function instanceEnv({ db, port, admin, extra = {} }) {
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		TZ: 'UTC',
		HOST: '127.0.0.1',
		PORT: String(port),
		PUBLIC_URL: `http://127.0.0.1:${port}`,
		SECRET: extra.SECRET ?? 'lead-pool-local-secret-change-me',
		EXTENSIONS_PATH,
		EXTENSIONS_AUTO_RELOAD: 'false',
		ADMIN_EMAIL: admin.email,
		ADMIN_PASSWORD: admin.password,
		ADMIN_TOKEN: admin.token,
		TELEMETRY: 'false',
		LOG_LEVEL: 'warn',
		LOG_STYLE: 'raw',
		WEBSOCKETS_ENABLED: 'false',
		RATE_LIMITER_ENABLED: 'false',
		// On a 2-core machine start-up work trips the event-loop pressure limiter; tests and the demo turn it off.
		PRESSURE_LIMITER_ENABLED: 'false',
		CACHE_ENABLED: 'false',
		CACHE_SCHEMA: 'true',
		MARKETPLACE_TRUST: 'sandbox',
		// Our schema snapshot and setup are applied through the API; keep it open to large payloads.
		MAX_PAYLOAD_SIZE: '10mb',
		STORAGE_LOCAL_ROOT: extra.STORAGE_LOCAL_ROOT ?? path.join(path.dirname(db.filename ?? path.join(ROOT, '.data/tmp/x')), 'uploads'),
		...(db.client === 'sqlite3'
			? { DB_CLIENT: 'sqlite3', DB_FILENAME: db.filename }
			: {
					DB_CLIENT: db.client === 'mysql' ? 'mysql' : 'pg',
					DB_HOST: db.host ?? '127.0.0.1',
					DB_PORT: String(db.port ?? (db.client === 'mysql' ? 3306 : 5432)),
					DB_DATABASE: db.database,
					DB_USER: db.user ?? (db.client === 'mysql' ? 'root' : 'postgres'),
					DB_PASSWORD: db.password ?? '',
				}),
	};
	for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = String(value);
	return env;
}

/** `directus bootstrap`: creates the system tables and the first admin (skips what exists). */
export async function bootstrap(env) {
	if (env.DB_CLIENT === 'sqlite3') mkdirSync(path.dirname(env.DB_FILENAME), { recursive: true });
	await run(nodeBinary(), [DIRECTUS_CLI, 'bootstrap'], { env, cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
}

/** Run any Directus CLI command against an instance's database (in `cwd`, where Directus reads a `.env` from). */
export async function cli(env, args, { cwd = ROOT } = {}) {
	const { stdout } = await run(nodeBinary(), [DIRECTUS_CLI, ...args], { env, cwd, maxBuffer: 64 * 1024 * 1024 });
	return stdout;
}

/**
 * Start `directus start` and resolve once /server/health answers. The child is killed if this process exits, so a
 * failed test run leaves no server behind.
 * @param {Record<string, string | undefined>} env
 * @param {{ logFile?: string, inheritOutput?: boolean, timeoutMs?: number, cwd?: string }} [options]
 */
export async function startInstance(env, options = {}) {
	const { logFile, inheritOutput = false, timeoutMs = 120_000, cwd = ROOT } = options;
	const child = spawn(nodeBinary(), [DIRECTUS_CLI, 'start'], {
		env,
		cwd,
		stdio: inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	if (!inheritOutput) {
		const sink = logFile ? (mkdirSync(path.dirname(logFile), { recursive: true }), createWriteStream(logFile, { flags: 'a' })) : null;
		for (const stream of [child.stdout, child.stderr]) {
			stream.on('data', (chunk) => {
				if (output.length < 200_000) output += chunk;
				sink?.write(chunk);
			});
		}
	}
	const killOnExit = () => child.kill('SIGKILL');
	process.once('exit', killOnExit);
	child.once('exit', () => process.off('exit', killOnExit));

	const url = String(env.PUBLIC_URL);
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`Directus exited with code ${child.exitCode} while starting:\n${output.slice(-4000)}`);
		try {
			const res = await fetch(`${url}/server/ping`);
			if (res.ok) return { child, url, env, output: () => output };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	child.kill('SIGKILL');
	throw new Error(`Directus did not answer on ${url} within ${timeoutMs} ms:\n${output.slice(-4000)}`);
}

/** Stop an instance started by startInstance (SIGTERM, then SIGKILL after a grace period). */
export async function stopInstance(instance, graceMs = 10_000) {
	const { child } = instance;
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = once(child, 'exit');
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}
