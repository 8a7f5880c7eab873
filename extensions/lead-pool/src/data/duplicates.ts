import { likeEscape, type DuplicateQuery } from '../core/duplicates';
import { localOfKey } from '../core/phone';
import { dialect, type Db } from './dialects';
import { readInt, readTs } from './values';

/** The SQL of the duplicate check (any pool, few fields) and of the import guard (exact matches, merges). */

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
export async function findDuplicates(db: Db, q: DuplicateQuery, limit: number): Promise<DuplicateHit[]> {
	if (!q.name && q.phones.length === 0 && q.phoneLocals.length === 0 && !q.email) return [];
	return dialect(db).searchReads((db) => findIn(db, q, limit));
}

async function findIn(db: Db, q: DuplicateQuery, limit: number): Promise<DuplicateHit[]> {
	const d = dialect(db);
	const support = await d.searchSupport();
	// the keys' own table where the database keeps one (a constant of the dialect, never input)
	const keys = support.keysTable;
	const escape = `ESCAPE '${d.likeEscapeChar}'`;
	const literal = (value: string) => likeEscape(value, d.likeEscapeChar);
	const found = new Map<number, number>();
	const take = async (rank: number, sql: string, bindings: unknown[]) => {
		if (found.size >= limit) return;
		const rows = d.rows<{ id: number }>(await db.raw(sql, [...bindings, limit + found.size] as any[]));
		for (const row of rows) {
			if (found.size >= limit) break;
			const id = Number(row.id);
			if (!found.has(id)) found.set(id, rank);
		}
	};

	if (q.email) await take(0, `SELECT id FROM ${keys} WHERE email_key = ? ORDER BY id DESC LIMIT ?`, [q.email]);
	if (q.phones.length) {
		const sql = `SELECT id FROM ${keys} WHERE phone_key IN (${q.phones.map(() => '?').join(', ')}) ORDER BY id DESC LIMIT ?`;
		await take(0, sql, q.phones);
	}
	// a local number (a card without its area code): keys ending in it, kept only where it is the whole local number
	for (const local of q.phoneLocals) {
		if (found.size >= limit) break;
		const suffix = `%${literal(local)}`;
		const sql = support.fts
			? 'SELECT rowid AS id, phone_key FROM crm_customers_keys_fts WHERE phone_key LIKE ? LIMIT ?'
			: `SELECT id, phone_key FROM ${keys} WHERE phone_key LIKE ? ${escape} LIMIT ?`;
		const rows = d.rows<{ id: number; phone_key: string }>(await db.raw(sql, [suffix, 4 * limit]));
		for (const row of rows) if (found.size < limit && localOfKey(row.phone_key) === local && !found.has(Number(row.id))) found.set(Number(row.id), 0);
	}
	if (q.name) {
		const name = q.name;
		const chars = [...name].length;
		const contains = `%${literal(name)}%`;
		await take(0, `SELECT id FROM ${keys} WHERE name_key = ? ORDER BY id DESC LIMIT ?`, [name]);
		if (support.range) {
			// a range on the key's (binary) index, in key order
			const sql = `SELECT id FROM ${keys} WHERE name_key > ? AND name_key < ? ORDER BY name_key, id LIMIT ?`;
			await take(1, sql, [name, `${name}\u{10FFFF}`]);
		} else if (support.prefix) {
			const sql = `SELECT id FROM ${keys} WHERE name_key COLLATE "C" LIKE ? ${escape} AND name_key <> ?
				ORDER BY name_key COLLATE "C", id LIMIT ?`;
			await take(1, sql, [`${literal(name)}%`, name]);
		} else {
			const sql = `SELECT id FROM ${keys} WHERE name_key LIKE ? ${escape} AND name_key <> ? ORDER BY name_key, id LIMIT ?`;
			await take(1, sql, [`${literal(name)}%`, name]);
		}
		if (RECENT_WINDOW > 0) {
			const sql = `SELECT id FROM (SELECT id, name_key FROM ${keys} ORDER BY id DESC LIMIT ?) AS recent
				WHERE name_key LIKE ? ${escape} LIMIT ?`;
			await take(2, sql, [RECENT_WINDOW, contains]);
		}
		if (support.fts && chars >= 3) {
			// keys hold no LIKE wildcards (punctuation is dropped), and FTS5 serves LIKE only without ESCAPE
			await take(2, 'SELECT rowid AS id FROM crm_customers_keys_fts WHERE name_key LIKE ? LIMIT ?', [contains]);
		} else if (support.trgm && chars >= 3) {
			// (PostgreSQL only) The candidates come from a MATERIALIZED CTE planned without the LIMIT: given `LIKE '%…%'
			// LIMIT n` the planner bets on a scan that stops early (the heap or a name index, in order) and reads the whole
			// table when the keyword is rarer than its estimate, as keywords that reach this step are (the recent window
			// answered the common ones). The CTE is still read lazily, so the LIMIT ends the trigram bitmap scan's heap reads.
			const sql = `WITH hits AS MATERIALIZED (SELECT id FROM ${keys} WHERE name_key LIKE ? ${escape}) SELECT id FROM hits LIMIT ?`;
			await take(2, sql, [contains]);
		} else if (support.pairs && chars >= 2) {
			const pairs = d.pairsQuery(name, contains, keys);
			await take(2, pairs.sql, pairs.bindings);
		} else {
			await take(2, `SELECT id FROM ${keys} WHERE name_key LIKE ? ${escape} LIMIT ?`, [contains]);
		}
	}
	if (found.size === 0) return [];

	const rows = (await db('crm_customers as c')
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

/** The customer a new row duplicates: the oldest one with the same name key, phone key or e-mail key. */
export interface ExistingCustomer {
	id: number;
	name: string;
	owner: string | null;
	pool: number | null;
	match: 'name' | 'phone' | 'email';
}

export async function findExactDuplicate(
	db: Db,
	keys: { name_key?: string | null; phone_key?: string | null; email_key?: string | null },
): Promise<ExistingCustomer | null> {
	const probes = (['name', 'phone', 'email'] as const).filter((m) => !!keys[`${m}_key`]);
	if (probes.length === 0) return null;
	// one statement over the keys: the oldest customer matching any (each key column is indexed), which key matched,
	// and that customer's row (where the keys have a table of their own, joined by primary key)
	const matched = db.raw(
		`CASE ${probes.map((m) => `WHEN k.${m}_key = ? THEN '${m}'`).join(' ')} END AS matched`,
		probes.map((m) => keys[`${m}_key`]!),
	);
	const row = await db(`${(await dialect(db).searchSupport()).keysTable} as k`)
		.join('crm_customers as c', 'c.id', 'k.id')
		.first('c.id', 'c.name', 'c.owner', 'c.pool', matched)
		.where((q) => {
			for (const m of probes) q.orWhere(`k.${m}_key`, keys[`${m}_key`]!);
		})
		.orderBy('k.id');
	if (!row) return null;
	return { id: Number(row.id), name: row.name, owner: row.owner ?? null, pool: readInt(row.pool), match: row.matched };
}

/**
 * Fill the existing customer's empty fields from an import row; fields that already hold a value keep it (the row's
 * differing values are returned, for the event, so nothing of the row is lost). Returns what was filled and kept.
 */
export async function mergeInto(
	db: Db,
	id: number,
	row: Record<string, unknown>,
	mergeable: string[],
): Promise<{ filled: string[]; kept: Record<string, unknown> }> {
	const fields = mergeable.filter((f) => row[f] !== undefined && row[f] !== null && row[f] !== '');
	if (fields.length === 0) return { filled: [], kept: {} };
	const current = await db('crm_customers').first(fields).where('id', id);
	const update: Record<string, unknown> = {};
	const kept: Record<string, unknown> = {};
	for (const f of fields) {
		const value = current?.[f];
		if (value === null || value === undefined || value === '') update[f] = row[f];
		else if (String(value) !== String(row[f])) kept[f] = row[f];
	}
	// a filled phone or e-mail brings its comparison key along
	for (const f of ['phone', 'email']) if (f in update) update[`${f}_key`] = row[`${f}_key`] ?? null;
	if (Object.keys(update).length > 0) await db('crm_customers').update(update).where('id', id);
	return { filled: Object.keys(update).filter((f) => !f.endsWith('_key')), kept };
}
