import type { Knex } from 'knex';

/** A connection or a transaction: every data function works on either. */
export type Db = Knex | Knex.Transaction;

/** A piece of SQL with its bound values. Built from constants and bindings only, never from input. */
export interface Fragment {
	sql: string;
	bindings: unknown[];
}

/** Which search structures this database has; the duplicate search picks its plan from this. */
export interface SearchSupport {
	/** PostgreSQL pg_trgm indexes on the name and phone keys */
	trgm: boolean;
	/** PostgreSQL index on the character pairs of the name key */
	pairs: boolean;
	/** SQLite FTS5 trigram table over the name and phone keys */
	fts: boolean;
	/** PostgreSQL C-collation index for prefix matches in key order */
	prefix: boolean;
	/** keys compare in binary order (SQLite), so a range on the key's index serves prefix matches */
	range: boolean;
	/**
	 * The table whose `id`, `name_key`, `phone_key` and `email_key` the check searches: crm_customers, or a narrow copy
	 * of the keys kept by triggers (PostgreSQL's crm_customer_keys), so that ownership changes never write its indexes
	 */
	keysTable: string;
}

/** A part of the install this database did not take: what, why, what the instance loses, how to add it. */
export interface MissingPart {
	part: string;
	/** a guard Lead Pool's guarantees rest on: while one is missing Lead Pool refuses writes (LEAD_POOL_NOT_INSTALLED) */
	required?: boolean;
	reason: string;
	cost: string;
	fix?: string;
}

/** SQL types of the values of `updateFromValues` (PostgreSQL casts VALUES to them). */
export type ValueType = 'integer' | 'text' | 'uuid';

export interface ValuesUpdate {
	table: string;
	/** the key column first, then the columns whose per-row values are set */
	columns: [string, ValueType][];
	rows: unknown[][];
	/** the same value for every row */
	constants?: Record<string, unknown>;
	/** only rows where these columns are still null (a conditional write) */
	whereNull?: string[];
	/** columns of the changed rows to return */
	returning?: string[];
}

export interface UpdateReturning {
	table: string;
	set: Record<string, unknown>;
	where: (q: Knex.QueryBuilder) => void;
	/** columns of the changed rows, as they are after the update */
	returning: string[];
}

export interface RawUpdateReturning {
	table: string;
	/** the SET list, e.g. `owner = NULL, released_at = ?` */
	set: Fragment;
	where: Fragment;
	returning: string[];
}

/**
 * What differs between the databases Directus runs on, behind one object per vendor (the way Directus itself has
 * `getHelpers(knex)`): how values are stored, how rows are locked, how changed rows are found, the expressions that
 * have no common spelling, and the database objects setup creates. Nothing outside data/dialects asks which
 * database it runs on; adding a vendor is adding one file here. An instance is bound to one connection or
 * transaction: `dialect(trx).lockReps(ids)`.
 */
export interface Dialect {
	readonly vendor: 'sqlite' | 'postgres' | 'mysql';

	/**
	 * How Lead Pool's own transactions begin. The rules re-read rows after taking the rep locks and expect to see what
	 * committed meanwhile (READ COMMITTED, PostgreSQL's default); MySQL's default REPEATABLE READ would keep the
	 * snapshot of the first read.
	 */
	readonly transactionConfig: Knex.TransactionConfig | undefined;

	// ---- values
	/** A timestamp as Directus stores it: epoch milliseconds on SQLite, a native timestamp elsewhere. */
	writeTs(date: Date): Date | number;
	/** The rows of a `knex.raw` result (`rows` on PostgreSQL, `[rows, fields]` from mysql2, the array on SQLite). */
	rows<T = any>(result: unknown): T[];
	/** What follows a bound JSON value in SQL where the column is typed (`::json` on PostgreSQL). */
	readonly jsonCast: string;
	/** The text at `key` of a JSON column, as an SQL expression (constant names only). */
	jsonText(column: string, key: string): string;
	/** The LIKE escape character that is valid under the vendor's default settings. */
	readonly likeEscapeChar: string;

	// ---- locks
	/**
	 * Serialise ownership changes of these reps (ids sorted and unique) across requests, processes and instances,
	 * for the length of the transaction.
	 */
	lockReps(sortedIds: string[]): Promise<void>;
	/** Lock the rows a read returns until the transaction ends; `skipLocked` passes over rows another run holds. */
	forUpdate(q: Knex.QueryBuilder, opts?: { skipLocked?: boolean }): Knex.QueryBuilder;
	/**
	 * A read made after taking locks that must see what committed meanwhile, also inside a transaction Directus began
	 * (an items.create or items.delete filter): there MySQL's REPEATABLE READ would answer from the snapshot of the
	 * transaction's first read, so MySQL reads it as a locking read (LOCK IN SHARE MODE), which sees the latest rows.
	 * As it is elsewhere (READ COMMITTED on PostgreSQL, one writer at a time on SQLite).
	 */
	latest(q: Knex.QueryBuilder): Knex.QueryBuilder;

