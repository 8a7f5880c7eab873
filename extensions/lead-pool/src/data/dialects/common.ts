import type { Knex } from 'knex';
import type { Db, Dialect, Fragment, MissingPart, RawUpdateReturning, SearchSupport, UpdateReturning, ValuesUpdate } from './types';

const NO_SEARCH_SUPPORT: Readonly<SearchSupport> = Object.freeze({
	trgm: false,
	pairs: false,
	fts: false,
	prefix: false,
	range: false,
	keysTable: 'crm_customers',
});

/** How many rows one grouped UPDATE names by key. */
const KEYS_PER_STATEMENT = 1000;

/**
 * What most vendors share; each vendor file overrides what it does differently. Writes use RETURNING here (SQLite
 * and PostgreSQL have it); MySQL overrides them.
 */
export abstract class BaseDialect implements Dialect {
	abstract readonly vendor: Dialect['vendor'];
	readonly jsonCast: string = '';
	readonly likeEscapeChar: string = '\\';
	readonly writableCte: boolean = false;
	readonly materialized: string = '';
	readonly partialIndexes: boolean = true;
	readonly keepsRollups: boolean = false;
	readonly transactionConfig: Knex.TransactionConfig | undefined = undefined;

	constructor(protected readonly db: Db) {}

	writeTs(date: Date): Date | number {
		return date;
	}

	analytic<T>(run: (db: Db) => Promise<T>): Promise<T> {
		return run(this.db);
	}

	searchReads<T>(run: (db: Db) => Promise<T>): Promise<T> {
		return run(this.db);
	}

	rows<T = any>(result: unknown): T[] {
		return ((result as { rows?: T[] })?.rows ?? []) as T[];
	}

	abstract jsonText(column: string, key: string): string;
	abstract lockReps(sortedIds: string[]): Promise<void>;

	forUpdate(q: Knex.QueryBuilder, opts: { skipLocked?: boolean } = {}): Knex.QueryBuilder {
		q.forUpdate();
		if (opts.skipLocked) q.skipLocked();
		return q;
	}

	latest(q: Knex.QueryBuilder): Knex.QueryBuilder {
		return q;
	}

	async updateReturning(u: UpdateReturning): Promise<any[]> {
		return (await this.db(u.table).where(u.where).update(u.set).returning(u.returning)) as any[];
	}

	async updateReturningRaw(u: RawUpdateReturning): Promise<any[]> {
		const result = await this.db.raw(`UPDATE ${u.table} SET ${u.set.sql} WHERE ${u.where.sql} RETURNING ${u.returning.join(', ')}`, [
			...u.set.bindings,
			...u.where.bindings,
		] as any[]);
		return this.rows(result);
	}

	/**
	 * Rows that get the same values are written together, one conditional UPDATE per group and per thousand keys;
	 * vendors with a join-on-VALUES form override this.
	 */
	async updateFromValues(u: ValuesUpdate): Promise<any[]> {
		const [[key], ...valueColumns] = u.columns as [[string, unknown], ...[string, unknown][]];
		const groups = new Map<string, { values: Record<string, unknown>; keys: unknown[] }>();
		for (const row of u.rows) {
			const values = Object.fromEntries(valueColumns.map(([name], i) => [name, row[i + 1]]));
			const id = JSON.stringify(values);
			const group = groups.get(id) ?? { values, keys: [] };
			group.keys.push(row[0]);
			groups.set(id, group);
		}
		const changed: any[] = [];
		for (const { values, keys } of groups.values()) {
			for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
				const chunk = keys.slice(i, i + KEYS_PER_STATEMENT);
				changed.push(
					...(await this.updateReturning({
						table: u.table,
						set: { ...values, ...u.constants },
						where: (q) => {
							q.whereIn(key, chunk as any[]);
							for (const column of u.whereNull ?? []) q.whereNull(column);
						},
						returning: u.returning ?? [key],
					})),
				);
			}
		}
		return changed;
	}

	async reserveId(_table: string): Promise<number | null> {
		return null;
	}

	async deferReferences(_table: string, _payload: Record<string, unknown>): Promise<[string, unknown] | null> {
		return null;
	}

	/** Where references are checked at commit (deferred), nothing to do. */
	async beforeReferenced<T>(write: () => Promise<T>): Promise<T> {
		return write();
	}

	greatest(a: string, b: string): string {
		return `GREATEST(${a}, ${b})`;
	}

	least(a: string, b: string): string {
		return `LEAST(${a}, ${b})`;
	}

	abstract plusDays(expr: string, days: number): Fragment;
	abstract weekOf(column: string, timeZone: string, now: Date): Fragment;
	abstract daysBetween(from: string, to: string): string;

	whereDayBetween(q: Knex.QueryBuilder, column: string, fromDay: string, lastDay: string): Knex.QueryBuilder {
		return q.where(column, '>=', fromDay).where(column, '<=', lastDay);
	}

	abstract indexExists(table: string, name: string): Promise<boolean>;

	/** By the information schema, which PostgreSQL and MySQL share (each in its current schema or database). */
	async dropForeignKey(table: string, column: string): Promise<boolean> {
		const schema = this.vendor === 'mysql' ? 'DATABASE()' : 'current_schema()';
		const found = this.rows<{ name: string }>(
			await this.db.raw(
				`SELECT tc.constraint_name AS name FROM information_schema.table_constraints tc
				JOIN information_schema.key_column_usage kcu
					ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema AND kcu.table_name = tc.table_name
				WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = ${schema} AND tc.table_name = ? AND kcu.column_name = ?`,
				[table, column],
			),
		);
		for (const { name } of found) await this.db.schema.alterTable(table, (t) => t.dropForeign([column], name));
		return found.length > 0;
	}

	async ensureGuards(): Promise<string[]> {
		return [];
	}

	abstract guardNames(): Promise<Set<string>>;

	whyMissing(_part: string): string | null {
		return null;
	}

	guardStatements(_knex: Knex): void {}
	abstract missingSearchParts(support: SearchSupport): Promise<MissingPart[]>;

	/** At most one pending claim request per customer, as a partial unique index (where the vendor has them). */
	protected async ensureOnePendingRequest(created: string[]): Promise<void> {
		if (await this.indexExists('crm_claim_requests', 'crm_claim_requests_one_pending')) return;
		await this.db.raw(`CREATE UNIQUE INDEX IF NOT EXISTS crm_claim_requests_one_pending ON crm_claim_requests (customer)
			WHERE status = 'pending'`);
		created.push('index crm_claim_requests_one_pending');
	}

	async ensureSearchIndexes(): Promise<string[]> {
		return [];
	}

	pairsQuery(_key: string, _contains: string, _table: string): Fragment {
		throw new Error(`no character-pairs index on ${this.vendor}`);
	}

	async suspendSearchUpkeep(): Promise<boolean> {
		return false;
	}

	async searchSupport(): Promise<SearchSupport> {
		return { ...NO_SEARCH_SUPPORT };
	}

	async ensureRollups(_opts?: { rebuild?: boolean }): Promise<string[]> {
		return [];
	}

	async rollups(): Promise<boolean> {
		return false;
	}

	async compactRollups(): Promise<number> {
		return 0;
	}
}
