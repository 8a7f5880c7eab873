// The README's dev → prod workflow, run literally with the Directus CLI: a development instance with Lead Pool set up
// (`npx directus lead-pool setup`) is snapshotted with `npx directus schema snapshot`; a production instance on a
// fresh database with the same bundle gets `npx directus bootstrap` and `npx directus schema apply --yes`, then
// `npx directus start`. A snapshot carries no triggers, indexes, roles or settings: the self-check must add them at
// that first start, so the instance answers `"state": "ok"`, keeps a deleted customer with its history, has its roles
// and settings, and creates customers (not a 500). On PostgreSQL and MariaDB.
import { createDirectus, createItem, deleteItem, readItem, readItems, readRoles, readSingleton, rest, staticToken, createUser } from '@directus/sdk';
import type { Knex } from 'knex';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { EXTENSIONS_PATH, ROOT, stopInstance } from '../../scripts/lib/instance.mjs';
import { connect, createTestDatabase, type DbKind, type TestDatabase } from '../harness/database';
import { freePort } from '../harness/global-setup';
import { directusFolder, sh } from './folder';

const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The README's commands (section "Dev → prod (schema migration)"), as it writes them. */
const COMMANDS = {
	bootstrap: 'npx directus bootstrap',
	setup: 'npx directus lead-pool setup',
	snapshot: 'npx directus schema snapshot ./snapshot.yaml',
	apply: 'npx directus schema apply --yes ./snapshot.yaml',
	start: 'npx directus start',
};
/** What the README writes after `# …` comments is not part of the command. */
const inReadme = (command: string) => README.split('\n').some((line) => line.replace(/\s+#.*$/, '').trim() === command);

const HOOK_TIMEOUT = 900_000;
const timings: [string, number][] = [];
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await fn();
	} finally {
		timings.push([label, Date.now() - started]);
	}
}

afterAll(() => {
	console.log(`[dev-to-prod] timings:\n${timings.map(([label, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${label}`).join('\n')}`);
});

it('the README documents each command this test runs', () => {
	for (const command of Object.values(COMMANDS)) expect(inReadme(command), `the README writes \`${command}\``).toBe(true);
});

/** The names of the triggers in this database (the guards setup creates are triggers on every database). */
async function triggerNames(knex: Knex, kind: DbKind): Promise<string[]> {
	if (kind === 'postgres') return (await knex('pg_trigger').where('tgisinternal', false).pluck('tgname')) as string[];
	return (await knex('information_schema.triggers').whereRaw('trigger_schema = database()').pluck('TRIGGER_NAME')) as string[];
}

