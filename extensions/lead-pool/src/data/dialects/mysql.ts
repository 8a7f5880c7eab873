import type { Knex } from 'knex';
import { zoneOffsetSeconds } from '../../core/time';
import { BaseDialect } from './common';
import type { Fragment, MissingPart, RawUpdateReturning, SearchSupport, UpdateReturning } from './types';

let supportCache: { at: number; value: SearchSupport } | null = null;

/** Why the last setup could not create a guard or search structure (e.g. no TRIGGER privilege), by part name. */
const failures = new Map<string, string>();

/** The knex instances whose statements are already guarded (a reloaded bundle registers once). */
const guarded = new WeakSet<object>();

/**
 * MySQL and MariaDB (Directus's `mysql` client, driver mysql2). No RETURNING: a write that must report its rows
 * first locks the rows its condition picks (SELECT … FOR UPDATE), writes them by key and reads them back by key:
 * timestamps are kept in whole seconds there, so a row is never found again by a timestamp this run wrote. mysql2's
 * `knex.raw` answers `[rows, fields]`. A backslash is an escape inside string literals, so LIKE escapes with `!`.
 *
 * A trigger here can refuse a row (SIGNAL) but not skip it, and there are no partial or expression indexes, so:
 * - the delete guard refuses to delete a customer that no purge marked, and Directus's own DELETE statements on
 *   crm_customers are narrowed to marked rows (`guardStatements`), which skips the rest as the SQLite and
 *   PostgreSQL triggers do;
 * - the import guard refuses a row marked skipped or merged unless the customer it maps to exists, and Directus's
 *   INSERT of such a row becomes a no-op (ON DUPLICATE KEY UPDATE id = id);
 * - one pending claim request per customer is the primary key of a side table kept by triggers;
 * - the duplicate check finds keywords inside names (2 characters and more) through a side table of the character
 *   pairs of each name key, kept by triggers;
 * - a new customer's id is reserved from a counter table, so its first event can name it.
 */
export class MysqlDialect extends BaseDialect {
	readonly vendor = 'mysql' as const;
	override readonly likeEscapeChar = '!';
	override readonly partialIndexes = false;
	override readonly transactionConfig: Knex.TransactionConfig = { isolationLevel: 'read committed' };

