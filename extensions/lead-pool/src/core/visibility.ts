/**
 * What a rep may see: the customers they own, and the unowned customers of the pools they are a member of. Expressed
 * as a Directus filter so that every read path (list, single, search, aggregate, export, GraphQL) applies it in SQL,
 * where the (owner) and (pool, owner) indexes serve it.
 */
export type DirectusFilter = Record<string, unknown>;

export function customerVisibilityFilter(rep: string, memberPools: readonly number[]): DirectusFilter {
	const own = { owner: { _eq: rep } };
	if (memberPools.length === 0) return own;
	return { _or: [own, { _and: [{ owner: { _null: true } }, { pool: { _in: [...memberPools] } }] }] };
}

/** The same rule for one customer already read: whether the rep may see it. */
export function seesCustomer(rep: string, memberPools: readonly number[], customer: { owner: string | null; pool: number | null }): boolean {
	if (customer.owner === rep) return true;
	return customer.owner === null && customer.pool !== null && memberPools.includes(customer.pool);
}

/** Rows that hang off a customer (follow-ups, claim requests, events) are visible exactly when the customer is. */
export function relatedVisibilityFilter(rep: string, memberPools: readonly number[], field = 'customer'): DirectusFilter {
	// The relation goes on each condition: Directus does not accept _or/_and directly under a relational field.
	const own = { [field]: { owner: { _eq: rep } } };
	if (memberPools.length === 0) return own;
	return { _or: [own, { _and: [{ [field]: { owner: { _null: true } } }, { [field]: { pool: { _in: [...memberPools] } } }] }] };
}

/** AND a filter into a query's own filter without disturbing it. */
export function andFilter(existing: DirectusFilter | null | undefined, extra: DirectusFilter): DirectusFilter {
	if (!existing || Object.keys(existing).length === 0) return extra;
	return { _and: [existing, extra] };
}
