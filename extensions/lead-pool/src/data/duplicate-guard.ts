import type { Knex } from 'knex';

/** The customer a new row duplicates: the oldest one with the same name key, phone key or e-mail key. */
export interface ExistingCustomer {
	id: number;
	name: string;
	owner: string | null;
	pool: number | null;
	match: 'name' | 'phone' | 'email';
}

export async function findExactDuplicate(
	knex: Knex,
	keys: { name_key?: string | null; phone_key?: string | null; email_key?: string | null },
): Promise<ExistingCustomer | null> {
	const probes = (['name', 'phone', 'email'] as const).filter((m) => !!keys[`${m}_key`]);
	if (probes.length === 0) return null;
	// one statement: the oldest customer matching any key (each key column is indexed), and which key matched
	const row = await knex('crm_customers')
		.first('id', 'name', 'owner', 'pool', knex.raw(`CASE ${probes.map((m) => `WHEN ${m}_key = ? THEN '${m}'`).join(' ')} END AS matched`, probes.map((m) => keys[`${m}_key`]!)))
		.where((q) => {
			for (const m of probes) q.orWhere(`${m}_key`, keys[`${m}_key`]!);
		})
		.orderBy('id');
	return row ? { id: Number(row.id), name: row.name, owner: row.owner ?? null, pool: row.pool === null ? null : Number(row.pool), match: row.matched } : null;
}

/**
 * Fill the existing customer's empty fields from an import row; fields that already hold a value keep it (the row's
 * differing values are returned, for the event, so nothing of the row is lost). Returns what was filled and kept.
 */
export async function mergeInto(
	knex: Knex,
	id: number,
	row: Record<string, unknown>,
	mergeable: string[],
): Promise<{ filled: string[]; kept: Record<string, unknown> }> {
	const fields = mergeable.filter((f) => row[f] !== undefined && row[f] !== null && row[f] !== '');
	if (fields.length === 0) return { filled: [], kept: {} };
	const current = await knex('crm_customers').first(fields).where('id', id);
	const update: Record<string, unknown> = {};
	const kept: Record<string, unknown> = {};
	for (const f of fields) {
		const value = current?.[f];
		if (value === null || value === undefined || value === '') update[f] = row[f];
		else if (String(value) !== String(row[f])) kept[f] = row[f];
	}
	// a filled phone or e-mail brings its comparison key along
	for (const f of ['phone', 'email']) if (f in update) update[`${f}_key`] = row[`${f}_key`] ?? null;
	if (Object.keys(update).length > 0) await knex('crm_customers').update(update).where('id', id);
	return { filled: Object.keys(update).filter((f) => !f.endsWith('_key')), kept };
}