	override rows<T = any>(result: unknown): T[] {
		return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : []) as T[];
	}

	jsonText(column: string, key: string): string {
		return `JSON_UNQUOTE(JSON_EXTRACT(${column}, '$.${key}'))`;
	}

	/** Row locks on the reps' user rows, in id order. */
	async lockReps(sortedIds: string[]): Promise<void> {
		await this.db('directus_users').select('id').whereIn('id', sortedIds).orderBy('id').forUpdate();
	}

	/** A locking read sees the latest committed rows whatever the transaction's isolation level. */
	override latest(q: Knex.QueryBuilder): Knex.QueryBuilder {
		return q.forShare();
	}

	override async updateReturning(u: UpdateReturning): Promise<any[]> {
		const ids = (await this.db(u.table).select('id').where(u.where).forUpdate()).map((r: { id: unknown }) => r.id);
		if (ids.length === 0) return [];
		await this.db(u.table).update(u.set).whereIn('id', ids as any[]);
		return this.db(u.table).select(u.returning).whereIn('id', ids as any[]);
	}

	override async updateReturningRaw(u: RawUpdateReturning): Promise<any[]> {
		const picked = await this.db.raw(`SELECT id FROM ${u.table} WHERE ${u.where.sql} FOR UPDATE`, u.where.bindings as any[]);
		const ids = this.rows<{ id: unknown }>(picked).map((r) => r.id);
		if (ids.length === 0) return [];
		const inIds = `id IN (${ids.map(() => '?').join(', ')})`;
		await this.db.raw(`UPDATE ${u.table} SET ${u.set.sql} WHERE ${inIds}`, [...u.set.bindings, ...ids] as any[]);
		return this.db(u.table).select(u.returning).whereIn('id', ids as any[]);
	}

	/**
	 * The next customer id from the counter table (AUTO_INCREMENT hands out distinct values to concurrent
	 * transactions without holding a lock). A counter that fell behind the table (rows written around Lead Pool, a
	 * restore) is moved past the largest id first. Null where setup has not created the counter.
	 */
	override async reserveId(table: string): Promise<number | null> {
		const counter = COUNTERS[table];
		if (!counter || !(await this.tableExists(counter))) return null;
		for (let attempt = 0; attempt < 5; attempt++) {
			const [id] = (await this.db(counter).insert({})) as number[];
			await this.db(counter).where('id', id!).delete();
			const max = await this.db(table).max({ m: 'id' }).first();
			if (Number(id) > Number(max?.m ?? 0)) return Number(id);
			await this.db.raw(`INSERT IGNORE INTO ${counter} (id) VALUES (?)`, [Number(max!.m) + 1]);
		}
		return null;
	}

	/** MySQL checks references at once; the rows written here refer to a row the transaction inserts next. */
	override async beforeReferenced<T>(write: () => Promise<T>): Promise<T> {
		await this.db.raw('SET SESSION foreign_key_checks = 0');
		try {
			return await write();
		} finally {
			await this.db.raw('SET SESSION foreign_key_checks = 1');
		}
	}

	plusDays(expr: string, days: number): Fragment {
		return { sql: `DATE_ADD(${expr}, INTERVAL ? DAY)`, bindings: [days] };
	}

	/** The zone's offset of now, as on SQLite: the time-zone tables are often not loaded. */
	weekOf(column: string, timeZone: string, now: Date): Fragment {
		const offset = zoneOffsetSeconds(timeZone, now);
		const local = `DATE_ADD(${column}, INTERVAL ? SECOND)`;
		return { sql: `DATE_FORMAT(DATE_SUB(DATE(${local}), INTERVAL WEEKDAY(${local}) DAY), '%Y-%m-%d')`, bindings: [offset, offset] };
	}

	daysBetween(from: string, to: string): string {
		return `TIMESTAMPDIFF(MICROSECOND, ${from}, ${to}) / 86400000000.0`;
	}

	/**
	 * Directus's statements on crm_customers, as the guards need them: a DELETE only reaches rows a purge marked
	 * (the others are left in place, as the SQLite and PostgreSQL triggers skip them), and the INSERT of an import
	 * row the duplicate guard skipped or merged leaves the existing customer as it is. Registered once per process
	 * on Directus's knex; the triggers refuse whatever reaches the database another way.
	 */
	override guardStatements(knex: Knex): boolean {
		if (guarded.has(knex)) return true;
		guarded.add(knex);
		knex.on('start', (builder: any) => {
			if (builder?._single?.table !== 'crm_customers') return;
			if (builder._method === 'del') {
				builder.where('purge_requested', true);
			} else if (builder._method === 'insert') {
				const rows = [builder._single.insert].flat();
				if (rows.some((r: any) => r?.duplicate_status === 'skipped' || r?.duplicate_status === 'merged')) {
					builder.onConflict('id').merge(['id']);
				}
			}
		});
		return true;
	}

	/** See data/schema/guards.ts for what each guard keeps, and the class comment for how MySQL keeps it. */
	override async ensureGuards(): Promise<string[]> {
		const created: string[] = [];
		const triggers = await this.triggerNames();
		const attempt = async (part: string, make: () => Promise<string[]>) => {
			try {
				created.push(...(await make()));
				failures.delete(part);
			} catch (error) {
				failures.set(part, denial(error));
			}
		};
		await attempt('crm_customers_keep_on_delete', async () => {
			if (triggers.has('crm_customers_keep_on_delete')) return [];
			await this.db.raw(`CREATE TRIGGER crm_customers_keep_on_delete BEFORE DELETE ON crm_customers FOR EACH ROW
				BEGIN
					IF NOT (OLD.purge_requested <=> 1) THEN
						SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
							'Lead Pool keeps customers: deleting returns them to their pool through Directus; only an admin purge removes them';
					END IF;
				END`);
			return ['trigger crm_customers_keep_on_delete'];
		});
		if (await this.db.schema.hasColumn('crm_customers', 'duplicate_status')) {
			await attempt('crm_customers_import_guard', async () => {
				if (triggers.has('crm_customers_import_guard')) return [];
				await this.db.raw(`CREATE TRIGGER crm_customers_import_guard BEFORE INSERT ON crm_customers FOR EACH ROW
					BEGIN
						IF NEW.duplicate_status IN ('skipped', 'merged') AND NOT EXISTS (SELECT 1 FROM crm_customers WHERE id = NEW.id) THEN
							SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
								'Lead Pool: an import row marked as a duplicate maps to a customer that does not exist; import it again';
						END IF;
					END`);
				return ['trigger crm_customers_import_guard'];
			});
		}
		await attempt('crm_claim_requests_one_pending', () => this.ensureOnePendingTable(triggers));
		await attempt('lead_pool_customer_ids', async () => {
			if (await this.tableExists(COUNTERS['crm_customers']!)) return [];
			await this.db.raw(`CREATE TABLE IF NOT EXISTS lead_pool_customer_ids (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY)`);
			return ['table lead_pool_customer_ids'];
		});
		return created;
	}

	/** At most one pending request per customer: the customer is the primary key of a side table kept by triggers. */
	private async ensureOnePendingTable(triggers: Set<string>): Promise<string[]> {
		const created: string[] = [];
		if (!(await this.tableExists('lead_pool_pending_requests'))) {
			await this.db.raw(`CREATE TABLE lead_pool_pending_requests (customer INT UNSIGNED NOT NULL PRIMARY KEY,
				request INT UNSIGNED NOT NULL, KEY lead_pool_pending_requests_request (request))`);
			// the oldest pending request of each customer, as it stands
			await this.db.raw(`INSERT IGNORE INTO lead_pool_pending_requests (customer, request)
				SELECT customer, MIN(id) FROM crm_claim_requests WHERE status = 'pending' AND customer IS NOT NULL GROUP BY customer`);
			created.push('table lead_pool_pending_requests');
		}
		const add = 'INSERT INTO lead_pool_pending_requests (customer, request) VALUES (NEW.customer, NEW.id)';
		const statements: [string, string][] = [
			[
				'crm_claim_requests_one_pending_insert',
				`AFTER INSERT ON crm_claim_requests FOR EACH ROW
				BEGIN
					IF NEW.status = 'pending' AND NEW.customer IS NOT NULL THEN ${add}; END IF;
				END`,
			],
			[
				'crm_claim_requests_one_pending_update',
				`AFTER UPDATE ON crm_claim_requests FOR EACH ROW
				BEGIN
					IF OLD.status = 'pending' THEN DELETE FROM lead_pool_pending_requests WHERE request = OLD.id; END IF;
					IF NEW.status = 'pending' AND NEW.customer IS NOT NULL THEN ${add}; END IF;
				END`,
			],
			[
				'crm_claim_requests_one_pending_delete',
				`AFTER DELETE ON crm_claim_requests FOR EACH ROW
				BEGIN
					DELETE FROM lead_pool_pending_requests WHERE request = OLD.id;
				END`,
			],
			// a purge takes the customer's requests along by cascade, which fires no trigger of theirs
			[
				'crm_customers_pending_requests_purge',
				`AFTER DELETE ON crm_customers FOR EACH ROW
				BEGIN
					DELETE FROM lead_pool_pending_requests WHERE customer = OLD.id;
				END`,
			],
		];
		for (const [name, body] of statements) {
			if (triggers.has(name)) continue;
			await this.db.raw(`CREATE TRIGGER ${name} ${body}`);
			created.push(`trigger ${name}`);
		}
		return created;
	}

	/**
	 * The guards by the names install-check knows: a trigger by its own name; one pending request per customer and
	 * the id counter once every object they consist of exists.
	 */
	async guardNames(): Promise<Set<string>> {
		const names = await this.triggerNames();
		const pending = PENDING_TRIGGERS.every((t) => names.has(t)) && (await this.tableExists('lead_pool_pending_requests'));
		if (pending) names.add('crm_claim_requests_one_pending');
		if (await this.tableExists(COUNTERS['crm_customers']!)) names.add('lead_pool_customer_ids');
		return names;
	}

	override whyMissing(part: string): string | null {
		return failures.get(part) ?? null;
	}

	async missingSearchParts(support: SearchSupport): Promise<MissingPart[]> {
		const missing: MissingPart[] = [];
		if (!support.pairs) {
			missing.push({
				part: 'character-pairs index for the duplicate check (table lead_pool_name_pairs and its triggers)',
				reason: failures.get('lead_pool_name_pairs') ?? 'setup has not created it on this database',
				cost:
					'a keyword inside a name (e.g. the 2 characters "华尔") is searched by reading the customers table beyond the newest ' +
					'ones, slower as the table grows.',
				fix: 'run setup again as a database user with the CREATE and TRIGGER privileges.',
			});
		}
		missing.push({
			part: 'search index for local phone numbers (a number without its area code)',
			reason: 'MySQL and MariaDB have no trigram index (pg_trgm on PostgreSQL, FTS5 on SQLite serve this there)',
			cost:
				'whole phone numbers and e-mail addresses come from indexes, but a local number is matched against the end of every phone ' +
				'key (about 45 ms at 100,000 customers, growing with the table).',
		});
		return missing;
	}

	/**
	 * The character pairs of every name key in a side table (pair, customer), filled once here and kept by triggers:
	 * a keyword of 2 or more characters is found through the rows of its pairs, never by reading the customers table.
	 */
	override async ensureSearchIndexes(): Promise<string[]> {
		const created: string[] = [];
		try {
			const triggers = await this.triggerNames();
			if (!(await this.tableExists('lead_pool_name_pairs'))) {
				await this.db.raw(`CREATE TABLE lead_pool_name_pairs (
					pair VARCHAR(2) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
					customer INT UNSIGNED NOT NULL,
					PRIMARY KEY (pair, customer), KEY lead_pool_name_pairs_customer (customer)
				) DEFAULT CHARSET = utf8mb4`);
				created.push('table lead_pool_name_pairs');
			}
			const rebuild = !triggers.has('crm_customers_name_pairs_insert') || !triggers.has('crm_customers_name_pairs_update');
			for (const [name, sql] of PAIR_TRIGGERS) {
				if (triggers.has(name)) continue;
				await this.db.raw(`CREATE TRIGGER ${name} ${sql}`);
				created.push(`trigger ${name}`);
			}
			// with the triggers in place, fill the pairs of every key once (rows written while they were missing too)
			if (rebuild) await this.fillPairs();
			failures.delete('lead_pool_name_pairs');
		} catch (error) {
			failures.set('lead_pool_name_pairs', denial(error));
		}
		supportCache = null;
		return created;
	}

	/** Every name key's pairs, in chunks of customers by id (a few thousand rows a statement). */
	private async fillPairs(): Promise<void> {
		const digits = '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 ' +
			'UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
		const positions = `(SELECT a.d * 100 + b.d * 10 + c.d + 1 AS i FROM ${digits} AS a CROSS JOIN ${digits} AS b CROSS JOIN ${digits} AS c)`;
		let lastId = 0;
		for (;;) {
			const rows = await this.db('crm_customers').select('id').where('id', '>', lastId).orderBy('id').limit(2000);
			if (rows.length === 0) break;
			const upTo = Number(rows[rows.length - 1].id);
			await this.db.raw(
				`INSERT IGNORE INTO lead_pool_name_pairs (pair, customer)
				 SELECT SUBSTRING(c.name_key, p.i, 2), c.id FROM crm_customers AS c JOIN ${positions} AS p ON p.i < CHAR_LENGTH(c.name_key)
				 WHERE c.id > ? AND c.id <= ? AND c.name_key IS NOT NULL`,
				[lastId, upTo],
			);
			lastId = upTo;
		}
	}

	/** Set the pairs' upkeep aside while setup fills many keys; `ensureSearchIndexes` refills them after. */
	override async suspendSearchUpkeep(): Promise<boolean> {
		const existing = await this.triggerNames();
		const names = PAIR_TRIGGERS.map(([name]) => name).filter((n) => existing.has(n));
		for (const name of names) await this.db.raw(`DROP TRIGGER IF EXISTS ${name}`);
		if (names.length > 0 && (await this.tableExists('lead_pool_name_pairs'))) await this.db('lead_pool_name_pairs').delete();
		supportCache = null;
		return names.length > 0;
	}

	override async searchSupport(): Promise<SearchSupport> {
		if (supportCache && Date.now() - supportCache.at < 30_000) return supportCache.value;
		const triggers = await this.triggerNames();
		const pairs = PAIR_TRIGGERS.every(([name]) => triggers.has(name)) && (await this.tableExists('lead_pool_name_pairs'));
		const value: SearchSupport = { trgm: false, pairs, fts: false, prefix: false, range: false, keysTable: 'crm_customers' };
		supportCache = { at: Date.now(), value };
		return value;
	}

	/**
	 * Customers whose name key holds every pair of the keyword (through the pairs table's primary key, at most four
	 * pairs: the first, the last and two between), checked against the keyword itself.
	 */
	override pairsQuery(key: string, contains: string, _table: string): Fragment {
		const chars = [...key];
		const all = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
		const picked = all.length <= 4 ? all : [all[0]!, all[Math.floor(all.length / 3)]!, all[Math.floor((2 * all.length) / 3)]!, all[all.length - 1]!];
		const unique = [...new Set(picked)];
		const joins = unique.slice(1).map((_, i) => `JOIN lead_pool_name_pairs AS p${i + 1} ON p${i + 1}.customer = p0.customer AND p${i + 1}.pair = ?`);
		return {
			sql: `SELECT c.id FROM lead_pool_name_pairs AS p0 ${joins.join(' ')}
				JOIN crm_customers AS c ON c.id = p0.customer
				WHERE p0.pair = ? AND c.name_key LIKE ? ESCAPE '${this.likeEscapeChar}' LIMIT ?`,
			bindings: [...unique.slice(1), unique[0], contains],
		};
	}

	async indexExists(table: string, name: string): Promise<boolean> {
		const rows = await this.db('information_schema.statistics')
			.where({ table_schema: this.db.raw('database()'), table_name: table, index_name: name })
			.select('index_name');
		return rows.length > 0;
	}

	private async triggerNames(): Promise<Set<string>> {
		const names = await this.db('information_schema.triggers').where({ trigger_schema: this.db.raw('database()') }).pluck('trigger_name');
		return new Set(names.map(String));
	}

	private async tableExists(name: string): Promise<boolean> {
		return this.db.schema.hasTable(name);
	}
}

