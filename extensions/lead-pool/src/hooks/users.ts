import type { Knex } from 'knex';
import { filterTargetsOnly, redactNestedUsers, redactUsersForRep, type RelationLookup } from '../core/users';
import { resolveActorKind } from '../data/actors';

type Register = { filter: (event: string, handler: (...args: any[]) => any) => void };

/** Reps read other users only as far as the studio needs to show an owner (name, avatar). */
export function registerUserRedaction({ filter }: Register, database: Knex) {
	filter('users.read', async (records: unknown, meta: any, context: any) => {
		const accountability = context?.accountability;
		if (!accountability || !Array.isArray(records)) return records;
		const knex: Knex = context?.database ?? database;
		if ((await resolveActorKind(knex, accountability)) !== 'rep') return records;
		const onlySelf = filterTargetsOnly(meta?.query?.filter, accountability.user);
		return redactUsersForRep(records as Record<string, unknown>[], accountability.user, onlySelf);
	});
}

/** The same for users nested in reads of Lead Pool's collections (an owner's e-mail is not a rep's business). */
export function registerNestedUserRedaction({ filter }: Register, database: Knex) {
	const collections = ['crm_customers', 'crm_follow_ups', 'crm_claim_requests', 'crm_events', 'crm_pools', 'crm_pool_members', 'crm_teams', 'crm_rep_profiles', 'crm_performance', 'crm_assignment_rules'];
	for (const collection of collections) {
		filter(`${collection}.items.read`, async (records: unknown, _meta: unknown, context: any) => {
			const accountability = context?.accountability;
			if (!accountability || !Array.isArray(records) || records.length === 0) return records;
			const knex: Knex = context?.database ?? database;
			if ((await resolveActorKind(knex, accountability)) !== 'rep') return records;
			const relations: any[] = context?.schema?.relations ?? [];
			const relationOf: RelationLookup = (c, f) => {
				const m2o = relations.find((r) => r.collection === c && r.field === f && r.related_collection);
				if (m2o) return { collection: m2o.related_collection, kind: 'm2o' };
				const o2m = relations.find((r) => r.related_collection === c && r.meta?.one_field === f);
				if (o2m) return { collection: o2m.collection, kind: 'o2m' };
				return null;
			};
			return redactNestedUsers(collection, records, accountability.user, relationOf);
		});
	}
}
