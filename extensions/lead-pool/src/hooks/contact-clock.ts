import type { Knex } from 'knex';
import { askKeyWithDaysSinceContact, fillDaysSinceContact } from '../services/contact-clock';
import type { Register } from './register';

/**
 * Customers read with "Days since last contact" get it counted at read time: the query keeps the key it needs to
 * find each customer's clock, and the records are filled in after the read guard's cleaning.
 */
export function registerContactClock({ filter }: Register, database: Knex) {
	filter('crm_customers.items.query', (query: any) => askKeyWithDaysSinceContact(query));
	filter('crm_customers.items.read', (records: unknown, _meta: any, context: any) => fillDaysSinceContact(context?.database ?? database, records));
}
