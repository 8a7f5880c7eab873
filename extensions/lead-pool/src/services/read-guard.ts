import type { ActorLike } from '../core/actor';
import { carriesContacts, MASKED_CONTACT_FIELDS, maskContacts } from '../core/mask';
import { cleanRecords, guardQuery, GuardRefusal, type Filter, type ReadPolicy, type RelationInfo, type SchemaView } from '../core/read-guard';
import { redactRefusal, RefusalError, type Refusal } from '../core/refusals';
import { USER_FIELDS_VISIBLE_TO_REPS, filterTargetsOnly, redactUsersForRep } from '../core/users';
import { customerVisibilityFilter, relatedVisibilityFilter, seesCustomer } from '../core/visibility';
import type { Db } from '../data/dialects';
import { loadCustomers } from '../data/customers';
import { accountabilityOfUser, resolveActorKind } from '../data/people';
import { cachedMemberPools, memberPoolIds } from '../data/pools';
import { avatarFiles, contactHidingPools, customersWithHiddenContacts, mayReadFile } from '../data/visibility';

/**
 * Who reads what, as one policy per reader, applied by the read guard (core/read-guard) to every read of every
 * collection: a rep sees the customers they own and the unowned customers of their pools, what hangs off those
 * customers, their pools and their own profile and performance, colleagues by name and avatar, and files they
 * uploaded (and avatars); contacts of customers in pools that hide them stay masked until claimed. Managers see every
 * Lead Pool record but, like reps, only the files they uploaded — so an export of customers is its creator's. Admins
 * read everything.
 */

/** Visibility along these m2o fields is inherited: the row is visible exactly when the row it points to is. */
const INHERITED: Record<string, string[]> = {
	crm_follow_ups: ['customer'],
	crm_claim_requests: ['customer'],
	crm_events: ['customer'],
	crm_pool_members: ['pool'],
};

interface Reader {
	policy: ReadPolicy;
	/** pools of the reader's whose contacts are hidden until claimed */
	hiding: number[];
}

export async function readPolicyFor(db: Db, accountability: ActorLike | null | undefined): Promise<ReadPolicy | null> {
	return (await readerOf(db, accountability))?.policy ?? null;
}

async function readerOf(db: Db, accountability: ActorLike | null | undefined): Promise<Reader | null> {
	if (!accountability || accountability.admin) return null;
	const kind = await resolveActorKind(db, accountability);
	if (kind === 'admin') return null;
	const user = accountability.user ?? null;
	// no avatars at all: a key no file has (file keys are uuids, so the placeholder must be one too)
	const avatars = [...(await avatarFiles(db))];
	const files: Filter = { id: { _in: avatars.length ? avatars : ['00000000-0000-0000-0000-000000000000'] } };
	const filesRule: Filter = user ? { _or: [{ uploaded_by: { _eq: user } }, files] } : files;
	if (kind === 'manager') return { policy: { rows: { directus_files: filesRule }, inherited: {}, allowedFields: {}, masked: {} }, hiding: [] };
	const pools = user ? await cachedMemberPools(db, user) : [];
	const hiding = (await contactHidingPools(db)).filter((p) => pools.includes(p));
	const none = null;
	const policy: ReadPolicy = {
		rows: {
			crm_customers: user ? customerVisibilityFilter(user, pools) : none,
			crm_follow_ups: user ? relatedVisibilityFilter(user, pools) : none,
			crm_claim_requests: user ? relatedVisibilityFilter(user, pools) : none,
			crm_events: user ? relatedVisibilityFilter(user, pools) : none,
			crm_pools: pools.length ? { id: { _in: pools } } : none,
			crm_pool_members: pools.length ? { pool: { _in: pools } } : none,
			crm_rep_profiles: user ? { user: { _eq: user } } : none,
			crm_performance: user ? { rep: { _eq: user } } : none,
			directus_files: filesRule,
		},
		inherited: INHERITED,
		allowedFields: { directus_users: { fields: [...USER_FIELDS_VISIBLE_TO_REPS], self: user } },
		masked: hiding.length
			? {
					crm_customers: {
						fields: [...MASKED_CONTACT_FIELDS],
						revealed: { _or: [{ owner: { _nnull: true } }, { pool: { _nin: hiding } }, { pool: { _null: true } }] },
					},
				}
			: {},
	};
	return { policy, hiding };
}

/** A reader's query, rewritten so that it reads only what they may see; a query that could not is refused. */
export async function guardRead(db: Db, accountability: ActorLike | null | undefined, collection: string, query: any, schema: any) {
	const policy = await readPolicyFor(db, accountability);
	if (!policy || !collection) return query;
	try {
		return guardQuery(collection, query ?? {}, schemaView(schema), policy);
	} catch (error) {
		if (error instanceof GuardRefusal) {
			throw new RefusalError({ code: 'LEAD_POOL_QUERY_REFUSED', params: { reason: error.reason, path: error.path, collection: error.collection } });
		}
		throw error;
	}
}

