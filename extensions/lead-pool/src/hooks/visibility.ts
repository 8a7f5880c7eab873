import type { Knex } from 'knex';
import { membershipChanged } from '../services/settings';
import { CUSTOMERS, MEMBER_POOLS, narrowRead, RELATED_TO_CUSTOMERS, type Narrowing } from '../services/visibility';
import type { Register } from './register';


/**
 * A rep's reads of customers, and of the follow-ups, claim requests and events that hang off them, are narrowed to
 * the customers they own plus the unowned customers of their pools. Applied to the query of every read path
 * (REST list and single, search, aggregate and group-by, export, GraphQL), so counts agree with lists.
 */
export function registerVisibility({ filter, action }: Register, database: Knex) {
	const narrow = (narrowing: Narrowing) => (query: any, _meta: unknown, context: any) =>
		narrowRead(context?.database ?? database, context?.accountability, query, narrowing);

	filter('crm_customers.items.query', narrow(CUSTOMERS));
	filter('crm_follow_ups.items.query', narrow(RELATED_TO_CUSTOMERS));
	filter('crm_claim_requests.items.query', narrow(RELATED_TO_CUSTOMERS));
	filter('crm_events.items.query', narrow(RELATED_TO_CUSTOMERS));
	filter('crm_pools.items.query', narrow(MEMBER_POOLS));

	for (const collection of ['crm_pools', 'crm_pool_members', 'crm_rep_profiles']) {
		for (const event of ['create', 'update', 'delete']) action(`${collection}.items.${event}`, () => membershipChanged());
	}
}
