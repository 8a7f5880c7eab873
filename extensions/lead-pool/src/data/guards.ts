import type { Knex } from 'knex';
import { dialectOf } from './db';

/**
 * Guarantees kept by the database itself, whatever path a write takes:
 * - a customer row is never destroyed by a DELETE unless an admin purge marked it first (the DELETE of an unmarked
 *   row is skipped silently; the delete hook has already returned the customer to its pool);
 * - at most one pending claim request per customer;
 * - an import row the duplicate guard skipped or merged is not inserted (it is marked 'skipped' or 'merged', and
 *   the create answers with the existing customer's key).
 * Created by setup; every statement is idempotent. Statements are constants, never built from input.
 */
export async function ensureGuards(knex: Knex): Promise<string[]> {
	const created: string[] = [];
	const dialect = dialectOf(knex);
	if (!(await knex.schema.hasTable('crm_customers'))) return created;
	if (dialect === 'sqlite') {
		const trigger = await knex('sqlite_master').where({ type: 'trigger', name: 'crm_customers_keep_on_delete' }).first();
		if (!trigger) {
			await knex.raw(`CREATE TRIGGER IF NOT EXISTS crm_customers_keep_on_delete BEFORE DELETE ON crm_customers
				FOR EACH ROW WHEN OLD.purge_requested IS NOT 1 AND OLD.purge_requested IS NOT 'true'
				BEGIN SELECT RAISE(IGNORE); END`);
			created.push('trigger crm_customers_keep_on_delete');
		}
		const importGuard = await knex('sqlite_master').where({ type: 'trigger', name: 'crm_customers_import_guard' }).first();
		if (!importGuard && (await knex.schema.hasColumn('crm_customers', 'duplicate_status'))) {
			await knex.raw(`CREATE TRIGGER IF NOT EXISTS crm_customers_import_guard BEFORE INSERT ON crm_customers
				FOR EACH ROW WHEN NEW.duplicate_status IN ('skipped', 'merged')
				BEGIN SELECT RAISE(IGNORE); END`);
			created.push('trigger crm_customers_import_guard');
		}
		const index = await knex('sqlite_master').where({ type: 'index', name: 'crm_claim_requests_one_pending' }).first();
		if (!index) {
			await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS crm_claim_requests_one_pending ON crm_claim_requests (customer) WHERE status = 'pending'`);
			created.push('index crm_claim_requests_one_pending');
		}
	} else if (dialect === 'pg') {
		const trigger = await knex('pg_trigger').where({ tgname: 'crm_customers_keep_on_delete' }).first();
		if (!trigger) {
			await knex.raw(`CREATE OR REPLACE FUNCTION lead_pool_keep_customers() RETURNS trigger AS $$
				BEGIN
					IF OLD.purge_requested IS TRUE THEN RETURN OLD; END IF;
					RETURN NULL;
				END $$ LANGUAGE plpgsql`);
			await knex.raw(`CREATE TRIGGER crm_customers_keep_on_delete BEFORE DELETE ON crm_customers FOR EACH ROW EXECUTE FUNCTION lead_pool_keep_customers()`);
			created.push('trigger crm_customers_keep_on_delete');
		}
		const importGuard = await knex('pg_trigger').where({ tgname: 'crm_customers_import_guard' }).first();
		if (!importGuard && (await knex.schema.hasColumn('crm_customers', 'duplicate_status'))) {
			await knex.raw(`CREATE OR REPLACE FUNCTION lead_pool_import_guard() RETURNS trigger AS $$
				BEGIN
					IF NEW.duplicate_status IN ('skipped', 'merged') THEN RETURN NULL; END IF;
					RETURN NEW;
				END $$ LANGUAGE plpgsql`);
			await knex.raw(`CREATE TRIGGER crm_customers_import_guard BEFORE INSERT ON crm_customers FOR EACH ROW EXECUTE FUNCTION lead_pool_import_guard()`);
			created.push('trigger crm_customers_import_guard');
		}
		// A new customer's first event is written in the same transaction, just before the customer row itself.
		const fk = await knex('pg_constraint').first('condeferred').where({ conname: 'crm_events_customer_foreign' });
		if (fk && !fk.condeferred) {
			await knex.raw('ALTER TABLE crm_events ALTER CONSTRAINT crm_events_customer_foreign DEFERRABLE INITIALLY DEFERRED');
			created.push('deferred constraint crm_events_customer_foreign');
		}
		const index = await knex('pg_indexes').where({ indexname: 'crm_claim_requests_one_pending' }).first();
		if (!index) {
			await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS crm_claim_requests_one_pending ON crm_claim_requests (customer) WHERE status = 'pending'`);
			created.push('index crm_claim_requests_one_pending');
		}
	}
	return created;
}
