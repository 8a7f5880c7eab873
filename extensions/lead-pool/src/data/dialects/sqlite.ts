import type { Knex } from 'knex';
import { DAY_MS, zoneOffsetSeconds } from '../../core/time';
import { BaseDialect } from './common';
import type { Fragment, MissingPart, SearchSupport, ValuesUpdate } from './types';

/** The table's references change only with a schema change: read once a minute, not on every create. */
const foreignKeys = new Map<string, { at: number; list: { table: string; from: string; to: string | null }[] }>();

let supportCache: { at: number; value: SearchSupport } | null = null;

/**
 * SQLite: one writer at a time (no row locks needed), timestamps as epoch milliseconds, RETURNING, scalar MIN/MAX,
 * no time-zone rules, FTS5 with the trigram tokenizer for "contains" searches, triggers that skip a row.
 */
export class SqliteDialect extends BaseDialect {
	readonly vendor = 'sqlite' as const;

	override writeTs(date: Date): number {
		return date.getTime();
	}

	override rows<T = any>(result: unknown): T[] {
		return (Array.isArray(result) ? result : []) as T[];
	}

	jsonText(column: string, key: string): string {
		return `CAST(json_extract(${column}, '$.${key}') AS TEXT)`;
	}

	/** SQLite already runs one writer at a time. */
	async lockReps(_sortedIds: string[]): Promise<void> {}

	override forUpdate(q: Knex.QueryBuilder): Knex.QueryBuilder {
		return q;
	}

	/** Without a condition or an answer, one UPDATE … FROM (VALUES …) per few thousand rows. */
	override async updateFromValues(u: ValuesUpdate): Promise<any[]> {
		if (u.whereNull?.length || u.returning?.length) return super.updateFromValues(u);
		const names = u.columns.map(([name]) => name);
		const [key, ...set] = names;
		const constants = Object.entries(u.constants ?? {});
		const assignments = [...set.map((c) => `${c} = v.${c}`), ...constants.map(([c]) => `${c} = ?`)].join(', ');
		const perStatement = Math.max(1, Math.floor(30_000 / names.length));
		for (let i = 0; i < u.rows.length; i += perStatement) {
			const chunk = u.rows.slice(i, i + perStatement);
			const values = chunk.map(() => `(${names.map(() => '?').join(', ')})`).join(', ');
			await this.db.raw(
				`WITH v(${names.join(', ')}) AS (VALUES ${values})
				 UPDATE ${u.table} SET ${assignments} FROM v WHERE ${u.table}.${key} = v.${key}`,
				[...chunk.flat(), ...constants.map(([, value]) => value)] as any[],
			);
		}
		return [];
	}

	/** The next id: past both the largest id and the AUTOINCREMENT counter, inside the writing transaction. */
	override async reserveId(table: string): Promise<number | null> {
		const max = await this.db(table).max({ m: 'id' }).first();
		const seq = await this.db('sqlite_sequence')
			.first('seq')
			.where('name', table)
			.catch(() => null);
		return Math.max(Number(max?.m ?? 0), Number(seq?.seq ?? 0)) + 1;
	}

	/**
	 * SQLite checks deferred references at commit, and a failed COMMIT leaves its single connection inside the
	 * transaction; checking them first turns a bad reference into a clear refusal instead.
	 */
	override async deferReferences(table: string, payload: Record<string, unknown>): Promise<[string, unknown] | null> {
		let cached = foreignKeys.get(table);
		if (!cached || Date.now() - cached.at > 60_000) {
			const list = (await this.db.raw(`PRAGMA foreign_key_list(${table})`)) as { table: string; from: string; to: string | null }[];
			cached = { at: Date.now(), list };
			foreignKeys.set(table, cached);
		}
		for (const fk of cached.list) {
			let value = payload[fk.from];
			if (value && typeof value === 'object' && 'id' in value) value = (value as { id: unknown }).id;
			if (value === null || value === undefined || typeof value === 'object') continue;
			const target = fk.to ?? 'id';
			if (!(await this.db(fk.table).first(target).where(target, value as any))) return [fk.from, value];
		}
		await this.db.raw('PRAGMA defer_foreign_keys = ON');
		return null;
	}

	override greatest(a: string, b: string): string {
		return `MAX(${a}, ${b})`;
	}

