import { defineHook } from '@directus/extensions-sdk';
import { actorKind } from '../core/actor';
import { redactUsersForRep } from '../core/users';

export default defineHook(({ filter }) => {
	// Reps read other users only as far as the studio needs to show an owner (name, avatar).
	filter('users.read', (records, _meta, context) => {
		const accountability = (context as any).accountability;
		if (actorKind(accountability) !== 'rep' || !Array.isArray(records)) return records;
		return redactUsersForRep(records as Record<string, unknown>[], accountability.user);
	});
});