/** The records a reader gets: colleagues reduced to name and avatar, hidden contacts masked, import details dropped. */
export async function cleanRead(db: Db, accountability: ActorLike | null | undefined, collection: string, records: unknown, query: any, schema: any) {
	if (!Array.isArray(records) || records.length === 0 || !collection) return records;
	if (query?.aggregate || query?.group) return records;
	const reader = await readerOf(db, accountability);
	if (!reader || !reader.policy.allowedFields['directus_users']) return records;
	const policy = reader.policy;
	const view = schemaView(schema);
	const self = accountability?.user ?? null;
	const onlySelf = collection === 'directus_users' && filterTargetsOnly(query?.filter, self);
	const masked = policy.masked['crm_customers'];
	let hidden = new Set<number>();
	if (masked) {
		const ids: number[] = [];
		cleanRecords(collection, records, query, view, (c, record, _path, aliases) => {
			if (c === 'crm_customers' && record['id'] != null && carriesContacts(record, aliases)) ids.push(Number(record['id']));
			return record;
		});
		hidden = await customersWithHiddenContacts(db, [...new Set(ids)], reader.hiding);
	}
	return cleanRecords(collection, records, query, view, (c, record, path, aliases) => {
		if (c === 'directus_users') return redactUsersForRep([record], self, onlySelf && path === '')[0]!;
		if (c === 'crm_customers' && hidden.has(Number(record['id']))) return maskContacts(record, aliases);
		if (c === 'crm_events' && record['details'] && typeof record['details'] === 'object') {
			const { values: _values, kept: _kept, ...details } = record['details'] as Record<string, unknown>;
			return { ...record, details };
		}
		return record;
	});
}

/** `/assets/<id>` serves files without the read events: the same rule as a read of the file. */
export async function mayDownload(db: Db, accountability: ActorLike | null | undefined, file: string): Promise<boolean> {
	if (accountability?.admin) return true;
	if (accountability && (await resolveActorKind(db, accountability)) === 'admin') return true;
	return mayReadFile(db, file, accountability?.user ?? null);
}

const views = new WeakMap<object, SchemaView>();

/** Directus's schema overview as the read guard asks it: keys, fields, and where each relation leads. */
export function schemaView(schema: any): SchemaView {
	const cached = schema && typeof schema === 'object' ? views.get(schema) : undefined;
	if (cached) return cached;
	const relations = new Map<string, RelationInfo>();
	for (const r of (schema?.relations ?? []) as any[]) {
		if (r.related_collection) relations.set(`${r.collection}.${r.field}`, { collection: r.related_collection, kind: 'm2o' });
		else if (r.meta?.one_allowed_collections?.length) relations.set(`${r.collection}.${r.field}`, { collection: r.meta.one_allowed_collections[0], kind: 'a2o' });
		if (r.related_collection && r.meta?.one_field) {
			relations.set(`${r.related_collection}.${r.meta.one_field}`, { collection: r.collection, kind: 'o2m', reverse: r.field });
		}
	}
	const fieldsOf = new Map<string, ReturnType<SchemaView['fields']>>();
	const view: SchemaView = {
		primaryKey: (c) => schema?.collections?.[c]?.primary ?? null,
		fields: (c) => {
			if (fieldsOf.has(c)) return fieldsOf.get(c)!;
			const fields = schema?.collections?.[c]?.fields;
			if (!fields) return null;
			const info = Object.fromEntries(
				Object.entries(fields).map(([name, f]: [string, any]) => [
					name,
					{ type: f.type, searchable: f.searchable !== false, concealed: (f.special ?? []).includes('conceal') },
				]),
			);
			fieldsOf.set(c, info);
			return info;
		},
		relation: (c, f) => relations.get(`${c}.${f}`) ?? null,
	};
	if (schema && typeof schema === 'object') views.set(schema, view);
	return view;
}

/**
 * Refusals as a reader may hear them: about a customer a rep may not see, the code and the customer's number only
 * (core/refusals redactRefusal), so claiming, releasing, editing or deleting by guessed keys reveals no name, owner
 * or pool. Managers and admins hear everything.
 */
export async function redactRefusals(db: Db, user: string | null | undefined, refusals: Refusal[]): Promise<Refusal[]> {
	const keyed = refusals.filter((r) => r.key !== undefined && Number.isInteger(Number(r.key)));
	if (!user || keyed.length === 0) return refusals;
	if ((await resolveActorKind(db, await accountabilityOfUser(db, user))) !== 'rep') return refusals;
	const [customers, pools] = await Promise.all([loadCustomers(db, keyed.map((r) => r.key!)), memberPoolIds(db, user)]);
	const seen = new Set(customers.filter((c) => seesCustomer(user, pools, c)).map((c) => c.id));
	return refusals.map((r) => (r.key === undefined || seen.has(Number(r.key)) ? r : redactRefusal(r)));
}
