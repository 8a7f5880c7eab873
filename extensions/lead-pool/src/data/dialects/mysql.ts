import { zoneOffsetSeconds } from '../../core/time';
import { BaseDialect } from './common';
import type { Fragment, MissingPart, RawUpdateReturning, SearchSupport, UpdateReturning } from './types';

/**
 * MySQL and MariaDB (Directus's `mysql` client, driver mysql2). No RETURNING: a write that must report its rows
 * first locks the rows its condition picks (SELECT … FOR UPDATE), writes them by key and reads them back by key:
 * timestamps are kept in whole seconds there, so a row is never found again by a timestamp this run wrote. mysql2's
 * `knex.raw` answers `[rows, fields]`. A backslash is an escape inside string literals, so LIKE escapes with `!`.
 *
 * Not yet here (issue 10, MariaDB support): the database guards (a BEFORE DELETE trigger can refuse a delete but not
 * skip it; there are no partial unique indexes) and indexes for "contains" searches, which fall back to LIKE.
 */
export class MysqlDialect extends BaseDialect {
	readonly vendor = 'mysql' as const;
	override readonly likeEscapeChar = '!';
	override readonly hasGuards = false;

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

	async guardNames(): Promise<Set<string>> {
		const schema = this.db.raw('database()');
		const triggers = await this.db('information_schema.triggers').where({ trigger_schema: schema }).pluck('trigger_name');
		const indexes = await this.db('information_schema.statistics')
			.where({ table_schema: schema, table_name: 'crm_claim_requests' })
			.pluck('index_name');
		return new Set([...triggers, ...indexes].map(String));
	}

	async missingSearchParts(_support: SearchSupport): Promise<MissingPart[]> {
		return [
			{
				part: 'search index for keywords inside names and phone numbers',
				reason: 'not available on this database yet',
				cost:
					'the duplicate check finds exact and prefix matches from indexes, but a keyword inside a name or phone number reads the ' +
					'customers table beyond the newest 5,000 (slower as it grows).',
			},
		];
	}

	async indexExists(table: string, name: string): Promise<boolean> {
		const rows = await this.db('information_schema.statistics')
			.where({ table_schema: this.db.raw('database()'), table_name: table, index_name: name })
			.select('index_name');
		return rows.length > 0;
	}
}
