import { defineHook } from '@directus/extensions-sdk';
import { resolveActorKind } from '../data/actors';
import { filterTargetsOnly, redactUsersForRep } from '../core/users';

export default defineHook(({ filter }, { database }) => {
	// Reps read other users only as far as the studio needs to show an owner (name, avatar).
	filter('users.read', async (records, meta, context) => {
		const accountability = (context as any).accountability;
		if (!accountability || !Array.isArray(records)) return records;
		if ((await resolveActorKind(database, accountability)) !== 'rep') return records;
		const onlySelf = filterTargetsOnly((meta as any)?.query?.filter, accountability.user);
		return redactUsersForRep(records as Record<string, unknown>[], accountability.user, onlySelf);
	});
});
