import type { Knex } from 'knex';

export type Dialect = 'sqlite' | 'pg' | 'mysql' | 'other';

export function dialectOf(knex: Knex): Dialect {
	const client = String(knex.client.config.client);
	if (client.includes('sqlite')) return 'sqlite';
	if (client === 'pg' || client.includes('postgres')) return 'pg';
	if (client.includes('mysql')) return 'mysql';
	return 'other';
}

/** Directus keeps timestamps as epoch milliseconds on SQLite and as native timestamps elsewhere. */
export function writeTs(knex: Knex, date: Date | null): Date | number | null {
	if (date === null) return null;
	return dialectOf(knex) === 'sqlite' ? date.getTime() : date;
}

export function readTs(value: unknown): Date | null {
	if (value === null || value === undefined || value === '') return null;
	if (value instanceof Date) return value;
	if (typeof value === 'number') return new Date(value);
	const s = String(value);
	if (/^\d+$/.test(s)) return new Date(Number(s));
	// SQLite CURRENT_TIMESTAMP text is UTC without a zone marker.
	return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : s.replace(' ', 'T') + 'Z');
}

export function readBool(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}

/** JSON columns: text on SQLite, json on PostgreSQL; a string works for both. */
export function writeJson(value: unknown): string | null {
	return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * Serialise ownership changes of one rep across requests, processes and Directus instances, for the length of the
 * transaction: a PostgreSQL advisory lock, a row lock on MySQL; SQLite already runs one writer at a time.
 */
export async function lockRep(trx: Knex.Transaction | Knex, user: string): Promise<void> {
	await lockReps(trx, [user]);
}

/** Lock several reps at once, in a fixed order so that two runs never wait on each other in a circle. */
export async function lockReps(trx: Knex.Transaction | Knex, users: string[]): Promise<void> {
	const sorted = [...new Set(users)].sort();
	if (sorted.length === 0) return;
	const dialect = dialectOf(trx);
	if (dialect === 'pg') await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('lead-pool:rep:' || x)) FROM unnest(?::text[]) AS x ORDER BY x`, [sorted]);
	else if (dialect === 'mysql') await trx('directus_users').select('id').whereIn('id', sorted).orderBy('id').forUpdate();
}

/**
 * The first reference of `payload` that points at no row, as [field, value], or null. SQLite checks the customer's
 * references at commit once they are deferred, and a failed COMMIT leaves its single connection inside the
 * transaction; checking them first turns a bad reference into a clear refusal instead.
 */
const foreignKeys = new Map<string, { at: number; list: { table: string; from: string; to: string | null }[] }>();

export async function missingReference(knex: Knex, table: 'crm_customers', payload: Record<string, unknown>): Promise<[string, unknown] | null> {
	// the table's references change only with a schema change; read them once a minute, not on every create
	let cached = foreignKeys.get(table);
	if (!cached || Date.now() - cached.at > 60_000) {
		cached = { at: Date.now(), list: (await knex.raw(`PRAGMA foreign_key_list(${table})`)) as { table: string; from: string; to: string | null }[] };
		foreignKeys.set(table, cached);
	}
	const fks = cached.list;
	for (const fk of fks) {
		let value = payload[fk.from];
		if (value && typeof value === 'object' && 'id' in (value as any)) value = (value as any).id;
		if (value === null || value === undefined || typeof value === 'object') continue;
		const target = fk.to ?? 'id';
		if (!(await knex(fk.table).first(target).where(target, value as any))) return [fk.from, value];
	}
	return null;
}
