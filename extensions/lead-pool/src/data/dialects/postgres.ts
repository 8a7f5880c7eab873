import { POOL_ARRIVALS, TAKEN_FROM_POOL } from '../../core/events';
import { BaseDialect } from './common';
import type { Db, Fragment, MissingPart, SearchSupport, ValuesUpdate } from './types';

let supportCache: { at: number; value: SearchSupport } | null = null;
/** The narrow table the duplicate check searches: each customer's stored keys (see ensureSearchIndexes). */
const KEYS_TABLE = 'crm_customer_keys';
const KEYS_TRIGGERS = ['crm_customer_keys_insert', 'crm_customer_keys_update', 'crm_customer_keys_delete'];
/** The keys table's indexes, [name, definition after ON crm_customer_keys]. */
const KEY_INDEXES: [string, string][] = [
	['crm_customer_keys_name_key_idx', '(name_key)'],
	['crm_customer_keys_phone_key_idx', '(phone_key)'],
	['crm_customer_keys_email_key_idx', '(email_key)'],
	// prefix matches in key order from the index, whatever the database's collation
	['crm_customer_keys_name_key_c_idx', '((name_key COLLATE "C"), id)'],
	['crm_customer_keys_name_pairs_idx', 'USING gin (lead_pool_pairs(name_key))'],
];
const TRGM_INDEXES: [string, string][] = [
	['crm_customer_keys_name_trgm_idx', 'USING gin (name_key gin_trgm_ops)'],
	['crm_customer_keys_phone_trgm_idx', 'USING gin (phone_key gin_trgm_ops)'],
];
/** Indexes earlier installs had on crm_customers, each with the keys-table index that serves its queries now. */
const MOVED_INDEXES: [string, string][] = [
	['crm_customers_name_key_index', 'crm_customer_keys_name_key_idx'],
	['crm_customers_phone_key_index', 'crm_customer_keys_phone_key_idx'],
	['crm_customers_email_key_index', 'crm_customer_keys_email_key_idx'],
	['crm_customers_name_key_c_idx', 'crm_customer_keys_name_key_c_idx'],
	['crm_customers_name_pairs_idx', 'crm_customer_keys_name_pairs_idx'],
	['crm_customers_name_trgm_idx', 'crm_customer_keys_name_trgm_idx'],
	['crm_customers_phone_trgm_idx', 'crm_customer_keys_phone_trgm_idx'],
];
let rollupsCache: { at: number; value: boolean } | null = null;
/** Why the database refused to create the rollups, when it did (the reports then read the events). */
let rollupsRefused: string | null = null;
/** The triggers that keep the rollups, each [name, table, what it fires on, transition tables, function]. */
const ROLLUP_TRIGGERS: [string, string, string, string, string][] = [
	['crm_events_rollups_insert', 'crm_events', 'INSERT', 'NEW TABLE AS new_events', 'lead_pool_event_rollups'],
	['crm_events_rollups_update', 'crm_events', 'UPDATE', 'OLD TABLE AS old_events NEW TABLE AS new_events', 'lead_pool_event_rollups'],
	['crm_customers_rollups_insert', 'crm_customers', 'INSERT', 'NEW TABLE AS new_rows', 'lead_pool_customer_rollups'],
	['crm_customers_rollups_update', 'crm_customers', 'UPDATE', 'OLD TABLE AS old_rows NEW TABLE AS new_rows', 'lead_pool_customer_rollups'],
	['crm_customers_rollups_delete', 'crm_customers', 'DELETE', 'OLD TABLE AS old_rows', 'lead_pool_customer_rollups'],
];
/**
 * Planner settings of the rollups' trigger functions. Every statement there is keyed by the written rows: index
 * lookups, never a scan of a rollup (a table just filled has no statistics yet, and a hash join over 4.6M stays cost
 * 300 ms per claim at 10M customers).
 */
const KEYED_LOOKUPS = 'SET enable_seqscan = off SET enable_hashjoin = off SET enable_mergejoin = off SET jit = off';

