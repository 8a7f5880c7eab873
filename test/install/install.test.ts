// The README's install, run literally: a plain Directus 12 with data of its own gets the packed npm tarball the way
// the README says (into its extensions folder, or `npm install` into its project), is set up with the documented
// command, and then works for a rep while its own data stays as it was. The repository's `npm run setup` and
// `npm run seed` run as the README writes them too. Every command below must appear in the README word for word.
import { createCollection, createDirectus, createItem, createItems, createRole, createUser, readItems, readRoles, rest, staticToken } from '@directus/sdk';
import knexFactory from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { ROOT, startInstance, stopInstance } from '../../scripts/lib/instance.mjs';
import { createTestDatabase, PG, type TestDatabase } from '../harness/database';
import { freePort } from '../harness/global-setup';
import { directusFolder, sh, shellEnv } from './folder';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(path.join(ROOT, 'extensions/lead-pool/package.json'), 'utf8'));
const TARBALL = `${PACKAGE.name}-${PACKAGE.version}.tgz`;

/** The README's commands, as it writes them (placeholders filled in by the tests). */
const COMMANDS = {
	pack: 'npm pack -w extensions/lead-pool',
	extract: `mkdir -p extensions/lead-pool\ntar -xzf ${TARBALL} --strip-components=1 -C extensions/lead-pool`,
	npmInstall: `npm install ./${TARBALL}`,
	cliSetup: 'npx directus lead-pool setup',
	httpSetup: 'npm run setup -- --url https://directus.example.com --token <admin static token>',
	packageSetup: 'npx lead-pool-setup --url https://directus.example.com --token <admin static token>',
	seed: 'npm run seed -- --url http://127.0.0.1:8055 --token <admin static token>',
};

/** How long each step took, printed at the end (the README's install is meant to be quick). */
const timings: [string, number][] = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings.push([label, Date.now() - started]);
	}
}

const fill = (command: string, url: string, token: string) =>
	command.replace('https://directus.example.com', url).replace('http://127.0.0.1:8055', url).replace('<admin static token>', token);