/** The counter table that reserves ids of a table's new rows. */
const COUNTERS: Record<string, string> = { crm_customers: 'lead_pool_customer_ids' };

const PENDING_TRIGGERS = [
	'crm_claim_requests_one_pending_insert',
	'crm_claim_requests_one_pending_update',
	'crm_claim_requests_one_pending_delete',
	'crm_customers_pending_requests_purge',
];

/** The pairs of NEW.name_key into the side table (a loop over the key's characters). */
const ADD_PAIRS = `
	IF NEW.name_key IS NOT NULL THEN
		SET i = 1;
		WHILE i < CHAR_LENGTH(NEW.name_key) DO
			INSERT IGNORE INTO lead_pool_name_pairs (pair, customer) VALUES (SUBSTRING(NEW.name_key, i, 2), NEW.id);
			SET i = i + 1;
		END WHILE;
	END IF;`;

const PAIR_TRIGGERS: [string, string][] = [
	['crm_customers_name_pairs_insert', `AFTER INSERT ON crm_customers FOR EACH ROW BEGIN DECLARE i INT DEFAULT 1; ${ADD_PAIRS} END`],
	[
		'crm_customers_name_pairs_update',
		`AFTER UPDATE ON crm_customers FOR EACH ROW BEGIN
			DECLARE i INT DEFAULT 1;
			IF NOT (OLD.name_key <=> NEW.name_key) THEN
				DELETE FROM lead_pool_name_pairs WHERE customer = OLD.id;
				${ADD_PAIRS}
			END IF;
		END`,
	],
	['crm_customers_name_pairs_delete', `AFTER DELETE ON crm_customers FOR EACH ROW BEGIN DELETE FROM lead_pool_name_pairs WHERE customer = OLD.id; END`],
];

/** What the database said when it refused to create a part, for the setup report. */
function denial(error: unknown): string {
	const message = String((error as { sqlMessage?: string })?.sqlMessage ?? (error as Error)?.message ?? error);
	return `the database refused to create it: ${message}`;
}
