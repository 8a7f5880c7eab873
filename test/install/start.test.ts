// The README's first command after `npm install`, run literally: `npm start` builds the bundle, creates the demo
// instance (embedded SQLite, bootstrap, setup, demo data) and serves it; the demo logins the README lists work, a rep
// finds the pool filled, and Ctrl-C stops it. Then a second `npm start` reuses the instance. Only PORT and
// LEAD_POOL_DATA_DIR are set (both documented under "Configuration"), so the run neither takes the developer's
// port 8055 nor touches their `.data/demo`.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/lib/instance.mjs';
import { freePort } from '../harness/global-setup';
import { shellEnv } from './folder';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const dataDir = mkdtempSync(path.join(tmpdir(), 'lead-pool-start-'));
let port = 0;
let running: ChildProcess | null = null;
let claimed: number;
const timings: [string, number][] = [];

/** `npm start` as a user types it, in the repository; resolves with the process once it says it is running. */
function npmStart(): Promise<{ child: ChildProcess; output: () => string }> {
	return new Promise((resolve, reject) => {
		const child = spawn('npm', ['start'], { cwd: ROOT, env: shellEnv({ PORT: String(port), LEAD_POOL_DATA_DIR: dataDir }), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		const read = (chunk: Buffer) => {
			out += chunk.toString();
			if (out.includes('Lead Pool is running at')) resolve({ child, output: () => out });
		};
		child.stdout!.on('data', read);
		child.stderr!.on('data', read);
		child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before it was running:\n${out.slice(-4000)}`)));
	});
}

/** Ctrl-C in the terminal: SIGINT to the whole process group; resolves with the exit code. */
function ctrlC(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => {
		child.removeAllListeners('exit');
		child.on('exit', (code) => resolve(code));
		process.kill(-child.pid!, 'SIGINT');
	});
}

async function login(email: string, password: string): Promise<string> {
	const res = await fetch(`http://127.0.0.1:${port}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
	expect(res.status, `${email} signs in`).toBe(200);
	return ((await res.json()) as any).data.access_token;
}

async function get(token: string, url: string) {
	const res = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { Authorization: `Bearer ${token}` } });
	return { status: res.status, body: (await res.json()) as any };
}

afterAll(async () => {
	if (running?.exitCode === null) await ctrlC(running).catch(() => undefined);
	rmSync(dataDir, { recursive: true, force: true });
	console.log(`npm start: ${timings.map(([label, ms]) => `${label} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
});

describe('npm start, as the README writes it', () => {
	it('is the README’s first command after npm install, with the demo logins it lists', () => {
		expect(README).toMatch(/```sh\nnpm install\nnpm start/);
		for (const login of ['admin@example.com', 'lead-pool-admin', 'manager@example.com', 'lead-pool-demo', 'rep1@example.com']) expect(README).toContain(login);
	});

	it('the first start creates the demo instance: the admin, the manager and the reps sign in, the pool holds customers', async () => {
		port = await freePort();
		const started = Date.now();
		const { child } = await npmStart();
		running = child;
		timings.push(['first start', Date.now() - started]);

		const admin = await login('admin@example.com', 'lead-pool-admin');
		const status = await get(admin, '/lead-pool/status');
		expect(status.body.data.install.state).toBe('ok');
		const manager = await login('manager@example.com', 'lead-pool-demo');
		expect((await get(manager, '/lead-pool/status')).body.data.role).toBe('manager');
		const rep = await login('rep1@example.com', 'lead-pool-demo');
		expect((await get(rep, '/lead-pool/status')).body.data.role).toBe('rep');
		// a pool the rep claims from directly (the demo has follow-up and request pools too)
		const direct = (await get(rep, '/items/crm_pools?filter[claim_direct][_eq]=true&fields=id')).body.data.map((p: any) => p.id);
		expect(direct.length).toBeGreaterThan(0);
		const pool = await get(rep, `/items/crm_customers?filter[owner][_null]=true&filter[pool][_in]=${direct.join(',')}&limit=5&fields=id,name`);
		expect(pool.status).toBe(200);
		expect(pool.body.data.length).toBeGreaterThan(0);
		// the rep claims one from the pool, as the README's tour begins
		const id = (claimed = pool.body.data[0].id);
		const claim = await fetch(`http://127.0.0.1:${port}/lead-pool/claim`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${rep}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ keys: [id] }),
		});
		expect(claim.status, JSON.stringify(await claim.clone().json())).toBe(200);
	});

	it('Ctrl-C stops it, and the next start reuses the instance (the claim is still there)', async () => {
		await ctrlC(running!);
		// nothing answers on the port any more: Directus stopped with it
		await expect(fetch(`http://127.0.0.1:${port}/server/ping`)).rejects.toThrow();
		const started = Date.now();
		const { child } = await npmStart();
		running = child;
		timings.push(['second start', Date.now() - started]);
		const rep = await login('rep1@example.com', 'lead-pool-demo');
		const me = (await get(rep, '/users/me?fields=id')).body.data.id;
		expect((await get(rep, `/items/crm_customers/${claimed}?fields=owner`)).body.data.owner).toBe(me);
		await ctrlC(running);
		await expect(fetch(`http://127.0.0.1:${port}/server/ping`)).rejects.toThrow();
	});
});