/** Data of the instance's own, before Lead Pool: a collection with rows and a role. */
async function ownData(url: string, token: string) {
	const client = createDirectus(url).with(staticToken(token)).with(rest());
	await client.request(
		createCollection({
			collection: 'products',
			meta: { icon: 'inventory' },
			schema: {},
			fields: [
				{ field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
				{ field: 'title', type: 'string', meta: { interface: 'input' }, schema: {} },
				{ field: 'owner', type: 'string', meta: { interface: 'input' }, schema: {} },
			],
		} as any),
	);
	await client.request(createItems('products', [{ title: 'Anchor bolts', owner: 'warehouse' }, { title: 'Steel wire', owner: 'purchasing' }]));
	await client.request(createRole({ name: 'Editors', icon: 'edit' } as any));
}

async function ownDataIsUntouched(url: string, token: string) {
	const client = createDirectus(url).with(staticToken(token)).with(rest());
	const products = await client.request(readItems('products', { sort: ['id'], fields: ['id', 'title', 'owner'] }));
	expect(products).toEqual([
		{ id: 1, title: 'Anchor bolts', owner: 'warehouse' },
		{ id: 2, title: 'Steel wire', owner: 'purchasing' },
	]);
	expect((await client.request(readRoles({ filter: { name: { _eq: 'Editors' } }, fields: ['name'] }))).length).toBe(1);
}

/** The instance works: a rep claims a customer that waits in the default pool. */
async function repClaimsACustomer(url: string, adminToken: string) {
	const admin = createDirectus(url).with(staticToken(adminToken)).with(rest());
	const rep = { id: randomUUID(), token: randomBytes(16).toString('hex') };
	await admin.request(createUser({ id: rep.id, email: `rep-${rep.id.slice(0, 8)}@example.org`, password: randomBytes(8).toString('hex'), token: rep.token, role: ids.role.rep, status: 'active' } as any));
	const customer = await admin.request(createItem('crm_customers', { name: `Install check ${rep.id.slice(0, 6)} Co., Ltd.`, source: 'website' }));
	expect(customer.owner).toBeNull();
	expect(customer.pool).not.toBeNull();
	const res = await fetch(`${url}/lead-pool/claim`, { method: 'POST', headers: { Authorization: `Bearer ${rep.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ keys: [customer.id] }) });
	expect(res.status).toBe(200);
	expect((await res.json()).data.claimed).toEqual([customer.id]);
	const mine = await createDirectus(url).with(staticToken(rep.token)).with(rest()).request(readItems('crm_customers', { filter: { id: { _eq: customer.id } }, fields: ['owner'] }));
	expect(mine).toEqual([{ owner: rep.id }]);
}

let tarball: string;
const packDir = mkdtempSync(path.join(tmpdir(), 'lead-pool-pack-'));

beforeAll(async () => {
	for (const command of Object.values(COMMANDS)) {
		for (const line of command.split('\n')) expect(README.includes(line), `the README writes \`${line}\``).toBe(true);
	}
	// `npm pack` in the repository builds the bundle first (prepack), so the tarball is never older than the source
	const { stdout } = await timed('npm pack -w extensions/lead-pool (builds the bundle)', () => sh(COMMANDS.pack, { cwd: ROOT }));
	expect(stdout.trim().split('\n').pop()).toBe(TARBALL);
	tarball = path.join(packDir, TARBALL);
	copyFileSync(path.join(ROOT, TARBALL), tarball);
	rmSync(path.join(ROOT, TARBALL));
});

afterAll(() => {
	rmSync(packDir, { recursive: true, force: true });
	console.log(`[install] timings:\n${timings.map(([label, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${label}`).join('\n')}`);
});

describe('the packed tarball', () => {
	it('carries everything its setup reads at run time', async () => {
		const { stdout } = await sh(`tar -tzf ${tarball}`, { cwd: packDir });
		const files = stdout.trim().split('\n').map((f) => f.replace(/^package\//, ''));
		for (const file of ['package.json', 'dist/api.js', 'dist/app.js', 'schema-snapshot.yaml', 'setup/cli.mjs', 'setup/setup.mjs', 'setup/access.mjs']) expect(files).toContain(file);
		// every file setup/ imports by a relative path is in the package
		for (const file of files.filter((f) => f.startsWith('setup/'))) {
			const source = readFileSync(path.join(ROOT, 'extensions/lead-pool', file), 'utf8');
			for (const [, target] of source.matchAll(/from '(\.{1,2}\/[^']+)'/g)) expect(files, `${file} imports ${target}`).toContain(path.posix.join(path.posix.dirname(file), target!));
		}
	});
});

describe('into the extensions folder of a plain Directus 12 on PostgreSQL, set up with `npx directus lead-pool setup`', () => {
	let db: TestDatabase;
	let folder: ReturnType<typeof directusFolder>;
	let instance: Awaited<ReturnType<typeof startInstance>> | undefined;
	const adminToken = randomBytes(16).toString('hex');

	beforeAll(async () => {
		db = await createTestDatabase('postgres');
		folder = directusFolder(db.db, await freePort(), adminToken, { linkDirectus: true });
		await timed('plain Directus: bootstrap', () => sh('npx directus bootstrap', { cwd: folder.dir }));
		instance = await timed('plain Directus: start', () => folder.start());
		await ownData(folder.url, adminToken);
		await stopInstance(instance);
		instance = undefined;
	});
	afterAll(async () => {
		if (instance) await stopInstance(instance);
		await db?.drop();
		if (folder) rmSync(folder.dir, { recursive: true, force: true });
	});

	it('installs from the tarball and sets up with the Directus CLI, no token and no server needed', async () => {
		copyFileSync(tarball, path.join(folder.dir, TARBALL));
		await timed('extract into extensions/lead-pool', () => sh(COMMANDS.extract, { cwd: folder.dir }));
		const { stdout } = await timed(COMMANDS.cliSetup, () => sh(COMMANDS.cliSetup, { cwd: folder.dir }));
		expect(stdout).toMatch(/Lead Pool set up: \d+ changes\./);
		expect(stdout).toContain('created collection crm_customers');
		expect(stdout).toContain('trigger crm_customers_keep_on_delete');
		instance = await timed('start with Lead Pool', () => folder.start());
	});

	it('then works: a rep claims a customer from the pool', async () => {
		await repClaimsACustomer(folder.url, adminToken);
	});

	it('leaves the instance\'s own collection, rows and roles as they were', async () => {
		await ownDataIsUntouched(folder.url, adminToken);
	});

	it('`npm run setup -- --url … --token …` (this repository) finds nothing left to do', async () => {
		const { stdout } = await timed(COMMANDS.httpSetup, () => sh(fill(COMMANDS.httpSetup, folder.url, adminToken), { cwd: ROOT }));
		expect(stdout).toContain('Lead Pool is already set up: nothing to change.');
	});

	it('`npm run seed -- --url … --token …` with the DB_* variables fills the demo data, once', async () => {
		const dbEnv = { DB_CLIENT: 'pg', DB_HOST: '127.0.0.1', DB_PORT: '5432', DB_DATABASE: (db.db as any).database, DB_USER: 'postgres', DB_PASSWORD: '' };
		const seed = fill(COMMANDS.seed, folder.url, adminToken);
		const { stdout } = await timed(COMMANDS.seed, () => sh(seed, { cwd: ROOT, env: shellEnv(dbEnv) }));
		expect(stdout).toContain('Demo data in place');
		const admin = createDirectus(folder.url).with(staticToken(adminToken)).with(rest());
		const count = async () => Number(((await admin.request(readItems('crm_customers', { aggregate: { count: '*' } } as any))) as any)[0].count);
		const customers = await count();
		expect(customers).toBeGreaterThanOrEqual(300);
		const login = await fetch(`${folder.url}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'rep1@example.com', password: 'lead-pool-demo' }) });
		expect(login.status).toBe(200);
		// a second run adds nothing
		await sh(seed, { cwd: ROOT, env: shellEnv(dbEnv) });
		expect(await count()).toBe(customers);
	});
});

