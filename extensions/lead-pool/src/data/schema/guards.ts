import type { Knex } from 'knex';
import { dialect, type Db } from '../dialects';

/**
 * Guarantees kept by the database itself, whatever path a write takes:
 * - a customer row is never destroyed by a DELETE unless an admin purge marked it first (the DELETE of an unmarked
 *   row is skipped silently; the delete hook has already returned the customer to its pool);
 * - at most one pending claim request per customer;
 * - an import row the duplicate guard skipped or merged is not inserted (it is marked 'skipped' or 'merged', and
 *   the create answers with the existing customer's key);
 * - a new customer's first event may be written before the customer row, in the same transaction.
 * Created by setup, as triggers, indexes and constraints of each vendor (data/dialects); every statement is
 * idempotent and a constant, never built from input.
 */
export async function ensureGuards(db: Db): Promise<string[]> {
	if (!(await db.schema.hasTable('crm_customers'))) return [];
	return dialect(db).ensureGuards();
}

/**
 * Where the database cannot skip a row its guards keep (MySQL), Directus's own statements on crm_customers are
 * shaped once per process so they do what the guards mean (see the MySQL dialect); elsewhere nothing is needed.
 */
export function guardStatements(knex: Knex): void {
	dialect(knex).guardStatements(knex);
}
