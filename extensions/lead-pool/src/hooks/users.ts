import type { Knex } from 'knex';
import type { RelationLookup } from '../core/users';
import { redactNestedUsersOf, redactUsers } from '../services/visibility';
import type { Register } from './register';


/** Reps read other users only as far as the studio needs to show an owner (name, avatar). */
export function registerUserRedaction({ filter }: Register, database: Knex) {
	filter('users.read', (records: unknown, meta: any, context: any) =>
		redactUsers(context?.database ?? database, context?.accountability, records, meta?.query?.filter),
	);
}

/** Lead Pool's collections whose reads may nest users. */
const COLLECTIONS_WITH_USERS = [
	'crm_customers',
	'crm_follow_ups',
	'crm_claim_requests',
	'crm_events',
	'crm_pools',
	'crm_pool_members',
	'crm_teams',
	'crm_rep_profiles',
	'crm_performance',
	'crm_assignment_rules',
];

/** The same for users nested in reads of Lead Pool's collections (an owner's e-mail is not a rep's business). */
export function registerNestedUserRedaction({ filter }: Register, database: Knex) {
	for (const collection of COLLECTIONS_WITH_USERS) {
		filter(`${collection}.items.read`, (records: unknown, _meta: unknown, context: any) => {
			const relations: any[] = context?.schema?.relations ?? [];
			const relationOf: RelationLookup = (c, f) => {
				const m2o = relations.find((r) => r.collection === c && r.field === f && r.related_collection);
				if (m2o) return { collection: m2o.related_collection, kind: 'm2o' };
				const o2m = relations.find((r) => r.related_collection === c && r.meta?.one_field === f);
				if (o2m) return { collection: o2m.collection, kind: 'o2m' };
				return null;
			};
			return redactNestedUsersOf(context?.database ?? database, context?.accountability, collection, records, relationOf);
		});
	}
}