/** Event actions as an SQL list, for the trigger functions' bodies (constants of core/events, never input). */
function actionList(actions: readonly string[]): string {
	if (!actions.every((a) => /^[a-z_]+$/.test(a))) throw new Error('event actions are plain names');
	return actions.map((a) => `'${a}'`).join(', ');
}

/** An event's UTC hour, as a timestamp: what crm_event_hours counts by. */
const HOUR_OF = (column: string) => `date_trunc('hour', ${column} AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
/** The stay each arrival of a customer in a pool begins, with the first take after it (as the live report finds it). */
const FIRST_TAKE = `(SELECT min(t.date_created) FROM crm_events AS t WHERE t.customer = a.customer
	AND t.action IN (${actionList(TAKEN_FROM_POOL)}) AND t.date_created >= a.date_created AND t.id > a.id)`;

/**
 * PostgreSQL: advisory locks per rep, RETURNING and writable CTEs, UPDATE … FROM (VALUES …) for many rows at once,
 * zone-aware week arithmetic, deferrable constraints, and pg_trgm / character-pair / C-collation indexes for the
 * duplicate search.
 */
export class PostgresDialect extends BaseDialect {
	readonly vendor = 'postgres' as const;
	override readonly jsonCast = '::json';
	override readonly writableCte = true;
	override readonly materialized = 'MATERIALIZED ';
	override readonly keepsRollups = true;

	override analytic<T>(run: (db: Db) => Promise<T>): Promise<T> {
		return this.withSettings(['jit = off'], run);
	}

	/** Reads in one transaction with planner settings of their own (SET LOCAL: they end with it). */
	private withSettings<T>(settings: string[], run: (db: Db) => Promise<T>): Promise<T> {
		return this.db.transaction(async (trx) => {
			for (const setting of settings) await trx.raw(`SET LOCAL ${setting}`);
			return run(trx);
		});
	}

	jsonText(column: string, key: string): string {
		return `(${column}::jsonb ->> '${key}')`;
	}

	/** A transaction-scoped advisory lock per rep, taken in id order. */
	async lockReps(sortedIds: string[]): Promise<void> {
		await this.db.raw(`SELECT pg_advisory_xact_lock(hashtext('lead-pool:rep:' || x)) FROM unnest(?::text[]) AS x ORDER BY x`, [sortedIds]);
	}

	/** One UPDATE … FROM (VALUES …) per 5,000 rows. */
	override async updateFromValues(u: ValuesUpdate): Promise<any[]> {
		const names = u.columns.map(([name]) => name);
		const [key, ...set] = names;
		const constants = Object.entries(u.constants ?? {});
		const assignments = [...set.map((c) => `${c} = v.${c}`), ...constants.map(([c]) => `${c} = ?`)].join(', ');
		const guard = (u.whereNull ?? []).map((c) => ` AND t.${c} IS NULL`).join('');
		const returning = u.returning?.length ? ` RETURNING ${u.returning.map((c) => `t.${c}`).join(', ')}` : '';
		const row = `(${u.columns.map(([, type]) => `?::${type}`).join(', ')})`;
		const changed: any[] = [];
		for (let i = 0; i < u.rows.length; i += 5000) {
			const chunk = u.rows.slice(i, i + 5000);
			const result = await this.db.raw(
				`UPDATE ${u.table} AS t SET ${assignments}
				 FROM (VALUES ${chunk.map(() => row).join(', ')}) AS v(${names.join(', ')})
				 WHERE t.${key} = v.${key}${guard}${returning}`,
				[...constants.map(([, value]) => value), ...chunk.flat()] as any[],
			);
			changed.push(...this.rows(result));
		}
		return changed;
	}

	override async reserveId(table: string): Promise<number | null> {
		const result = await this.db.raw(`SELECT nextval(pg_get_serial_sequence(?, 'id')) AS id`, [table]);
		return Number(this.rows<{ id: string }>(result)[0]!.id);
	}

	plusDays(expr: string, days: number): Fragment {
		return { sql: `${expr} + (? * INTERVAL '1 day')`, bindings: [days] };
	}

	weekOf(column: string, timeZone: string): Fragment {
		return { sql: `to_char(date_trunc('week', ${column} AT TIME ZONE ?), 'YYYY-MM-DD')`, bindings: [timeZone] };
	}

	daysBetween(from: string, to: string): string {
		return `EXTRACT(EPOCH FROM (${to} - ${from})) / 86400.0`;
	}

	async indexExists(_table: string, name: string): Promise<boolean> {
		return !!(await this.db('pg_indexes').where({ indexname: name }).first());
	}

	/** See data/schema/guards.ts for what each guard keeps. */
	override async ensureGuards(): Promise<string[]> {
		const created: string[] = [];
		const hasTrigger = async (name: string) => !!(await this.db('pg_trigger').where({ tgname: name }).first());
		if (!(await hasTrigger('crm_customers_keep_on_delete'))) {
			await this.db.raw(`CREATE OR REPLACE FUNCTION lead_pool_keep_customers() RETURNS trigger AS $$
				BEGIN
					IF OLD.purge_requested IS TRUE THEN RETURN OLD; END IF;
					RETURN NULL;
				END $$ LANGUAGE plpgsql`);
			await this.db.raw(`CREATE TRIGGER crm_customers_keep_on_delete BEFORE DELETE ON crm_customers
				FOR EACH ROW EXECUTE FUNCTION lead_pool_keep_customers()`);
			created.push('trigger crm_customers_keep_on_delete');
		}
		if (!(await hasTrigger('crm_customers_import_guard')) && (await this.db.schema.hasColumn('crm_customers', 'duplicate_status'))) {
			await this.db.raw(`CREATE OR REPLACE FUNCTION lead_pool_import_guard() RETURNS trigger AS $$
				BEGIN
					IF NEW.duplicate_status IN ('skipped', 'merged') THEN RETURN NULL; END IF;
					RETURN NEW;
				END $$ LANGUAGE plpgsql`);
			await this.db.raw(`CREATE TRIGGER crm_customers_import_guard BEFORE INSERT ON crm_customers
				FOR EACH ROW EXECUTE FUNCTION lead_pool_import_guard()`);
			created.push('trigger crm_customers_import_guard');
		}
		// A new customer's first event is written in the same transaction, just before the customer row itself.
		const fk = await this.db('pg_constraint').first('condeferred').where({ conname: 'crm_events_customer_foreign' });
		if (fk && !fk.condeferred) {
			await this.db.raw('ALTER TABLE crm_events ALTER CONSTRAINT crm_events_customer_foreign DEFERRABLE INITIALLY DEFERRED');
			created.push('deferred constraint crm_events_customer_foreign');
		}
		await this.ensureOnePendingRequest(created);
		return created;
	}

	/**
	 * The duplicate check's search structures, on a narrow table of their own: `crm_customer_keys` (id, name_key,
	 * phone_key, email_key), a copy of each customer's stored keys kept in step by triggers on crm_customers. It holds
	 * the exact-key indexes, `pg_trgm` GIN indexes on the name and phone keys (keywords of 3+ characters), a GIN index on
	 * the name key's character pairs (2-character keywords, which trigrams cannot serve, e.g. "华尔") and a C-collation
	 * index for prefixes. Where the extension cannot be created (no contrib package, no right to create it) the pairs
	 * index alone serves every length.
	 *
	 * Why a table of their own: a change of owner is not a HOT update (indexed columns change), so it writes an entry
	 * into every index of the row. On the wide table the search indexes took that cost on every claim, release and
	 * reclaim without ever being asked about owners; here only a change of name, phone or e-mail writes them.
	 * Earlier installs kept these indexes on crm_customers: they are dropped once the keys table has its own.
	 */
	override async ensureSearchIndexes(): Promise<string[]> {
		const created: string[] = [];
		if (!(await this.db('pg_proc').where({ proname: 'lead_pool_pairs' }).first())) {
			// every distinct pair of neighbouring characters of a key, e.g. 华尔太 → {华尔, 尔太}
			await this.db.raw(`CREATE OR REPLACE FUNCTION lead_pool_pairs(value text) RETURNS text[] AS $$
				SELECT coalesce(array_agg(DISTINCT substr(value, i, 2)), '{}'::text[])
				FROM generate_series(1, greatest(length(value) - 1, 0)) AS i
			$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE`);
			created.push('function lead_pool_pairs');
		}
		await this.ensureKeysTable(created);
		/** An index on the keys table by name, and what follows ON crm_customer_keys in its definition. */
		const index = async (name: string, definition: string) => {
			if (await this.indexExists(KEYS_TABLE, name)) return;
			try {
				await this.db.raw(`CREATE INDEX IF NOT EXISTS ${name} ON ${KEYS_TABLE} ${definition}`);
			} catch (error) {
				// another instance's start made it at the same moment
				if (await this.indexExists(KEYS_TABLE, name)) return;
				throw error;
			}
			created.push(`index ${name}`);
		};
		for (const [name, definition] of KEY_INDEXES) await index(name, definition);
		if (await this.ensureTrgm()) for (const [name, definition] of TRGM_INDEXES) await index(name, definition);
		// the wide table's copies of these, from earlier installs: only once the keys table serves what each served
		for (const [old, replacement] of MOVED_INDEXES) {
			if (!(await this.indexExists('crm_customers', old)) || !(await this.indexExists(KEYS_TABLE, replacement))) continue;
			await this.db.raw('DROP INDEX IF EXISTS ??', [old]);
			created.push(`dropped ${old}`);
		}
		supportCache = null;
		return created;
	}

	/**
	 * The keys table and the triggers that keep it, created and filled in one transaction that makes customer writes
	 * wait (a second instance starting at the same moment waits, then finds it made). Where the table is there but a
	 * trigger is not (a restore without triggers), the triggers come back and the table is brought in step again.
	 */
	private async ensureKeysTable(created: string[]): Promise<void> {
		const kept = async (db: Db) =>
			(await db('pg_trigger').whereIn('tgname', KEYS_TRIGGERS).pluck('tgname')).length === KEYS_TRIGGERS.length &&
			!!(await db('pg_tables').where({ schemaname: db.raw('current_schema()'), tablename: KEYS_TABLE }).first());
		if (await kept(this.db)) return;
		const made = await this.db.transaction(async (trx) => {
			await trx.raw('LOCK TABLE crm_customers IN SHARE ROW EXCLUSIVE MODE');
			// another instance's setup made it while this one waited on the lock: nothing of this setup's to report
			if (await kept(trx)) return false;
			// one-column primary key: Directus reads it as a table of its own (no collection, no permission: nobody's reads)
			await trx.raw(`CREATE TABLE IF NOT EXISTS ${KEYS_TABLE} (id integer PRIMARY KEY, name_key text, phone_key text, email_key text)`);
			await trx.raw(`CREATE OR REPLACE FUNCTION lead_pool_keys_added() RETURNS trigger AS $$
				BEGIN
					INSERT INTO ${KEYS_TABLE} (id, name_key, phone_key, email_key)
					SELECT id, name_key, phone_key, email_key FROM added_rows
					ON CONFLICT (id) DO UPDATE SET name_key = excluded.name_key, phone_key = excluded.phone_key, email_key = excluded.email_key;
					RETURN NULL;
				END $$ LANGUAGE plpgsql`);
			await trx.raw(`CREATE OR REPLACE FUNCTION lead_pool_keys_changed() RETURNS trigger AS $$
				BEGIN
					INSERT INTO ${KEYS_TABLE} (id, name_key, phone_key, email_key) VALUES (NEW.id, NEW.name_key, NEW.phone_key, NEW.email_key)
					ON CONFLICT (id) DO UPDATE SET name_key = excluded.name_key, phone_key = excluded.phone_key, email_key = excluded.email_key;
					RETURN NULL;
				END $$ LANGUAGE plpgsql`);
			await trx.raw(`CREATE OR REPLACE FUNCTION lead_pool_keys_removed() RETURNS trigger AS $$
				BEGIN
					DELETE FROM ${KEYS_TABLE} AS k USING removed_rows AS r WHERE k.id = r.id;
					RETURN NULL;
				END $$ LANGUAGE plpgsql`);
			await trx.raw('DROP TRIGGER IF EXISTS crm_customer_keys_insert ON crm_customers');
			await trx.raw(`CREATE TRIGGER crm_customer_keys_insert AFTER INSERT ON crm_customers
				REFERENCING NEW TABLE AS added_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_pool_keys_added()`);
			// a row trigger on the key columns only: an UPDATE that does not set them (every ownership change) never fires it
			await trx.raw('DROP TRIGGER IF EXISTS crm_customer_keys_update ON crm_customers');
			await trx.raw(`CREATE TRIGGER crm_customer_keys_update AFTER UPDATE OF name_key, phone_key, email_key ON crm_customers
				FOR EACH ROW WHEN (OLD.name_key IS DISTINCT FROM NEW.name_key OR OLD.phone_key IS DISTINCT FROM NEW.phone_key
					OR OLD.email_key IS DISTINCT FROM NEW.email_key)
				EXECUTE FUNCTION lead_pool_keys_changed()`);
			await trx.raw('DROP TRIGGER IF EXISTS crm_customer_keys_delete ON crm_customers');
			await trx.raw(`CREATE TRIGGER crm_customer_keys_delete AFTER DELETE ON crm_customers
				REFERENCING OLD TABLE AS removed_rows FOR EACH STATEMENT EXECUTE FUNCTION lead_pool_keys_removed()`);
			// in step with every customer, whatever the table held
			await trx.raw(`DELETE FROM ${KEYS_TABLE} AS k WHERE NOT EXISTS (SELECT 1 FROM crm_customers AS c WHERE c.id = k.id)`);
			await trx.raw(`INSERT INTO ${KEYS_TABLE} (id, name_key, phone_key, email_key)
				SELECT id, name_key, phone_key, email_key FROM crm_customers
				ON CONFLICT (id) DO UPDATE SET name_key = excluded.name_key, phone_key = excluded.phone_key, email_key = excluded.email_key
				WHERE (${KEYS_TABLE}.name_key, ${KEYS_TABLE}.phone_key, ${KEYS_TABLE}.email_key)
					IS DISTINCT FROM (excluded.name_key, excluded.phone_key, excluded.email_key)`);
			await trx.raw(`ANALYZE ${KEYS_TABLE}`);
			return true;
		});
		if (made) created.push(`table ${KEYS_TABLE}`);
	}

	override pairsQuery(key: string, _contains: string, table: string): Fragment {
		return {
			// planned without the LIMIT (see the trigram step in data/duplicates.ts): the pairs index, not a scan betting on an
			// early stop. The check is strpos, not LIKE, which the trigram index would serve: for two characters the planner
			// ANDed its bitmap in, reading every trigram entry (2.2 s of 2.4 s for "xt" at 10M customers; 78 ms without it)
			sql: `WITH hits AS MATERIALIZED (SELECT id FROM ${table} WHERE lead_pool_pairs(name_key) @> lead_pool_pairs(?)
				AND strpos(name_key, ?) > 0) SELECT id FROM hits LIMIT ?`,
			bindings: [key, key],
		};
	}

	/** One transaction without parallel workers: a search wants 10 rows, and starting workers cost more than they saved. */
	override searchReads<T>(run: (db: Db) => Promise<T>): Promise<T> {
		return this.withSettings(['max_parallel_workers_per_gather = 0', 'jit = off'], run);
	}

	async guardNames(): Promise<Set<string>> {
		const triggers = await this.db('pg_trigger')
			.whereIn('tgname', ['crm_customers_keep_on_delete', 'crm_customers_import_guard'])
			.pluck('tgname');
		const indexes = await this.db('pg_indexes').where({ indexname: 'crm_claim_requests_one_pending' }).pluck('indexname');
		return new Set([...triggers, ...indexes].map(String));
	}

	async missingSearchParts(support: SearchSupport): Promise<MissingPart[]> {
		if (support.trgm) return [];
		const available = await this.db('pg_available_extensions').where({ name: 'pg_trgm' }).first();
		return [
			{
				part: 'pg_trgm trigram indexes for the duplicate check',
				reason: available
					? 'the database user may not create the pg_trgm extension (it needs CREATE on the database, as managed PostgreSQL services ' +
						'often withhold)'
					: 'the pg_trgm extension is not available on this PostgreSQL server (the contrib package is missing)',
				cost:
					'names are still found through the character-pairs index, but a phone-number fragment reads the whole customers table ' +
					'(about 380 ms instead of 55 ms at 100,000 customers, growing with the table).',
				fix:
					'as a superuser or the database owner run `CREATE EXTENSION pg_trgm;` in this database, then run setup again: ' +
					'it adds the indexes.',
			},
		];
	}

	/**
	 * Two tables kept by statement-level triggers with transition tables on crm_events, so that a write of a million
	 * events (a reclaim run) updates them in one grouped statement, in its own transaction:
	 * - crm_event_hours: events per UTC hour, action, from_owner and to_owner (the activity report sums them). Appended
	 *   to, never updated in place: concurrent writers take no lock on a shared count (every customer created in a pool
	 *   within an hour has the same key), so they never wait for or deadlock on each other; `compactRollups` merges the
	 *   rows of a key later;
	 * - crm_pool_stays: one row per arrival of a customer in a pool with the first take after it (time-to-claim);
	 * - crm_pool_counts: customers without an owner per pool and source (pool-size), appended to like the hours and
	 *   kept by triggers on crm_customers (a deleted customer leaves, an imported one arrives).
	 * An event whose customer is purged (its reference set to NULL) leaves the stays, as the live report drops it.
	 * Created and filled under a lock that makes event and customer writes wait, so nothing is counted twice or missed.
	 */
	override async ensureRollups(opts: { rebuild?: boolean } = {}): Promise<string[]> {
		if (!opts.rebuild && (await this.rollups())) return [];
		const created: string[] = [];
		try {
			await this.makeRollups(opts, created);
			rollupsRefused = null;
		} catch (error) {
			// an optional part: the reports read the events, and setup's answer says why
			rollupsRefused = `the database refused to create them: ${(error as Error)?.message ?? error}`;
		}
		rollupsCache = null;
		return created;
	}

	/**
	 * Merge the rows crm_event_hours holds for one key into one (statements append a row per key they write). Safe
	 * beside writers and a twin run: a row appended meanwhile is outside the statement's snapshot and stays as it is.
	 */
	override async compactRollups(): Promise<number> {
		if (!(await this.rollups())) return 0;
		let merged = 0;
		for (const [table, key] of [
			['crm_event_hours', ['hour', 'action', 'from_owner', 'to_owner']],
			['crm_pool_counts', ['pool', 'source']],
		] as const) {
			const cols = key.join(', ');
			const result = await this.db.raw(`WITH keys AS (
					SELECT ${cols} FROM ${table} GROUP BY ${cols} HAVING count(*) > 1
				), gone AS (
					DELETE FROM ${table} AS h USING keys AS k WHERE ${key.map((c) => `h.${c} IS NOT DISTINCT FROM k.${c}`).join(' AND ')}
					RETURNING ${key.map((c) => `h.${c}`).join(', ')}, h.n
				)
				INSERT INTO ${table} (${cols}, n) SELECT ${cols}, sum(n) FROM gone GROUP BY ${cols} HAVING sum(n) <> 0`);
			merged += Number((result as { rowCount?: number }).rowCount ?? 0);
		}
		return merged;
	}

	override whyMissing(part: string): string | null {
		return part === 'rollups' ? rollupsRefused : null;
	}

	private async makeRollups(opts: { rebuild?: boolean }, created: string[]): Promise<void> {
		await this.db.transaction(async (trx) => {
			// a second instance doing the same waits here, then finds them made
			await trx.raw('LOCK TABLE crm_customers, crm_events IN SHARE ROW EXCLUSIVE MODE');
			const made = (await trx('pg_trigger').whereIn('tgname', ROLLUP_TRIGGERS.map(([name]) => name)).pluck('tgname')).length === ROLLUP_TRIGGERS.length;
			if (made && !opts.rebuild) return;
			// one-column primary keys: Directus ignores a table with a composite one, with a warning at every schema read
			await trx.raw(`CREATE TABLE IF NOT EXISTS crm_event_hours (
				id bigserial PRIMARY KEY, hour timestamptz NOT NULL, action varchar(64) NOT NULL,
				from_owner varchar(64) NOT NULL DEFAULT '', to_owner varchar(64) NOT NULL DEFAULT '', n bigint NOT NULL)`);
			await trx.raw('CREATE INDEX IF NOT EXISTS crm_event_hours_key_idx ON crm_event_hours (hour, action, from_owner, to_owner)');
			await trx.raw(`CREATE TABLE IF NOT EXISTS crm_pool_stays (
				arrival bigint PRIMARY KEY, customer integer NOT NULL, pool integer, arrived timestamptz NOT NULL, taken timestamptz)`);
			await trx.raw('CREATE INDEX IF NOT EXISTS crm_pool_stays_customer_idx ON crm_pool_stays (customer)');
			await trx.raw('CREATE INDEX IF NOT EXISTS crm_pool_stays_arrived_idx ON crm_pool_stays (arrived) INCLUDE (pool, taken)');
			await trx.raw(`CREATE TABLE IF NOT EXISTS crm_pool_counts (id bigserial PRIMARY KEY, pool integer, source varchar(255), n bigint NOT NULL)`);
			await trx.raw('CREATE INDEX IF NOT EXISTS crm_pool_counts_key_idx ON crm_pool_counts (pool, source)');
			await trx.raw('TRUNCATE crm_event_hours, crm_pool_stays, crm_pool_counts');
			// the fill looks up each arrival's first take by index: with the statistics of a table bulk-loaded since its
			// last analysis (empty, say) the planner scanned all events per arrival (minutes at 1M customers, not seconds)
			await trx.raw('ANALYZE crm_events, crm_customers');
			await trx.raw(`INSERT INTO crm_pool_counts (pool, source, n) SELECT pool, source, count(*) FROM crm_customers WHERE owner IS NULL GROUP BY 1, 2`);
			await trx.raw(`INSERT INTO crm_event_hours (hour, action, from_owner, to_owner, n)
				SELECT ${HOUR_OF('date_created')}, action, coalesce(from_owner::text, ''), coalesce(to_owner::text, ''), count(*)
				FROM crm_events GROUP BY 1, 2, 3, 4`);
			await trx.raw(`INSERT INTO crm_pool_stays (arrival, customer, pool, arrived, taken)
				SELECT a.id, a.customer, a.pool, a.date_created, ${FIRST_TAKE} FROM crm_events AS a
				WHERE a.action IN (${actionList(POOL_ARRIVALS)}) AND a.customer IS NOT NULL`);
			await trx.raw('ANALYZE crm_event_hours, crm_pool_stays, crm_pool_counts');
			// customers without an owner: the old rows leave their pool's count, the new ones join it
			await trx.raw(`CREATE OR REPLACE FUNCTION lead_pool_customer_rollups() RETURNS trigger AS $$
				BEGIN
					IF TG_OP = 'UPDATE' THEN
						INSERT INTO crm_pool_counts (pool, source, n)
						SELECT pool, source, sum(d) FROM (
							SELECT pool, source, -1 AS d FROM old_rows WHERE owner IS NULL
							UNION ALL SELECT pool, source, 1 FROM new_rows WHERE owner IS NULL) AS x
						GROUP BY 1, 2 HAVING sum(d) <> 0;
					ELSIF TG_OP = 'INSERT' THEN
						INSERT INTO crm_pool_counts (pool, source, n) SELECT pool, source, count(*) FROM new_rows WHERE owner IS NULL GROUP BY 1, 2;
					ELSE
						INSERT INTO crm_pool_counts (pool, source, n) SELECT pool, source, -count(*) FROM old_rows WHERE owner IS NULL GROUP BY 1, 2;
					END IF;
					RETURN NULL;
				END $$ LANGUAGE plpgsql ${KEYED_LOOKUPS}`);
			// hours: append the new rows' counts (and the old ones' taken away, on an update); stays: begin, close, forget
			await trx.raw(`CREATE OR REPLACE FUNCTION lead_pool_event_rollups() RETURNS trigger AS $$
				BEGIN
					IF TG_OP = 'UPDATE' THEN
						INSERT INTO crm_event_hours (hour, action, from_owner, to_owner, n)
						SELECT ${HOUR_OF('date_created')}, action, coalesce(from_owner::text, ''), coalesce(to_owner::text, ''), -count(*)
						FROM old_events GROUP BY 1, 2, 3, 4;
						DELETE FROM crm_pool_stays AS s USING new_events AS e WHERE s.arrival = e.id AND e.customer IS NULL;
					END IF;
					INSERT INTO crm_event_hours (hour, action, from_owner, to_owner, n)
					SELECT ${HOUR_OF('date_created')}, action, coalesce(from_owner::text, ''), coalesce(to_owner::text, ''), count(*)
					FROM new_events GROUP BY 1, 2, 3, 4;
					IF TG_OP = 'INSERT' THEN
						INSERT INTO crm_pool_stays (arrival, customer, pool, arrived)
						SELECT id, customer, pool, date_created FROM new_events
						WHERE action IN (${actionList(POOL_ARRIVALS)}) AND customer IS NOT NULL
						ON CONFLICT (arrival) DO NOTHING;
						UPDATE crm_pool_stays AS s SET taken = m.first
						FROM (SELECT s2.arrival, min(e.date_created) AS first FROM new_events AS e
							JOIN crm_pool_stays AS s2 ON s2.customer = e.customer AND e.date_created >= s2.arrived AND e.id > s2.arrival
							WHERE e.action IN (${actionList(TAKEN_FROM_POOL)}) GROUP BY s2.arrival) AS m
						WHERE s.arrival = m.arrival AND (s.taken IS NULL OR s.taken > m.first);
					END IF;
					RETURN NULL;
				END $$ LANGUAGE plpgsql ${KEYED_LOOKUPS}`);
			for (const [name, table, op, transition, fn] of ROLLUP_TRIGGERS) {
				await trx.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
				await trx.raw(`CREATE TRIGGER ${name} AFTER ${op} ON ${table} REFERENCING ${transition} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
			}
			const tables = 'crm_event_hours, crm_pool_stays, crm_pool_counts';
			created.push(made ? `rollups ${tables} (filled again)` : `rollups ${tables}`);
		});
	}

	override async rollups(): Promise<boolean> {
		if (rollupsCache && Date.now() - rollupsCache.at < 30_000) return rollupsCache.value;
		const triggers = await this.db('pg_trigger').whereIn('tgname', ROLLUP_TRIGGERS.map(([name]) => name)).pluck('tgname');
		rollupsCache = { at: Date.now(), value: triggers.length === ROLLUP_TRIGGERS.length };
		return rollupsCache.value;
	}

	override async searchSupport(): Promise<SearchSupport> {
		if (supportCache && Date.now() - supportCache.at < 30_000) return supportCache.value;
		// the keys table serves once its triggers keep it; until setup made it (an upgrade's first moments), the wide table
		const kept = (await this.db('pg_trigger').whereIn('tgname', KEYS_TRIGGERS).pluck('tgname')).length === KEYS_TRIGGERS.length;
		const table = kept ? KEYS_TABLE : 'crm_customers';
		const prefix = kept ? 'crm_customer_keys' : 'crm_customers';
		const value: SearchSupport = {
			trgm: await this.indexExists(table, `${prefix}_name_trgm_idx`),
			pairs: await this.indexExists(table, `${prefix}_name_pairs_idx`),
			fts: false,
			prefix: await this.indexExists(table, `${prefix}_name_key_c_idx`),
			range: false,
			keysTable: table,
		};
		supportCache = { at: Date.now(), value };
		return value;
	}

	private async ensureTrgm(): Promise<boolean> {
		if (await this.db('pg_extension').where({ extname: 'pg_trgm' }).first()) return true;
		if (!(await this.db('pg_available_extensions').where({ name: 'pg_trgm' }).first())) return false;
		try {
			await this.db.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
			return true;
		} catch {
			// not allowed to create extensions: the pairs index serves every keyword length
			return false;
		}
	}
}
