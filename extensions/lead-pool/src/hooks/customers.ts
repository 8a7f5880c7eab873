import type { Knex } from 'knex';
import { withRefusals } from '../shared/errors';
import { importReportFor } from '../shared/import-report';
import { createCustomer, deleteToPool, editCustomers } from '../services/customers';
import type { Register } from './register';


/** Customers through Directus: every create, edit and delete goes through the customer services (services/customers). */
export function registerCustomerHooks({ filter }: Register, database: Knex) {
	// inside the create transaction; an import row carries its import's report
	filter('crm_customers.items.create', (input: Record<string, unknown>, _meta: unknown, context: any) =>
		withRefusals(context.database, context.accountability?.user, () =>
			createCustomer(context.database, context.accountability, input, importReportFor(context.accountability)),
		),
	);

	// before Directus's permission check, for every key of a single, batch or by-query update
	filter('crm_customers.items.update', (input: Record<string, unknown>, meta: any, context: any) => {
		const db: Knex = context.database ?? database;
		return withRefusals(db, context.accountability?.user, () => editCustomers(db, context.accountability, meta?.keys ?? [], input));
	});

	// the keys returned are the ones Directus deletes; the database keeps the rows (see data/schema/guards)
	filter('crm_customers.items.delete', (keys: (number | string)[], _meta: unknown, context: any) => {
		const db: Knex = context?.database ?? database;
		return withRefusals(db, context?.accountability?.user, () => deleteToPool(db, context?.accountability, keys));
	});
}
