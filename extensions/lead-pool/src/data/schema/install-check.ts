import { dialect, type Db, type MissingPart } from '../dialects';

export type { MissingPart } from '../dialects';

/** The guards setup creates (data/schema/guards.ts), by the names it gives them on every database. */
const GUARDS: { name: string; part: string; cost: string; vendors?: string[] }[] = [
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
	{
		name: 'lead_pool_customer_ids',
		part: 'id reservations for new customers (table lead_pool_customer_ids)',
		cost: 'the first event of a new customer (created in the pool, created for a rep) is recorded without the customer it belongs to.',
		vendors: ['mysql'],
	},
];

/** Lead Pool's tables are in this database (setup ran, or a `schema apply` brought them). */
export async function leadPoolTablesExist(db: Db): Promise<boolean> {
	return db.schema.hasTable('crm_customers');
}

/** A user of this instance, if any (Directus tells its version only to a request with a user). */
export async function someUserId(db: Db): Promise<string | null> {
	return ((await db('directus_users').first('id').orderBy('id')) as { id: string } | undefined)?.id ?? null;
}

/** Whether setup ever ran on this database: its access policies (fixed ids) exist. */
export async function accessInstalled(db: Db, policyIds: string[]): Promise<boolean> {
	return !!(await db('directus_policies').first('id').whereIn('id', policyIds));
}

/**
 * What setup could not install on this database, read back from the database after setup ran (so it also notices a
 * part a `schema apply` or a restore left out). The database objects are looked up by the names setup gives them on
 * every database; a dialect that gains one of them only has to create it under that name.
 */
export async function missingParts(db: Db): Promise<MissingPart[]> {
	if (!(await db.schema.hasTable('crm_customers'))) return [];
	const d = dialect(db);
	const has = await d.guardNames();
	const missing: MissingPart[] = GUARDS.filter((g) => (!g.vendors || g.vendors.includes(d.vendor)) && !has.has(g.name)).map((g) => ({
		part: g.part,
		required: true,
		reason: d.whyMissing(g.name) ?? 'it is not in this database (setup has not run since the schema was created or restored)',
		cost: g.cost,
		fix: 'run setup again (`npx directus lead-pool setup`) as a database user that may create triggers and indexes.',
	}));
	if (d.keepsRollups && !(await d.rollups())) {
		missing.push({
			part: 'rollups for the reports (tables crm_event_hours, crm_pool_stays, crm_pool_counts)',
			reason: d.whyMissing('rollups') ?? 'setup has not run since this version was installed (it fills them from the events so far)',
			cost: 'the activity, time-to-claim and pool-size reports count every row of their window: seconds instead of milliseconds at millions of customers.',
			fix: 'run setup (`npx directus lead-pool setup`, or POST /lead-pool/setup); event and customer writes wait while it fills them (about 30 s at ten million customers).',
		});
	}
	return [...missing, ...(await d.missingSearchParts(await d.searchSupport()))];
}
