import { dialect, type Db, type MissingPart } from '../dialects';

export type { MissingPart } from '../dialects';

/** The guards setup creates (data/schema/guards.ts), by the names it gives them on every database. */
const GUARDS: { name: string; part: string; cost: string }[] = [
	{
		name: 'crm_customers_keep_on_delete',
		part: 'delete guard (trigger crm_customers_keep_on_delete)',
		cost:
			'a DELETE still returns customers to their pool first, but the database itself does not keep the rows: a DELETE that bypasses ' +
			'Directus removes customers with their follow-ups.',
	},
	{
		name: 'crm_customers_import_guard',
		part: 'import guard (trigger crm_customers_import_guard)',
		cost: 'imports in "skip" or "merge" mode can fail instead of skipping or merging the duplicate rows.',
	},
	{
		name: 'crm_claim_requests_one_pending',
		part: 'one pending claim request per customer (unique index crm_claim_requests_one_pending)',
		cost: 'two requests for one customer filed at the same moment can both stay pending.',
	},
];

/**
 * What setup could not install on this database, read back from the database after setup ran (so it also notices a
 * part a `schema apply` or a restore left out). The database objects are looked up by the names setup gives them on
 * every database; a dialect that gains one of them only has to create it under that name.
 */
export async function missingParts(db: Db): Promise<MissingPart[]> {
	if (!(await db.schema.hasTable('crm_customers'))) return [];
	const d = dialect(db);
	const has = await d.guardNames();
	const where = d.hasGuards ? 'this database' : 'MySQL/MariaDB';
	const missing: MissingPart[] = GUARDS.filter((g) => !has.has(g.name)).map((g) => ({
		part: g.part,
		reason: `not available on ${where} yet`,
		cost: g.cost,
	}));
	return [...missing, ...(await d.missingSearchParts(await d.searchSupport()))];
}
