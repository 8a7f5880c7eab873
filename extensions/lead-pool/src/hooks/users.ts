import type { Knex } from 'knex';
import { filterTargetsOnly, redactUsersForRep } from '../core/users';
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