describe('with `npm install` of the tarball into a plain Directus 12 project on SQLite, set up with `npx lead-pool-setup`', () => {
	let db: TestDatabase;
	let folder: ReturnType<typeof directusFolder>;
	let instance: Awaited<ReturnType<typeof startInstance>> | undefined;
	const adminToken = randomBytes(16).toString('hex');

	beforeAll(async () => {
		db = await createTestDatabase('sqlite');
		// a project whose package.json lists its extensions; Directus itself runs from this repository's install
		folder = directusFolder(db.db, await freePort(), adminToken, { linkDirectus: false });
		await timed('plain Directus (SQLite): bootstrap', () => sh(`node ${path.join(ROOT, 'node_modules/directus/cli.js')} bootstrap`, { cwd: folder.dir, env: shellEnv({ PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` }) }));
		instance = await folder.start();
		await ownData(folder.url, adminToken);
	});
	afterAll(async () => {
		if (instance) await stopInstance(instance);
		await db?.drop();
		if (folder) rmSync(folder.dir, { recursive: true, force: true });
	});

	it('installs as a package extension, and after a restart sets up over the API', async () => {
		await stopInstance(instance!);
		instance = undefined;
		copyFileSync(tarball, path.join(folder.dir, TARBALL));
		await timed(COMMANDS.npmInstall, () => sh(COMMANDS.npmInstall, { cwd: folder.dir }));
		expect(JSON.parse(readFileSync(path.join(folder.dir, 'package.json'), 'utf8')).dependencies).toHaveProperty(PACKAGE.name);
		instance = await timed('start with Lead Pool (package extension)', () => folder.start());
		const { stdout } = await timed(COMMANDS.packageSetup, () => sh(fill(COMMANDS.packageSetup, folder.url, adminToken), { cwd: folder.dir }));
		expect(stdout).toMatch(/Lead Pool set up: \d+ changes\./);
	});

	it('then works: a rep claims a customer from the pool', async () => {
		await repClaimsACustomer(folder.url, adminToken);
	});

	it('leaves the instance\'s own collection, rows and roles as they were', async () => {
		await ownDataIsUntouched(folder.url, adminToken);
	});
});

describe('on a managed PostgreSQL, where the database user may not create extensions', () => {
	let db: TestDatabase;
	let folder: ReturnType<typeof directusFolder>;
	const role = `lead_pool_managed_${randomBytes(4).toString('hex')}`;
	const asPostgres = () => knexFactory({ client: 'pg', connection: { host: PG.host, port: PG.port, user: PG.user, database: (db.db as any).database } });

	beforeAll(async () => {
		db = await createTestDatabase('postgres');
		// as on hosted services: the application's role owns its tables in the public schema, not the database
		const admin = asPostgres();
		try {
			await admin.raw('CREATE ROLE ?? LOGIN', [role]);
			await admin.raw('GRANT USAGE, CREATE ON SCHEMA public TO ??', [role]);
		} finally {
			await admin.destroy();
		}
		folder = directusFolder({ ...(db.db as any), user: role }, await freePort(), randomBytes(16).toString('hex'), { linkDirectus: true });
		await sh('npx directus bootstrap', { cwd: folder.dir });
	});
	afterAll(async () => {
		await db?.drop();
		const server = knexFactory({ client: 'pg', connection: { host: PG.host, port: PG.port, user: PG.user, database: PG.adminDatabase } });
		try {
			await server.raw('DROP ROLE IF EXISTS ??', [role]);
		} finally {
			await server.destroy();
		}
		if (folder) rmSync(folder.dir, { recursive: true, force: true });
	});

	it('sets up everything else, and says that pg_trgm is missing, what that costs and how to add it', async () => {
		const bundle = path.join(folder.dir, 'extensions/lead-pool');
		mkdirSync(bundle);
		await sh(`tar -xzf ${tarball} --strip-components=1 -C ${bundle}`, { cwd: folder.dir });
		const { stdout } = await timed(`${COMMANDS.cliSetup} (managed PostgreSQL)`, () => sh(COMMANDS.cliSetup, { cwd: folder.dir }));
		expect(stdout).toMatch(/Lead Pool set up: \d+ changes\./);
		expect(stdout).toContain('trigger crm_customers_keep_on_delete');
		expect(stdout).toContain('table crm_customer_keys');
		expect(stdout).toContain('index crm_customer_keys_name_pairs_idx');
		const missing = stdout.split('\n').filter((line) => line.trim().startsWith('NOT INSTALLED:'));
		expect(missing).toHaveLength(1);
		expect(missing[0]).toContain('pg_trgm');
		expect(missing[0]).toContain('may not create the pg_trgm extension');
		expect(missing[0]).toMatch(/phone-number fragment reads the whole customers table/);
		expect(missing[0]).toContain('CREATE EXTENSION pg_trgm;');
		expect(stdout).toContain('1 optional part(s) could not be installed');
	});

	it('adds the trigram indexes once an administrator of the database has created the extension', async () => {
		const admin = asPostgres();
		try {
			await admin.raw('CREATE EXTENSION pg_trgm');
		} finally {
			await admin.destroy();
		}
		const { stdout } = await sh(COMMANDS.cliSetup, { cwd: folder.dir });
		expect(stdout).toContain('index crm_customer_keys_name_trgm_idx');
		expect(stdout).toContain('index crm_customer_keys_phone_trgm_idx');
		expect(stdout).not.toContain('NOT INSTALLED');
	});
});