describe.each(['postgres', 'mariadb'] as const)('dev → prod on %s with `schema snapshot` and `schema apply`', (kind) => {
	let devDb: TestDatabase;
	let prodDb: TestDatabase;
	let dev: ReturnType<typeof directusFolder>;
	let prod: ReturnType<typeof directusFolder>;
	let instance: Awaited<ReturnType<ReturnType<typeof directusFolder>['start']>> | undefined;
	let knex: Knex;
	const adminToken = randomBytes(16).toString('hex');
	const admin = () => createDirectus(prod.url).with(staticToken(adminToken)).with(rest());
	let install: any;

	beforeAll(async () => {
		[devDb, prodDb] = await Promise.all([createTestDatabase(kind), createTestDatabase(kind)]);
		// both folders read this repository's built bundle, as the same bundle installed on both instances
		dev = directusFolder(devDb.db, await freePort(), randomBytes(16).toString('hex'), { linkDirectus: true, extensionsPath: EXTENSIONS_PATH });
		prod = directusFolder(prodDb.db, await freePort(), adminToken, { linkDirectus: true, extensionsPath: EXTENSIONS_PATH });
		// the two instances' system tables at once (each waits mostly on its database)
		await Promise.all([
			timed(`${kind}: dev: ${COMMANDS.bootstrap}`, () => sh(COMMANDS.bootstrap, { cwd: dev.dir })),
			timed(`${kind}: prod: ${COMMANDS.bootstrap}`, () => sh(COMMANDS.bootstrap, { cwd: prod.dir })),
		]);
		const { stdout } = await timed(`${kind}: dev: ${COMMANDS.setup}`, () => sh(COMMANDS.setup, { cwd: dev.dir }));
		expect(stdout).toMatch(/Lead Pool set up: \d+ changes\./);
		await timed(`${kind}: dev: ${COMMANDS.snapshot}`, () => sh(COMMANDS.snapshot, { cwd: dev.dir }));
		const snapshot = readFileSync(path.join(dev.dir, 'snapshot.yaml'), 'utf8');
		expect(snapshot).toContain('collection: crm_customers');
		rmSync(path.join(dev.dir, 'snapshot.yaml'));
		// the file goes to production
		writeFileSync(path.join(prod.dir, 'snapshot.yaml'), snapshot);
		await timed(`${kind}: prod: ${COMMANDS.apply}`, () => sh(COMMANDS.apply, { cwd: prod.dir }));
		knex = connect(prodDb.db);
		// what the snapshot brought: the collections, none of the guards
		expect(await knex.schema.hasTable('crm_customers')).toBe(true);
		expect(await triggerNames(knex, kind)).not.toContain('crm_customers_keep_on_delete');
		instance = await timed(`${kind}: prod: ${COMMANDS.start} (until it answers)`, () => prod.start());
		// the self-check runs as the server starts; its state says when it is done
		install = await timed(`${kind}: prod: self-check at the first start`, async () => {
			const deadline = Date.now() + 600_000;
			for (;;) {
				const res = await fetch(`${prod.url}/lead-pool/status`, { headers: { Authorization: `Bearer ${adminToken}` } });
				const body = (await res.json()) as any;
				if (body?.data?.install?.state && body.data.install.state !== 'checking') return body.data.install;
				if (Date.now() > deadline) throw new Error(`the self-check did not finish: ${JSON.stringify(body)}`);
				await new Promise((r) => setTimeout(r, 500));
			}
		});
	}, HOOK_TIMEOUT);

	afterAll(async () => {
		if (instance) await stopInstance(instance);
		await knex?.destroy();
		await Promise.all([devDb?.drop(), prodDb?.drop()]);
		for (const folder of [dev, prod]) if (folder) rmSync(folder.dir, { recursive: true, force: true });
	}, HOOK_TIMEOUT);

	it('answers `"state": "ok"` at GET /lead-pool/status, having set up what the snapshot lacks', () => {
		expect(install).toMatchObject({ state: 'ok', missing_required: [] });
		expect(install.repaired.length).toBeGreaterThan(50);
	});

	it('has the guards: the triggers exist, and a DELETE that bypasses Directus keeps the customer', async () => {
		expect(await triggerNames(knex, kind)).toEqual(expect.arrayContaining(['crm_customers_keep_on_delete', 'crm_customers_import_guard']));
		const customer = (await admin().request(createItem('crm_customers', { name: `Guard check ${randomBytes(3).toString('hex')} Ltd.`, source: 'website' } as any))) as any;
		// MariaDB refuses the statement; PostgreSQL skips the row
		await knex('crm_customers').where('id', customer.id).delete().catch(() => undefined);
		expect(await knex('crm_customers').where('id', customer.id).first('id')).toBeTruthy();
	});

	it('has the roles, their policies and the settings', async () => {
		const roles = (await admin().request(readRoles({ filter: { id: { _in: Object.values(ids.role) } }, fields: ['id', 'name'] }))) as any[];
		expect(roles.map((r) => r.name).sort()).toEqual(['Lead Pool Admin', 'Sales Manager', 'Sales Rep']);
		expect(((await knex('directus_policies').whereIn('id', Object.values(ids.policy)).pluck('id')) as string[]).sort()).toEqual(Object.values(ids.policy).sort());
		const settings = (await admin().request(readSingleton('crm_settings'))) as any;
		expect(settings?.id).toBeTruthy();
		expect(settings.reclaim_schedule).toBeTruthy();
		expect(await admin().request(readItems('crm_pools', { fields: ['id'] }))).not.toHaveLength(0);
	});

	it('creates customers (2xx, not a 500), and a rep’s DELETE of their customer returns it to the pool with its follow-ups and history', async () => {
		const rep = { id: randomUUID(), token: randomBytes(16).toString('hex') };
		await admin().request(createUser({ id: rep.id, email: `rep-${rep.id.slice(0, 8)}@example.org`, password: randomBytes(8).toString('hex'), token: rep.token, role: ids.role.rep, status: 'active' } as any));
		const res = await fetch(`${prod.url}/items/crm_customers`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ name: `Migrated ${rep.id.slice(0, 6)} Co., Ltd.`, source: 'website' }),
		});
		expect(res.status).toBe(200);
		const customer = ((await res.json()) as any).data;
		expect(customer.pool).not.toBeNull();
		const claim = await fetch(`${prod.url}/lead-pool/claim`, { method: 'POST', headers: { Authorization: `Bearer ${rep.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ keys: [customer.id] }) });
		expect(claim.status).toBe(200);
		expect(((await claim.json()) as any).data.claimed).toEqual([customer.id]);
		const repClient = createDirectus(prod.url).with(staticToken(rep.token)).with(rest());
		await repClient.request(createItem('crm_follow_ups', { customer: customer.id, summary: 'first call after the migration' } as any));
		await repClient.request(deleteItem('crm_customers', customer.id));
		const kept = (await admin().request(readItem('crm_customers', customer.id))) as any;
		expect(kept).toMatchObject({ owner: null, previous_owner: rep.id, pool: customer.pool });
		expect(await admin().request(readItems('crm_follow_ups', { filter: { customer: { _eq: customer.id } } }))).toHaveLength(1);
		const events = (await admin().request(readItems('crm_events', { filter: { customer: { _eq: customer.id } }, sort: ['id'], fields: ['action'] }))) as any[];
		expect(events.map((e) => e.action)).toEqual(['created_in_pool', 'claimed', 'deleted_to_pool']);
	});
});
