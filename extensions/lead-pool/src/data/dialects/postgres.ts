import { BaseDialect } from './common';
import type { Db, Fragment, MissingPart, SearchSupport, ValuesUpdate } from './types';

let supportCache: { at: number; value: SearchSupport } | null = null;

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

	override analytic<T>(run: (db: Db) => Promise<T>): Promise<T> {
		return this.db.transaction(async (trx) => {
			await trx.raw('SET LOCAL jit = off');
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
	 * `pg_trgm` GIN indexes on the name and phone keys (keywords of 3+ characters) and a GIN index on the name key's
	 * character pairs (2-character keywords, which trigrams cannot serve, e.g. "华尔"). Where the extension cannot be
	 * created (no contrib package, no right to create it) the pairs index alone serves every length.
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
		/** An index on crm_customers by name, and what follows ON crm_customers in its definition. */
		const index = async (name: string, definition: string) => {
			if (await this.indexExists('crm_customers', name)) return;
			await this.db.raw(`CREATE INDEX IF NOT EXISTS ${name} ON crm_customers ${definition}`);
			created.push(`index ${name}`);
		};
		await index('crm_customers_name_pairs_idx', 'USING gin (lead_pool_pairs(name_key))');
		if (await this.ensureTrgm()) {
			await index('crm_customers_name_trgm_idx', 'USING gin (name_key gin_trgm_ops)');
			await index('crm_customers_phone_trgm_idx', 'USING gin (phone_key gin_trgm_ops)');
		}
		// prefix matches in key order from the index, whatever the database's collation
		await index('crm_customers_name_key_c_idx', '((name_key COLLATE "C"), id)');
		supportCache = null;
		return created;
	}

	override pairsQuery(key: string, contains: string): Fragment {
		return {
			// planned without the LIMIT (see the trigram step in data/duplicates.ts): the pairs index, not a scan betting on an early stop
			sql: `WITH hits AS MATERIALIZED (SELECT id FROM crm_customers WHERE lead_pool_pairs(name_key) @> lead_pool_pairs(?)
				AND name_key LIKE ? ESCAPE '${this.likeEscapeChar}') SELECT id FROM hits LIMIT ?`,
			bindings: [key, contains],
		};
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

	override async searchSupport(): Promise<SearchSupport> {
		if (supportCache && Date.now() - supportCache.at < 30_000) return supportCache.value;
		const value: SearchSupport = {
			trgm: await this.indexExists('crm_customers', 'crm_customers_name_trgm_idx'),
			pairs: await this.indexExists('crm_customers', 'crm_customers_name_pairs_idx'),
			fts: false,
			prefix: await this.indexExists('crm_customers', 'crm_customers_name_key_c_idx'),
			range: false,
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
