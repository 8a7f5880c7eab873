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

/** How many of the newest customers the cheap first pass over "contains" reads before an index is asked. */
const RECENT_WINDOW = Math.max(0, Math.floor(Number(process.env['LEAD_POOL_DUPLICATES_RECENT_WINDOW'] ?? 5_000) || 0));

/**
 * Matching customers across all pools, best first, with only the fields the check may show: no phone, e-mail or
 * anything else of customers the caller cannot open. Reads the stored keys, never the raw columns.
 *
 * Steps, each bounded and each served by an index, run until `limit` hits are found: exact keys (rank 0); names
 * starting with the keyword (rank 1, in key order, from a C-collation index); names containing it (rank 2) — first
 * among the newest customers (a keyword shared by many names is answered there at once), then, for rarer keywords,
 * through pg_trgm, the character-pairs index or SQLite's FTS5 trigram table. No step reads more than a bounded number
 * of rows, so the answer costs about the same at a thousand customers or a million.
 */
export async function findDuplicates(knex: Knex, q: DuplicateQuery, limit: number): Promise<DuplicateHit[]> {
	if (!q.name && !q.phone && !q.email) return [];
	const support = await searchSupport(knex);
	const sqlite = dialectOf(knex) === 'sqlite';
	const found = new Map<number, number>();
	const take = async (rank: number, sql: string, bindings: unknown[]) => {
		if (found.size >= limit) return;
		const rows = await knex.raw(sql, [...bindings, limit + found.size] as any[]);
		for (const row of (sqlite ? rows : rows.rows) as { id: number }[]) {
			if (found.size >= limit) break;
			const id = Number(row.id);
			if (!found.has(id)) found.set(id, rank);
		}
	};

	if (q.email) await take(0, 'SELECT id FROM crm_customers WHERE email_key = ? ORDER BY id DESC LIMIT ?', [q.email]);
	if (q.phone) await take(0, 'SELECT id FROM crm_customers WHERE phone_key = ? ORDER BY id DESC LIMIT ?', [q.phone]);
	if (q.name) {
		const name = q.name;
		const chars = [...name].length;
		const contains = `%${likeEscape(name)}%`;
		await take(0, 'SELECT id FROM crm_customers WHERE name_key = ? ORDER BY id DESC LIMIT ?', [name]);
		if (sqlite) {
			// a range on the key's (binary) index, in key order
			await take(1, 'SELECT id FROM crm_customers WHERE name_key > ? AND name_key < ? ORDER BY name_key, id LIMIT ?', [name, `${name}\u{10FFFF}`]);
		} else if (support.prefix) {
			await take(1, `SELECT id FROM crm_customers WHERE name_key COLLATE "C" LIKE ? ESCAPE '\\' AND name_key <> ? ORDER BY name_key COLLATE "C", id LIMIT ?`, [`${likeEscape(name)}%`, name]);
		} else {
			await take(1, `SELECT id FROM crm_customers WHERE name_key LIKE ? ESCAPE '\\' AND name_key <> ? ORDER BY name_key, id LIMIT ?`, [`${likeEscape(name)}%`, name]);
		}
		if (RECENT_WINDOW > 0) await take(2, `SELECT id FROM (SELECT id, name_key FROM crm_customers ORDER BY id DESC LIMIT ?) AS recent WHERE name_key LIKE ? ESCAPE '\\' LIMIT ?`, [RECENT_WINDOW, contains]);
		if (support.fts && chars >= 3) {
			// keys hold no LIKE wildcards (punctuation is dropped), and FTS5 serves LIKE only without ESCAPE
			await take(2, 'SELECT rowid AS id FROM crm_customers_keys_fts WHERE name_key LIKE ? LIMIT ?', [contains]);
		} else if (support.trgm && chars >= 3) {
			await take(2, `SELECT id FROM crm_customers WHERE name_key LIKE ? ESCAPE '\\' LIMIT ?`, [contains]);
		} else if (support.pairs && chars >= 2) {
			await take(2, `SELECT id FROM crm_customers WHERE lead_pool_pairs(name_key) @> lead_pool_pairs(?) AND name_key LIKE ? ESCAPE '\\' LIMIT ?`, [name, contains]);
		} else {
			await take(2, `SELECT id FROM crm_customers WHERE name_key LIKE ? ESCAPE '\\' LIMIT ?`, [contains]);
		}
	}
	if (q.phone) {
		const contains = `%${likeEscape(q.phone)}%`;
		if (support.fts) await take(2, 'SELECT rowid AS id FROM crm_customers_keys_fts WHERE phone_key LIKE ? LIMIT ?', [contains]);
		else await take(2, `SELECT id FROM crm_customers WHERE phone_key LIKE ? ESCAPE '\\' LIMIT ?`, [contains]);
	}
	if (found.size === 0) return [];

	const rows = (await knex('crm_customers as c')
		.leftJoin('directus_users as u', 'u.id', 'c.owner')
		.select('c.id', 'c.name', 'c.owner', 'c.pool', 'c.date_created', 'u.first_name', 'u.last_name')
		.whereIn('c.id', [...found.keys()])) as any[];
	rows.sort((a, b) => found.get(Number(a.id))! - found.get(Number(b.id))! || Number(b.id) - Number(a.id));
	return rows.map((r) => ({
		id: Number(r.id),
		name: r.name,
		owner: r.owner ? { id: r.owner, first_name: r.first_name ?? null, last_name: r.last_name ?? null } : null,
		pool: r.pool === null ? null : Number(r.pool),
		date_created: readTs(r.date_created)?.toISOString() ?? null,
	}));
}
