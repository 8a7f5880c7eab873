import type { Knex } from 'knex';
import { likeEscape, type DuplicateQuery } from '../core/duplicates';
import { readTs } from './db';

export interface DuplicateHit {
	id: number;
	name: string;
	owner: { id: string; first_name: string | null; last_name: string | null } | null;
	pool: number | null;
	date_created: string | null;
}

/**
 * Matching customers across all pools, best first, with only the fields the check may show: no phone, e-mail or
 * anything else of customers the caller cannot open. Reads the stored keys (indexed), never the raw columns.
 */
export async function findDuplicates(knex: Knex, q: DuplicateQuery, limit: number): Promise<DuplicateHit[]> {
	if (!q.name && !q.phone && !q.email) return [];
	const bindings: unknown[] = [];
	const conditions: string[] = [];
	if (q.name) {
		conditions.push(`c.name_key LIKE ? ESCAPE '\\'`);
		bindings.push(`%${likeEscape(q.name)}%`);
	}
	if (q.phone) {
		conditions.push(`c.phone_key LIKE ? ESCAPE '\\'`);
		bindings.push(`%${likeEscape(q.phone)}%`);
	}
	if (q.email) {
		conditions.push('c.email_key = ?');
		bindings.push(q.email);
	}
	// exact matches first, then names that start with the keyword, then the rest
	const rank = `CASE WHEN c.name_key = ? OR c.phone_key = ? OR c.email_key = ? THEN 0 WHEN c.name_key LIKE ? ESCAPE '\\' THEN 1 ELSE 2 END`;
	const rankBindings = [q.name ?? '', q.phone ?? '', q.email ?? '', `${likeEscape(q.name ?? '')}%`];
	const rows = (await knex('crm_customers as c')
		.leftJoin('directus_users as u', 'u.id', 'c.owner')
		.select('c.id', 'c.name', 'c.owner', 'c.pool', 'c.date_created', 'u.first_name', 'u.last_name')
		.select(knex.raw(`${rank} AS match_rank`, rankBindings))
		.whereRaw(`(${conditions.join(' OR ')})`, bindings as any[])
		.orderBy([{ column: 'match_rank' }, { column: 'c.id', order: 'desc' }])
		.limit(limit)) as any[];
	return rows.map((r) => ({
		id: Number(r.id),
		name: r.name,
		owner: r.owner ? { id: r.owner, first_name: r.first_name ?? null, last_name: r.last_name ?? null } : null,
		pool: r.pool === null ? null : Number(r.pool),
		date_created: readTs(r.date_created)?.toISOString() ?? null,
	}));
}
