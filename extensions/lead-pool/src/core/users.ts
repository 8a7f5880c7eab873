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

/** Where a field of a collection leads: `m2o` to one record, `o2m` to a list; `null` when it is not relational. */
export type RelationLookup = (collection: string, field: string) => { collection: string; kind: 'm2o' | 'o2m' } | null;

/**
 * Redact users nested anywhere in records read by a rep (the owner of a customer, the rep of a follow-up…), following
 * the schema's relations. Directus reads nested users without emitting `users.read`, so this runs on the reads of our
 * own collections.
 */
export function redactNestedUsers(
	collection: string,
	records: unknown,
	self: string | null | undefined,
	relationOf: RelationLookup,
	depth = 0,
): unknown {
	if (depth > 4 || records === null || typeof records !== 'object') return records;
	if (Array.isArray(records)) return records.map((r) => redactNestedUsers(collection, r, self, relationOf, depth));
	const record = { ...(records as Record<string, unknown>) };
	for (const [field, value] of Object.entries(record)) {
		if (value === null || typeof value !== 'object') continue;
		const relation = relationOf(collection, field);
		if (!relation) continue;
		if (relation.collection === 'directus_users') {
			const users = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
			const redacted = redactUsersForRep(users, self);
			record[field] = Array.isArray(value) ? redacted : redacted[0];
		} else {
			record[field] = redactNestedUsers(relation.collection, value, self, relationOf, depth + 1);
		}
	}
	return record;
}
