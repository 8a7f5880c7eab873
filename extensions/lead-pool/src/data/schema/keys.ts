import { emailKey, nameKey, phoneKey } from '../../core/normalize';
import { dialect, type Db } from '../dialects';
import { KEYS_MISSING } from './indexes';

/** How many customers lack their keys (setup sets search-index upkeep aside while it fills many). */
export async function customersWithoutKeys(db: Db): Promise<number> {
	const [row] = await db('crm_customers').count({ n: '*' }).whereRaw(`(${KEYS_MISSING})`).whereNull('name_key').whereNotNull('name');
	return Number(row?.n ?? 0);
}

/** Customers whose keys the backfill would still fill (any of the three missing where its source is there). */
export async function customersPendingKeys(db: Db): Promise<number> {
	const [row] = await db('crm_customers')
		.count({ n: '*' })
		.whereRaw(`(${KEYS_MISSING})`)
		.where((q) =>
			q
				.where((q1) => q1.whereNull('name_key').whereNotNull('name'))
				.orWhere((q2) => q2.whereNull('phone_key').whereNotNull('phone'))
				.orWhere((q3) => q3.whereNull('email_key').whereNotNull('email')),
		);
	return Number(row?.n ?? 0);
}

/**
 * Fill the stored duplicate-check keys of customers that lack them (rows imported with plain SQL, or written before
 * the extension was installed). Works in batches by primary key so memory stays flat however large the table is.
 * Each batch commits on its own and the rows it filled no longer match, so a run that stops (a `deadline` in ms since
 * the epoch, checked before each batch; a killed process) is continued by the next run where it stopped.
 */
export async function backfillCustomerKeys(db: Db, batchSize = 2000, deadline = Infinity): Promise<number> {
	let updated = 0;
	let lastId = 0;
	for (;;) {
		if (Date.now() >= deadline) break;
		const rows: { id: number; name: string | null; phone: string | null; email: string | null }[] = await db('crm_customers')
			.select('id', 'name', 'phone', 'email')
			.where('id', '>', lastId)
			// the predicate of the partial index crm_customers_keys_missing_idx, written the same so the planner uses it
			.whereRaw(`(${KEYS_MISSING})`)
			.orderBy('id')
			.limit(batchSize);
		if (rows.length === 0) break;
		// The keys are computed here (OpenCC, libphonenumber), then written as one statement per batch.
		await dialect(db).updateFromValues({
			table: 'crm_customers',
			columns: [
				['id', 'integer'],
				['name_key', 'text'],
				['phone_key', 'text'],
				['email_key', 'text'],
			],
			rows: rows.map((row) => [row.id, nameKey(row.name), phoneKey(row.phone), emailKey(row.email)]),
		});
		updated += rows.length;
		lastId = rows[rows.length - 1]!.id;
	}
	return updated;
}