	// ---- writes that report the rows they changed (RETURNING, or lock, write and read back by key)
	updateReturning(u: UpdateReturning): Promise<any[]>;
	updateReturningRaw(u: RawUpdateReturning): Promise<any[]>;
	/** Set per-row values on rows picked by key, in as few statements as the vendor allows. */
	updateFromValues(u: ValuesUpdate): Promise<any[]>;
	/** The next id of a table, reserved inside a transaction, or null where the vendor cannot reserve one. */
	reserveId(table: string): Promise<number | null>;
	/**
	 * A new row's first event is written just before the row: have its references checked at commit. Returns the
	 * first reference of `payload` that points at no row ([field, value]) where the database would not say so clearly.
	 */
	deferReferences(table: string, payload: Record<string, unknown>): Promise<[string, unknown] | null>;
	/** Run writes whose rows refer to a row this transaction inserts right after them (a new customer's first event). */
	beforeReferenced<T>(write: () => Promise<T>): Promise<T>;

	// ---- expressions
	greatest(a: string, b: string): string;
	least(a: string, b: string): string;
	/** A timestamp expression plus a number of days. */
	plusDays(expr: string, days: number): Fragment;
	/** The Monday of the week of a timestamp column in a time zone, as 'YYYY-MM-DD'. */
	weekOf(column: string, timeZone: string, now: Date): Fragment;
	/** Days (with a fraction) from one timestamp expression to another. */
	daysBetween(from: string, to: string): string;
	/** A `date` column between two days, inclusive ('YYYY-MM-DD'). */
	whereDayBetween(q: Knex.QueryBuilder, column: string, fromDay: string, lastDay: string): Knex.QueryBuilder;
	/** Whether one statement can update rows and insert from what it changed (a writable CTE). */
	readonly writableCte: boolean;
	/** `WITH x AS ${materialized}(…)`: a CTE computed once however often the query reads its columns, where the vendor can say so. */
	readonly materialized: string;
	/**
	 * Run a report's reads. PostgreSQL: in one transaction with JIT compilation off (at millions of rows a report's
	 * estimated cost passes jit_above_cost, and compiling its plan took longer than running it: 0.7 s of 0.84 s).
	 */
	analytic<T>(run: (db: Db) => Promise<T>): Promise<T>;
	/** Run the duplicate check's reads, as the database answers "the first few matches" best (PostgreSQL: no parallel workers). */
	searchReads<T>(run: (db: Db) => Promise<T>): Promise<T>;

	// ---- database objects setup creates (see data/schema)
	/** Whether an index can cover only the rows of a WHERE (PostgreSQL, SQLite; not MySQL). */
	readonly partialIndexes: boolean;
	indexExists(table: string, name: string): Promise<boolean>;
	/** Drop the foreign key of `table.column` where it has one (the column and its values stay); whether it had one. */
	dropForeignKey(table: string, column: string): Promise<boolean>;
	ensureGuards(): Promise<string[]>;
	/** Names of the guard triggers and indexes of crm_customers and crm_claim_requests that exist. */
	guardNames(): Promise<Set<string>>;
	/** Why setup could not create a part here (what the database answered), when it tried and failed. */
	whyMissing(part: string): string | null;
	/**
	 * Shape the statements Directus itself sends on `knex` where the database cannot skip a row the guards keep
	 * (once per process; vendors whose triggers skip rows need nothing).
	 */
	guardStatements(knex: Knex): void;
	/** The search structures of the duplicate check this database lacks, with what that costs. */
	missingSearchParts(support: SearchSupport): Promise<MissingPart[]>;
	ensureSearchIndexes(): Promise<string[]>;
	/**
	 * Ids of customers whose name key contains `key`, found through the character-pairs index (`SELECT id … LIMIT ?`,
	 * the limit bound last by the caller); `contains` is the escaped LIKE pattern of the key; `table` the
	 * `keysTable` of `searchSupport`.
	 */
	pairsQuery(key: string, contains: string, table: string): Fragment;
	suspendSearchUpkeep(): Promise<boolean>;
	searchSupport(): Promise<SearchSupport>;

	// ---- rollups of the audit trail for the reports (see data/schema/rollups.ts)
	/**
	 * Create the rollups where the vendor keeps them in step by triggers in the writing statement (PostgreSQL), filled
	 * from the events and customers so far while their writes wait; `rebuild` fills them again (after events were written with
	 * triggers off, e.g. a bulk load). Elsewhere the reports read the events themselves.
	 */
	ensureRollups(opts?: { rebuild?: boolean }): Promise<string[]>;
	/** Whether this vendor keeps the rollups (setup creates them); elsewhere the reports always read the events. */
	readonly keepsRollups: boolean;
	/** Whether the rollups exist and are kept in step (cached per process for half a minute). */
	rollups(): Promise<boolean>;
	/** Merge rollup rows that count the same thing (writes append them); how many merged rows were written. */
	compactRollups(): Promise<number>;
}
