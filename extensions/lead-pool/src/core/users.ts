/** Fields of another user that a rep may read: what the studio shows next to a customer (name and avatar). */
export const USER_FIELDS_VISIBLE_TO_REPS = ['id', 'first_name', 'last_name', 'avatar', 'title', 'status'] as const;

/**
 * Reduce user records read by a rep to what the studio needs, leaving the rep's own record whole. Directus's
 * recommended app permission lets every studio user read all of directus_users; the Core tier ignores field lists,
 * so the narrowing happens here.
 */
export function redactUsersForRep<T extends Record<string, unknown>>(records: T[], self: string | null | undefined): T[] {
	return records.map((record) => {
		if (!record || typeof record !== 'object' || record['id'] === self) return record;
		const kept: Record<string, unknown> = {};
		for (const key of USER_FIELDS_VISIBLE_TO_REPS) if (key in record) kept[key] = record[key];
		return kept as T;
	});
}
