import type { Knex } from 'knex';
import { likeEscape, type DuplicateQuery } from '../core/duplicates';
import { dialectOf, readTs } from './db';
import { searchSupport } from './search-indexes';

export interface DuplicateHit {
	id: number;
	name: string;
	owner: { id: string; first_name: string | null; last_name: string | null } | null;
	pool: number | null;
	date_created: string | null;
}

/**
 * Matching customers across all pools, best first, with only the fields the check may show: no phone, e-mail or
 * anything else of customers the caller cannot open. Reads the stored keys, never the raw columns.
 *
 * One statement made of bounded branches, each served by an index: exact keys (rank 0), names starting with the
 * keyword (rank 1, in key order), names containing it (rank 2, through pg_trgm, the character-pairs index or
 * SQLite's FTS5 trigram table). Every branch stops at `limit` rows, so the work does not grow with the number of
 * customers that match, nor with the size of the table.
 */
export async function findDuplicates(knex: Knex, q: DuplicateQuery, limit: number): Promise<DuplicateHit[]> {
	if (!q.name && !q.phone && !q.email) return [];
	const support = await searchSupport(knex);
	const dialect = dialectOf(knex);
	const branches: { sql: string; bindings: unknown[] }[] = [];
	const branch = (rank: number, where: string, bindings: unknown[], order = '') =>
		branches.push({ sql: `SELECT id, ${rank} AS r FROM crm_customers WHERE ${where}${order} LIMIT ?`, bindings: [...bindings, limit] });

	if (q.name) {
		const name = q.name;
		const chars = [...name].length;
		const contains = `%${likeEscape(name)}%`;
		const starts = `${likeEscape(name)}%`;
		branch(0, 'name_key = ?', [name], ' ORDER BY id DESC');
		if (dialect === 'sqlite') {
			// a range on the key's index, then the exact test (SQLite's LIKE ignores ASCII case)
			branch(1, `name_key > ? AND name_key < ? AND substr(name_key, 1, ?) = ?`, [name, `${name}\u{10FFFF}`, chars, name], ' ORDER BY name_key, id');
		} else {
			branch(1, `name_key LIKE ? ESCAPE '\\' AND name_key <> ?`, [starts, name], ' ORDER BY name_key, id');
		}
		const notStarting = dialect === 'sqlite' ? 'substr(name_key, 1, ?) <> ?' : `name_key NOT LIKE ? ESCAPE '\\'`;
		const notStartingBindings = dialect === 'sqlite' ? [chars, name] : [starts];
		if (support.fts && chars >= 3) {
			// keys hold no LIKE wildcards (punctuation is dropped), and FTS5 serves LIKE only without ESCAPE; the inner
			// limit keeps common keywords cheap (if it is all prefix matches, the prefix branch fills the answer)
			branch(2, `id IN (SELECT rowid FROM crm_customers_keys_fts WHERE name_key LIKE ? LIMIT ?) AND ${notStarting}`, [contains, limit * 3 + 20, ...notStartingBindings]);
		} else if (support.trgm && chars >= 3) {
			branch(2, `name_key LIKE ? ESCAPE '\\' AND ${notStarting}`, [contains, ...notStartingBindings]);
		} else if (support.pairs && chars >= 2) {
			branch(2, `lead_pool_pairs(name_key) @> lead_pool_pairs(?) AND name_key LIKE ? ESCAPE '\\' AND ${notStarting}`, [name, contains, ...notStartingBindings]);
		} else {
			branch(2, `name_key LIKE ? ESCAPE '\\' AND ${notStarting}`, [contains, ...notStartingBindings]);
		}
	}
	if (q.phone) {
		branch(0, 'phone_key = ?', [q.phone]);
		const contains = `%${likeEscape(q.phone)}%`;
		if (support.fts) branch(2, `id IN (SELECT rowid FROM crm_customers_keys_fts WHERE phone_key LIKE ? LIMIT ?) AND phone_key <> ?`, [contains, limit * 3 + 20, q.phone]);
		else branch(2, `phone_key LIKE ? ESCAPE '\\' AND phone_key <> ?`, [contains, q.phone]);
	}
	if (q.email) branch(0, 'email_key = ?', [q.email]);

	const union = branches.map((b, i) => `SELECT * FROM (${b.sql}) AS b${i}`).join(' UNION ALL ');
	const rows = (await knex
		.select('c.id', 'c.name', 'c.owner', 'c.pool', 'c.date_created', 'u.first_name', 'u.last_name', 'm.r')
		.from(knex.raw(`(SELECT id, min(r) AS r FROM (${union}) AS hits GROUP BY id) AS m`, branches.flatMap((b) => b.bindings) as any[]))
		.join('crm_customers as c', 'c.id', 'm.id')
		.leftJoin('directus_users as u', 'u.id', 'c.owner')
		.orderBy([{ column: 'm.r' }, { column: 'c.id', order: 'desc' }])
		.limit(limit)) as any[];
	return rows.map((r) => ({
		id: Number(r.id),
		name: r.name,
		owner: r.owner ? { id: r.owner, first_name: r.first_name ?? null, last_name: r.last_name ?? null } : null,
		pool: r.pool === null ? null : Number(r.pool),
		date_created: readTs(r.date_created)?.toISOString() ?? null,
	}));
}
