/** Fields of another user that a rep may read: what the studio shows next to a customer (name and avatar). */
export const USER_FIELDS_VISIBLE_TO_REPS = ['id', 'first_name', 'last_name', 'avatar', 'title', 'status'] as const;

/**
 * Reduce user records read by a rep to what the studio needs, leaving the rep's own record whole. Directus's
 * recommended app permission lets every studio user read all of directus_users; the Core tier ignores field lists,
 * so the narrowing happens here. `onlySelf` is for reads that are known to target the rep's own record (such as
 * /users/me without an id in the field list).
 */
export function redactUsersForRep<T extends Record<string, unknown>>(records: T[], self: string | null | undefined, onlySelf = false) {
	if (onlySelf) return records;
	return records.map((record) => {
		if (!record || typeof record !== 'object' || record['id'] === self) return record;
		const kept: Record<string, unknown> = {};
		for (const key of USER_FIELDS_VISIBLE_TO_REPS) if (key in record) kept[key] = record[key];
		return kept as T;
	});
}

/** True when a Directus query filter pins the read to exactly one user id (as readOne and /users/me do). */
export function filterTargetsOnly(filter: unknown, id: string | null | undefined): boolean {
	if (!id || !filter || typeof filter !== 'object') return false;
	const f = filter as Record<string, any>;
	if (f['id']?._eq === id) return true;
	if (Array.isArray(f['_and'])) return f['_and'].some((part: unknown) => filterTargetsOnly(part, id));
	return false;
}