	override least(a: string, b: string): string {
		return `MIN(${a}, ${b})`;
	}

	plusDays(expr: string, days: number): Fragment {
		return { sql: `(${expr} + ?)`, bindings: [days * DAY_MS] };
	}

	/** SQLite has no zone rules: the zone's offset of now is used. */
	weekOf(column: string, timeZone: string, now: Date): Fragment {
		return { sql: `date(${column} / 1000 + ?, 'unixepoch', 'weekday 0', '-6 days')`, bindings: [zoneOffsetSeconds(timeZone, now)] };
	}

	daysBetween(from: string, to: string): string {
		return `(${to} - ${from}) / 86400000.0`;
	}

	/**
	 * Directus keeps `date` values as epoch milliseconds on SQLite; rows written by other tools may hold
	 * 'YYYY-MM-DD' text, so a normalised day is compared.
	 */
	override whereDayBetween(q: Knex.QueryBuilder, column: string, fromDay: string, lastDay: string): Knex.QueryBuilder {
		const day = `(CASE WHEN typeof("${column}") IN ('integer', 'real') THEN strftime('%Y-%m-%d', "${column}" / 1000, 'unixepoch')
			ELSE substr("${column}", 1, 10) END)`;
		return q.whereRaw(`${day} BETWEEN ? AND ?`, [fromDay, lastDay]);
	}

	async indexExists(_table: string, name: string): Promise<boolean> {
		return (await this.db('sqlite_master').where({ type: 'index', name }).select('name')).length > 0;
	}

	/** SQLite cannot drop a constraint: knex rebuilds the table without it (as Directus does), indexes included. */
	override async dropForeignKey(table: string, column: string): Promise<boolean> {
		const keys = (await this.db.raw('PRAGMA foreign_key_list(??)', [table])) as { from: string }[];
		if (!keys.some((k) => k.from === column)) return false;
		await this.db.schema.alterTable(table, (t) => t.dropForeign([column]));
		foreignKeys.delete(table);
		return true;
	}

	/** See data/schema/guards.ts for what each guard keeps. */
	override async ensureGuards(): Promise<string[]> {
		const created: string[] = [];
		const has = async (type: string, name: string) => !!(await this.db('sqlite_master').where({ type, name }).first());
		if (!(await has('trigger', 'crm_customers_keep_on_delete'))) {
			await this.db.raw(`CREATE TRIGGER IF NOT EXISTS crm_customers_keep_on_delete BEFORE DELETE ON crm_customers
				FOR EACH ROW WHEN OLD.purge_requested IS NOT 1 AND OLD.purge_requested IS NOT 'true'
				BEGIN SELECT RAISE(IGNORE); END`);
			created.push('trigger crm_customers_keep_on_delete');
		}
		if (!(await has('trigger', 'crm_customers_import_guard')) && (await this.db.schema.hasColumn('crm_customers', 'duplicate_status'))) {
			await this.db.raw(`CREATE TRIGGER IF NOT EXISTS crm_customers_import_guard BEFORE INSERT ON crm_customers
				FOR EACH ROW WHEN NEW.duplicate_status IN ('skipped', 'merged')
				BEGIN SELECT RAISE(IGNORE); END`);
			created.push('trigger crm_customers_import_guard');
		}
		await this.ensureOnePendingRequest(created);
		return created;
	}

	async guardNames(): Promise<Set<string>> {
		const names: string[] = await this.db('sqlite_master')
			.whereIn('type', ['trigger', 'index'])
			.whereIn('tbl_name', ['crm_customers', 'crm_claim_requests'])
			.pluck('name');
		return new Set(names.map(String));
	}

	async missingSearchParts(support: SearchSupport): Promise<MissingPart[]> {
		if (support.fts) return [];
		return [
			{
				part: 'FTS5 trigram index for the duplicate check',
				reason: 'this SQLite has no FTS5 trigram tokenizer (it needs SQLite 3.34 or newer built with FTS5)',
				cost: 'a keyword inside a name or phone number is searched by reading the customers table beyond the newest ones.',
			},
		];
	}

