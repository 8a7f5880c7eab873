import type { Knex } from 'knex';
import { matchKey } from '../core/spreadsheet';

/** Reads the spreadsheet import needs beside the create itself: the chosen pool, owners named in the file, names. */

export async function findPool(knex: Knex, id: number): Promise<{ id: number; name: string; status: string } | null> {
	const row = await knex('crm_pools').first('id', 'name', 'status').where('id', id);
	return row ? { id: Number(row.id), name: row.name, status: row.status } : null;
}

/**
 * Owners as a file names them: an active user's e-mail (any case) or full name ("First Last", compared like headers).
 * A name two users share is ambiguous, so the row says to use the e-mail instead.
 */
export async function resolveOwners(knex: Knex, refs: string[]): Promise<Map<string, string | 'ambiguous'>> {
	const found = new Map<string, string | 'ambiguous'>();
	const unique = [...new Set(refs)];
	if (unique.length === 0) return found;
	const emails = unique.filter((r) => r.includes('@'));
	for (let i = 0; i < emails.length; i += 500) {
		const chunk = emails.slice(i, i + 500).map((e) => e.toLowerCase());
		const rows = await knex('directus_users').select('id', 'email').where('status', 'active').whereIn(knex.raw('lower(email)') as any, chunk);
		const byEmail = new Map(rows.map((r: any) => [String(r.email).toLowerCase(), String(r.id)]));
		for (const ref of emails.slice(i, i + 500)) {
			const id = byEmail.get(ref.toLowerCase());
			if (id) found.set(ref, id);
		}
	}
	const names = unique.filter((r) => !r.includes('@'));
	if (names.length > 0) {
		const wanted = new Map(names.map((n) => [matchKey(n), n]));
		// a sales team's users, not a customer table: read once, compared in memory
		const users = await knex('directus_users').select('id', 'first_name', 'last_name').where('status', 'active').limit(20_000);
		for (const u of users as any[]) {
			for (const full of [`${u.first_name ?? ''} ${u.last_name ?? ''}`, `${u.last_name ?? ''}${u.first_name ?? ''}`]) {
				const ref = wanted.get(matchKey(full));
				if (!ref) continue;
				const prior = found.get(ref);
				found.set(ref, prior && prior !== String(u.id) ? 'ambiguous' : String(u.id));
			}
		}
	}
	return found;
}

export interface Placement {
	name: string;
	owner: string | null;
	pool: number | null;
	poolName: string | null;
}

/** Where the created customers ended up: owner and pool (with its name), to tell which went to a pool over a cap. */
export async function placements(knex: Knex, ids: number[]): Promise<Map<number, Placement>> {
	const result = new Map<number, Placement>();
	for (let i = 0; i < ids.length; i += 500) {
		const rows = await knex('crm_customers as c')
			.leftJoin('crm_pools as p', 'p.id', 'c.pool')
			.select('c.id', 'c.name', 'c.owner', 'c.pool', 'p.name as pool_name')
			.whereIn('c.id', ids.slice(i, i + 500));
		for (const r of rows as any[]) {
			result.set(Number(r.id), { name: r.name, owner: r.owner ?? null, pool: r.pool === null ? null : Number(r.pool), poolName: r.pool_name ?? null });
		}
	}
	return result;
}
