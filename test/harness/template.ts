// A database with Directus bootstrapped and Lead Pool set up, made once and copied for each test run (and each
// throw-away instance) instead of bootstrapping and setting up again: on MariaDB, Directus's migrations and setup's
// DDL take most of a run's start (each CREATE/ALTER a table rebuild with its fsyncs), while copying the finished
// tables takes seconds. The template is named by a hash of everything that makes it (Directus's version, the built
// bundle, setup, the schema snapshot, this harness), so a change to any of them makes a new one from scratch: a run
// whose bundle or setup changed always sets up a fresh database. `LEAD_POOL_TEST_TEMPLATE=off` turns it off.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { DIRECTUS_CLI, ROOT } from '../../scripts/lib/instance.mjs';
import { MARIADB, type DbKind } from './database';

/** The databases whose start the template shortens. */
export const TEMPLATE_KINDS: DbKind[] = ['mariadb'];

export interface TemplateInfo {
	/** the template database's name */
	database: string;
	/** what setup reported when it made the template (the harness's `firstSetupChanges`) */
	changes: number;
	/** the admin user setup ran as (its token is replaced by each run's) */
	adminEmail: string;
}

const META_DIR = path.join(tmpdir(), 'lead-pool-test-templates');
const PREFIX = 'lead_pool_tpl_';
/** Templates of other bundles (other branches, other worktrees) kept beside the current one. */
const KEEP = 6;

export function templatesEnabled(kind: DbKind): boolean {
	return process.env.LEAD_POOL_TEST_TEMPLATE !== 'off' && TEMPLATE_KINDS.includes(kind);
}

/** The template's name: a hash of the inputs of bootstrap and setup. */
export function templateName(kind: DbKind): string {
	const hash = createHash('sha256');
	hash.update(kind);
	hash.update(JSON.parse(readFileSync(path.join(path.dirname(DIRECTUS_CLI), 'package.json'), 'utf8')).version);
	const files = [
		'extensions/lead-pool/dist/api.js',
		'extensions/lead-pool/package.json',
		'schema-snapshot.yaml',
		'scripts/lib/instance.mjs',
		'test/harness/global-setup.ts',
		'test/harness/people.ts',
		'test/harness/template.ts',
		...readdirSync(path.join(ROOT, 'extensions/lead-pool/setup')).map((f) => `extensions/lead-pool/setup/${f}`),
	].sort();
	for (const file of files) {
		hash.update(file);
		hash.update(readFileSync(path.join(ROOT, file)));
	}
	return `${PREFIX}${hash.digest('hex').slice(0, 16)}`;
}

const metaFile = (database: string) => path.join(META_DIR, `${database}.json`);

const server = () => knexFactory({ client: 'mysql2', connection: { host: MARIADB.host, port: MARIADB.port, user: MARIADB.user, password: MARIADB.password, multipleStatements: false }, pool: { min: 1, max: 1 } });

/** The template for this kind, if one was made and is complete. */
export async function findTemplate(kind: DbKind): Promise<TemplateInfo | null> {
	if (!templatesEnabled(kind)) return null;
	const database = templateName(kind);
	if (!existsSync(metaFile(database))) return null;
	const meta = JSON.parse(readFileSync(metaFile(database), 'utf8')) as TemplateInfo;
	const conn = server();
	try {
		const [rows] = await conn.raw('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
		return rows.length === 1 ? meta : null;
	} finally {
		await conn.destroy();
	}
}

/**
 * Keep a set-up database as the template of this kind (a copy of it, so the run goes on using its own). Several
 * runs at once make it once: the others wait on a lock and find it made.
 */
export async function saveTemplate(kind: DbKind, source: string, info: Omit<TemplateInfo, 'database'>): Promise<void> {
	if (!templatesEnabled(kind)) return;
	const database = templateName(kind);
	const conn = server();
	try {
		await conn.raw('SELECT GET_LOCK(?, 600)', [database]);
		try {
			if (await findTemplate(kind)) return;
			await conn.raw('DROP DATABASE IF EXISTS ??', [database]);
			await conn.raw('CREATE DATABASE ?? CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci', [database]);
			await copyMariaDb(conn, source, database);
			mkdirSync(META_DIR, { recursive: true });
			writeFileSync(metaFile(database), JSON.stringify({ ...info, database }));
		} finally {
			await conn.raw('SELECT RELEASE_LOCK(?)', [database]);
		}
		await pruneTemplates(conn, database);
	} finally {
		await conn.destroy();
	}
}

/** Fill an empty database with a copy of the template's tables, rows and triggers; point its admin at `adminToken`. */
export async function copyTemplate(template: TemplateInfo, target: string, adminToken: string): Promise<void> {
	const conn = server();
	try {
		await copyMariaDb(conn, template.database, target);
		await conn.raw('UPDATE ??.directus_users SET token = ? WHERE email = ?', [target, adminToken, template.adminEmail]);
	} finally {
		await conn.destroy();
	}
}

/**
 * Copy every table (definition with its keys, indexes and foreign keys; rows; next auto-increment value) and every
 * trigger from one MariaDB database into another, on one connection: the tables without foreign-key checks, all
 * rows in one transaction, then the triggers (so they do not fire on the copied rows).
 */
async function copyMariaDb(conn: Knex, from: string, to: string): Promise<void> {
	const [tables] = await conn.raw("SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME", [from]);
	const [columns] = await conn.raw(
		"SELECT TABLE_NAME AS tbl, COLUMN_NAME AS col FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND EXTRA NOT LIKE '%GENERATED%' ORDER BY TABLE_NAME, ORDINAL_POSITION",
		[from],
	);
	const [triggers] = await conn.raw('SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?', [from]);
	await conn.raw('USE ??', [to]);
	await conn.raw('SET SESSION foreign_key_checks = 0');
	try {
		for (const { name } of tables) {
			const [[row]] = await conn.raw('SHOW CREATE TABLE ??.??', [from, name]);
			await conn.raw(row['Create Table']);
		}
		await conn.raw('START TRANSACTION');
		for (const { name } of tables) {
			const cols = columns.filter((c: any) => c.tbl === name).map((c: any) => c.col);
			const list = cols.map(() => '??').join(', ');
			await conn.raw(`INSERT INTO ??.?? (${list}) SELECT ${list} FROM ??.??`, [to, name, ...cols, ...cols, from, name]);
		}
		await conn.raw('COMMIT');
		for (const { name } of triggers) {
			const [[row]] = await conn.raw('SHOW CREATE TRIGGER ??.??', [from, name]);
			await conn.raw(`SET SESSION sql_mode = ?`, [row.sql_mode]);
			await conn.raw(row['SQL Original Statement']);
		}
	} finally {
		await conn.raw('SET SESSION foreign_key_checks = 1');
		await conn.raw('SET SESSION sql_mode = DEFAULT');
	}
}

/** Drop the oldest templates beyond KEEP (other bundles'), never the current one. */
async function pruneTemplates(conn: Knex, current: string): Promise<void> {
	const [rows] = await conn.raw('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?', [`${PREFIX}%`]);
	const age = (name: string) => (existsSync(metaFile(name)) ? statSync(metaFile(name)).mtimeMs : 0);
	const others = rows.map((r: any) => r.name as string).filter((n: string) => n !== current).sort((a: string, b: string) => age(b) - age(a));
	for (const name of others.slice(KEEP - 1)) {
		await conn.raw('DROP DATABASE IF EXISTS ??', [name]);
		rmSync(metaFile(name), { force: true });
	}
}