	/** An FTS5 table with the trigram tokenizer over the name and phone keys, kept in step by triggers. */
	override async ensureSearchIndexes(): Promise<string[]> {
		const created: string[] = [];
		let table = await this.db('sqlite_master').where({ type: 'table', name: 'crm_customers_keys_fts' }).first();
		if (table && !String(table.sql).includes('case_sensitive 0')) {
			// keys are lower case already; only a case-insensitive trigram table serves LIKE from its index
			await this.suspendSearchUpkeep();
			await this.db.raw('DROP TABLE crm_customers_keys_fts');
			table = undefined;
		}
		if (!table && (await this.hasTrigram())) {
			await this.db.raw(`CREATE VIRTUAL TABLE crm_customers_keys_fts USING fts5(name_key, phone_key, content='crm_customers',
				content_rowid='id', tokenize='trigram case_sensitive 0')`);
			await this.db.raw(`INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts) VALUES ('rebuild')`);
			created.push('fts5 crm_customers_keys_fts');
		}
		if (table || created.length > 0) {
			// the triggers go when Directus rebuilds the table for a schema change; setup puts them back
			for (const [name, sql] of FTS_TRIGGERS) {
				if (await this.db('sqlite_master').where({ type: 'trigger', name }).first()) continue;
				await this.db.raw(sql);
				created.push(`trigger ${name}`);
			}
			if (!created.includes('fts5 crm_customers_keys_fts') && created.length > 0) {
				await this.db.raw(`INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts) VALUES ('rebuild')`);
			}
		}
		supportCache = null;
		return created;
	}

	/** Drop the FTS upkeep triggers (one index write per row); `ensureSearchIndexes` rebuilds in one pass after. */
	override async suspendSearchUpkeep(): Promise<boolean> {
		const names = FTS_TRIGGERS.map(([name]) => name);
		const existing: string[] = await this.db('sqlite_master').where({ type: 'trigger' }).whereIn('name', names).pluck('name');
		for (const name of names.filter((n) => existing.includes(n))) await this.db.raw(`DROP TRIGGER IF EXISTS ${name}`);
		supportCache = null;
		return existing.length > 0;
	}

	override async searchSupport(): Promise<SearchSupport> {
		if (supportCache && Date.now() - supportCache.at < 30_000) return supportCache.value;
		const fts = !!(await this.db('sqlite_master').where({ type: 'trigger', name: 'crm_customers_keys_fts_insert' }).first());
		const value: SearchSupport = { trgm: false, pairs: false, fts, prefix: false, range: true, keysTable: 'crm_customers' };
		supportCache = { at: Date.now(), value };
		return value;
	}

	private async hasTrigram(): Promise<boolean> {
		try {
			await this.db.raw(`CREATE VIRTUAL TABLE temp.lead_pool_trigram_probe USING fts5(x, tokenize='trigram')`);
			await this.db.raw('DROP TABLE temp.lead_pool_trigram_probe');
			return true;
		} catch {
			return false;
		}
	}
}

const FTS_TRIGGERS: [string, string][] = [
	[
		'crm_customers_keys_fts_insert',
		`CREATE TRIGGER IF NOT EXISTS crm_customers_keys_fts_insert AFTER INSERT ON crm_customers BEGIN
			INSERT INTO crm_customers_keys_fts(rowid, name_key, phone_key) VALUES (NEW.id, NEW.name_key, NEW.phone_key);
		END`,
	],
	[
		'crm_customers_keys_fts_delete',
		`CREATE TRIGGER IF NOT EXISTS crm_customers_keys_fts_delete AFTER DELETE ON crm_customers BEGIN
			INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts, rowid, name_key, phone_key)
			VALUES ('delete', OLD.id, OLD.name_key, OLD.phone_key);
		END`,
	],
	[
		'crm_customers_keys_fts_update',
		`CREATE TRIGGER IF NOT EXISTS crm_customers_keys_fts_update AFTER UPDATE OF name_key, phone_key ON crm_customers BEGIN
			INSERT INTO crm_customers_keys_fts(crm_customers_keys_fts, rowid, name_key, phone_key)
			VALUES ('delete', OLD.id, OLD.name_key, OLD.phone_key);
			INSERT INTO crm_customers_keys_fts(rowid, name_key, phone_key) VALUES (NEW.id, NEW.name_key, NEW.phone_key);
		END`,
	],
];
