import type { Knex } from 'knex';
import { emailKey, nameKey, phoneKey } from '../core/normalize';

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
		await knex.transaction(async (trx) => {
			for (const row of rows) {
				await trx('crm_customers')
					.where('id', row.id)
					.update({ name_key: nameKey(row.name), phone_key: phoneKey(row.phone), email_key: emailKey(row.email) });
			}
		});
		updated += rows.length;
		lastId = rows[rows.length - 1]!.id;
	}
	return updated;
}
