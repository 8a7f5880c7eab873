import type { Knex } from 'knex';
import { andFilter, customerVisibilityFilter, relatedVisibilityFilter } from '../core/visibility';
import { resolveActorKind } from '../data/actors';
import { cachedMemberPools, clearMembershipCache } from '../data/visibility';

type Register = { filter: (event: string, handler: (...args: any[]) => any) => void; action: (event: string, handler: (...args: any[]) => any) => void };

/**
 * A rep's reads of customers, and of the follow-ups, claim requests and events that hang off them, are narrowed to
 * the customers they own plus the unowned customers of their pools. Applied to the query of every read path
 * (REST list and single, search, aggregate and group-by, export, GraphQL), so counts agree with lists.
 */
export function registerVisibility({ filter, action }: Register, database: Knex) {
	const narrow = (build: (user: string, pools: number[]) => Record<string, unknown>) => async (query: any, _meta: unknown, context: any) => {
		const accountability = context?.accountability;
		if (!accountability) return query;
		const knex: Knex = context?.database ?? database;
		if ((await resolveActorKind(knex, accountability)) !== 'rep' && accountability.user) return query;
		if (!accountability.user) return { ...query, filter: andFilter(query?.filter, { id: { _null: true } }) };
		const pools = await cachedMemberPools(knex, accountability.user);
		return { ...query, filter: andFilter(query?.filter, build(accountability.user, pools)) };
	};

	filter('crm_customers.items.query', narrow((user, pools) => customerVisibilityFilter(user, pools)));
	filter('crm_follow_ups.items.query', narrow((user, pools) => relatedVisibilityFilter(user, pools)));
	filter('crm_claim_requests.items.query', narrow((user, pools) => relatedVisibilityFilter(user, pools)));
	filter('crm_events.items.query', narrow((user, pools) => relatedVisibilityFilter(user, pools)));
	// Non-members see nothing of a pool.
	filter('crm_pools.items.query', narrow((_user, pools) => ({ id: { _in: pools.length ? pools : [-1] } })));

	for (const collection of ['crm_pools', 'crm_pool_members', 'crm_rep_profiles']) {
		for (const event of ['create', 'update', 'delete']) action(`${collection}.items.${event}`, () => clearMembershipCache());
	}
}
