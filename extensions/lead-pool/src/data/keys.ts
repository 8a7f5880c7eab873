import type { Knex } from 'knex';
import { emailKey, nameKey, phoneKey } from '../core/normalize';
import { dialectOf } from './db';

/** How many customers lack their keys (setup sets search-index upkeep aside while it fills many). */
export async function customersWithoutKeys(knex: Knex): Promise<number> {
	const [row] = await knex('crm_customers').count({ n: '*' }).whereNull('name_key').whereNotNull('name');
	return Number(row?.n ?? 0);
}

/**
 * Fill the stored duplicate-check keys of customers that lack them (rows imported with plain SQL, or written before
 * the extension was installed). Works in batches by primary key so memory stays flat however large the table is.
 */
export async function backfillCustomerKeys(knex: Knex, batchSize = 2000): Promise<number> {
	let updated = 0;
	let lastId = 0;
	for (;;) {
		const rows: { id: number; name: string | null; phone: string | null; email: string | null }[] = await knex('crm_customers')
			.select('id', 'name', 'phone', 'email')
			.where('id', '>', lastId)
			.andWhere((q) => q.whereNull('name_key').orWhere((q2) => q2.whereNull('phone_key').whereNotNull('phone')).orWhere((q3) => q3.whereNull('email_key').whereNotNull('email')))
			.orderBy('id')
			.limit(batchSize);
		if (rows.length === 0) break;
		// The keys are computed here (OpenCC, libphonenumber), then written as one statement per batch.
		const keyed = rows.map((row) => ({ id: row.id, name_key: nameKey(row.name), phone_key: phoneKey(row.phone), email_key: emailKey(row.email) }));
		if (dialectOf(knex) === 'pg') {
			await knex.raw(
				`UPDATE crm_customers AS c SET name_key = v.name_key, phone_key = v.phone_key, email_key = v.email_key
				 FROM (VALUES ${keyed.map(() => '(?::integer, ?::text, ?::text, ?::text)').join(', ')}) AS v(id, name_key, phone_key, email_key) WHERE c.id = v.id`,
				keyed.flatMap((k) => [k.id, k.name_key, k.phone_key, k.email_key]) as any[],
			);
		} else if (dialectOf(knex) === 'sqlite') {
			await knex.raw(
				`WITH v(id, name_key, phone_key, email_key) AS (VALUES ${keyed.map(() => '(?, ?, ?, ?)').join(', ')})
				 UPDATE crm_customers SET name_key = v.name_key, phone_key = v.phone_key, email_key = v.email_key FROM v WHERE crm_customers.id = v.id`,
				keyed.flatMap((k) => [k.id, k.name_key, k.phone_key, k.email_key]) as any[],
			);
		} else {
			await knex.transaction(async (trx) => {
				for (const k of keyed) await trx('crm_customers').where('id', k.id).update({ name_key: k.name_key, phone_key: k.phone_key, email_key: k.email_key });
			});
		}
		updated += rows.length;
		lastId = rows[rows.length - 1]!.id;
	}
	return updated;
}
