/**
 * The read guard: one rule for every read a rep makes, of any collection, by any path (REST list and single, search,
 * aggregate, export, GraphQL, nested relations, aliases, `deep`). Directus applies an extension's narrowing to the
 * top-level collection only; relations, filters and sorts through relations, and searches reach further. So a rep's
 * query is rewritten before it runs, and the records are cleaned after:
 * - rows: a collection with a visibility rule shows a rep only the rows the rule allows — at the top level (ANDed into
 *   the filter) and wherever a relation leads into it (a `deep` filter on that node, so a hidden customer reads as
 *   null). A relation added later is covered because the guard follows the schema's relations, not a list of fields.
 * - oracles: a filter, sort, group or aggregate may not step through a relation into rows the rep may not see
 *   (except to their key, and except along relations that inherit visibility: a follow-up's customer is visible
 *   whenever the follow-up is), nor name a field the rep may not read (a colleague's e-mail) or a masked field.
 * - masked fields (contacts hidden until claimed): a filter on them never matches a masked row, sorting and grouping
 *   by them is refused, and a search skips them on masked rows; the values are masked after the read.
 * - allow-listed collections (other users): only the listed fields are read, filtered, sorted or searched.
 * Pure: the caller supplies the schema view and the policy (who may see what); nothing here reads the database.
 */

export type Filter = Record<string, unknown>;

export interface FieldInfo {
	type: string;
	searchable: boolean;
	concealed: boolean;
}

export interface RelationInfo {
	collection: string;
	kind: 'm2o' | 'o2m' | 'a2o';
	/** for o2m: the field on the related collection that points back */
	reverse?: string;
}

export interface SchemaView {
	primaryKey(collection: string): string | null;
	fields(collection: string): Record<string, FieldInfo> | null;
	relation(collection: string, field: string): RelationInfo | null;
}

export interface ReadPolicy {
	/** collections whose rows are narrowed: the filter of rows the reader may see (null: none) */
	rows: Record<string, Filter | null>;
	/**
	 * m2o fields along which visibility is inherited: `crm_follow_ups: ['customer']` says a follow-up is visible exactly
	 * when its customer is, so the customer of a visible follow-up (and the follow-ups of a visible customer) are safe.
	 */
	inherited: Record<string, string[]>;
	/** collections of which the reader may read only some fields (other users: name and avatar) */
	allowedFields: Record<string, { fields: string[]; self: string | null }>;
	/** fields whose values are masked on some rows: `revealed` selects the rows where they are not */
	masked: Record<string, { fields: string[]; revealed: Filter }>;
}

export type GuardRefusalReason = 'hidden_relation' | 'masked_field' | 'private_field' | 'counts' | 'follow';

/** A query the reader may not run, with the path that makes it so. */
export class GuardRefusal extends Error {
	constructor(
		readonly reason: GuardRefusalReason,
		readonly collection: string,
		readonly path: string,
	) {
		super(`${reason}: ${collection}.${path}`);
	}
}

/** Marks, on a guarded query, the nodes whose key the guard added for masking (so the cleaner takes it out again). */
export const ADDED_KEYS = Symbol('lead-pool:added-keys');

type AnyQuery = Record<string | symbol, any>;

interface Ctx {
	schema: SchemaView;
	policy: ReadPolicy;
	added: Set<string>;
	extraFields: string[];
}

const NODE_OPTIONS: Record<string, string> = { filter: '_filter', sort: '_sort', search: '_search', alias: '_alias' };

/**
 * Rewrite a query on `collection` for a reader under `policy`; throws GuardRefusal for a query that would read what
 * the reader may not see. Never mutates the query (Directus freezes it).
 */
export function guardQuery(collection: string, query: AnyQuery, schema: SchemaView, policy: ReadPolicy): AnyQuery {
	const ctx: Ctx = { schema, policy, added: new Set(), extraFields: [] };
	const wantsCounts = toList(query['meta']).some((m) => m === '*' || m === 'filter_count' || m === 'total_count');
	if (wantsCounts && (collection in policy.rows || collection in policy.masked || collection in policy.allowedFields)) {
		throw new GuardRefusal('counts', collection, 'meta');
	}
	const guarded = guardNode(ctx, collection, query, 'root');
	const fields = toList(query['fields']);
	const deep = guardRelations(ctx, collection, (query['alias'] ?? {}) as Record<string, string>, (query['deep'] ?? {}) as AnyQuery, fields, '');
	if (Object.keys(deep).length) guarded['deep'] = deep;
	else delete guarded['deep'];
	if (ctx.extraFields.length) guarded['fields'] = [...(fields.length ? fields : ['*']), ...ctx.extraFields];
	for (const key of toList(query['group'])) checkPath(ctx, collection, key, 'group');
	const aggregate = (query['aggregate'] ?? {}) as Record<string, string[]>;
	for (const fields of Object.values(aggregate)) for (const f of toList(fields)) if (f !== '*') checkPath(ctx, collection, f, 'group');
	const rows = policy.rows[collection];
	if (collection in policy.rows) guarded['filter'] = and(guarded['filter'], rows ?? nothing(ctx, collection));
	if (ctx.added.size) Object.defineProperty(guarded, ADDED_KEYS, { value: ctx.added, enumerable: true });
	return guarded;
}

/** One level of a query: the root query (options without underscore) or a `deep` node (options with underscore). */
function guardNode(ctx: Ctx, collection: string, query: AnyQuery, style: 'root' | 'deep'): AnyQuery {
	const opt = (name: string) => (style === 'root' ? name : NODE_OPTIONS[name]!);
	const out: AnyQuery = { ...query };
	const filter = query[opt('filter')] as Filter | undefined;
	let guardedFilter = filter && Object.keys(filter).length ? guardFilter(ctx, collection, filter, []) : filter;
	const search = query[opt('search')];
	if (typeof search === 'string' && search !== '' && needsSearchRewrite(ctx, collection)) {
		delete out[opt('search')];
		guardedFilter = and(guardedFilter, searchFilter(ctx, collection, search));
	}
	if (guardedFilter !== undefined) out[opt('filter')] = guardedFilter;
	for (const s of toList(query[opt('sort')])) checkPath(ctx, collection, s.replace(/^-/, ''), 'sort');
	return out;
}

/**
 * The relations one level reads (from its field paths) or names in `deep`: a guarded `deep` node for each, carrying
 * the visibility filter where the relation enters a narrowed collection, and the same again one level down. Where a
 * level reads masked fields without its key, the key is added to the root's fields (and taken out after the read).
 */
function guardRelations(ctx: Ctx, collection: string, aliases: Record<string, string>, clientDeep: AnyQuery, fields: string[], prefix: string): AnyQuery {
	const requested = fields.length ? fields : ['*'];
	const children = new Map<string, string[]>();
	let readsMasked = false;
	const masked = ctx.policy.masked[collection]?.fields ?? [];
	for (const entry of requested) {
		const [head, ...rest] = entry.split('.');
		if (!head) continue;
		const fn = /^(\w+)\((.+)\)$/.exec(head);
		if (fn) {
			const rel = relationOf(ctx, collection, fn[2]!);
			if (rel && !passable(ctx, collection, fn[2]!, rel)) throw new GuardRefusal('hidden_relation', collection, head);
			continue;
		}
		const names = head === '*' ? [...Object.keys(ctx.schema.fields(collection) ?? {}), ...Object.keys(aliases)] : [head];
		for (const name of names) {
			const real = aliases[name] ?? name;
			if (masked.includes(real)) readsMasked = true;
			if (rest.length && relationOf(ctx, collection, real)) children.set(name, [...(children.get(name) ?? []), rest.join('.')]);
		}
	}
	const pk = ctx.schema.primaryKey(collection);
	if (readsMasked && pk && !requested.includes('*') && !requested.includes(pk)) {
		ctx.extraFields.push(prefix ? `${prefix}.${pk}` : pk);
		ctx.added.add(prefix);
	}
	// deep nodes of relations this level does not read still carry filters and searches: guard them too
	for (const key of Object.keys(clientDeep)) if (!key.startsWith('_') && !children.has(key)) children.set(key, []);
	const deep: AnyQuery = {};
	for (const [name, childFields] of children) {
		const real = aliases[name] ?? name;
		const [field, scope] = real.split(':');
		const rel = relationOf(ctx, collection, field!);
		if (!rel) continue;
		const target = scope ?? rel.collection;
		const clientNode = (clientDeep[name] ?? {}) as AnyQuery;
		const options = Object.fromEntries(Object.entries(clientNode).filter(([k]) => k.startsWith('_')));
		const relations = Object.fromEntries(Object.entries(clientNode).filter(([k]) => !k.startsWith('_')));
		const child = guardNode(ctx, target, options, 'deep');
		const childAliases = (clientNode['_alias'] ?? {}) as Record<string, string>;
		Object.assign(child, guardRelations(ctx, target, childAliases, relations, childFields, prefix ? `${prefix}.${name}` : name));
		if (target in ctx.policy.rows && !passable(ctx, collection, field!, rel)) {
			child['_filter'] = and(child['_filter'], ctx.policy.rows[target] ?? nothing(ctx, target));
		}
		if (Object.keys(child).length) deep[name] = child;
	}
	return deep;
}

/** Whether reads may go from `collection` through `field` without a visibility check of their own. */
function passable(ctx: Ctx, collection: string, field: string, rel: RelationInfo): boolean {
	if (!(rel.collection in ctx.policy.rows)) return true;
	if (rel.kind === 'm2o' && (ctx.policy.inherited[collection] ?? []).includes(field)) return true;
	if (rel.kind === 'o2m' && rel.reverse && (ctx.policy.inherited[rel.collection] ?? []).includes(rel.reverse)) return true;
	return false;
}

function relationOf(ctx: Ctx, collection: string, field: string): RelationInfo | null {
	const [name, scope] = field.split(':');
	const rel = ctx.schema.relation(collection, name!);
	if (rel && scope) return { ...rel, collection: scope };
	return rel;
}

/**
 * A filter as Directus reads it (it follows only the first key of each nested object, so the filter is re-emitted
 * with one condition per object) with every step checked and masked fields matched only where revealed. The result
 * is a filter at the level the original was written at; `path` is the m2o chain that leads there from that level.
 */
function guardFilter(ctx: Ctx, collection: string, filter: Filter, path: string[]): Filter {
	const parts: Filter[] = [];
	for (const [key, value] of Object.entries(filter)) {
		if (key === '_and' || key === '_or') {
			if (!Array.isArray(value)) continue;
			parts.push({ [key]: value.map((sub) => guardFilter(ctx, collection, sub as Filter, path)) });
			continue;
		}
		if (key.startsWith('_')) {
			parts.push(nest(path, { [key]: value }));
			continue;
		}
		const follow = /^\$FOLLOW\(([^,)]+),([^,)]+)(?:,[^)]+)?\)$/.exec(key);
		if (follow) {
			const target = follow[1]!.trim();
			if (target in ctx.policy.rows || target in ctx.policy.allowedFields) throw new GuardRefusal('follow', collection, key);
			parts.push(nest(path, { [key]: isObject(value) ? guardFilter(ctx, target, value, []) : value }));
			continue;
		}
		const fn = /^(\w+)\((.+)\)$/.exec(key);
		const field = fn ? fn[2]! : key;
		const rel = relationOf(ctx, collection, field);
		if (!rel || fn || !isObject(value) || Object.keys(value).every((k) => k.startsWith('_') && k !== '_some' && k !== '_none')) {
			if (rel && fn && !passable(ctx, collection, field, rel)) throw new GuardRefusal('hidden_relation', collection, key);
			parts.push(...leaf(ctx, collection, field, { [key]: value }, path));
			continue;
		}
		const safe = passable(ctx, collection, field, rel);
		const pk = ctx.schema.primaryKey(rel.collection);
		for (const [childKey, childValue] of Object.entries(value)) {
			if (childKey === '_some' || childKey === '_none') {
				if (!safe) throw new GuardRefusal('hidden_relation', collection, key);
				const inner = isObject(childValue) ? guardFilter(ctx, rel.collection, childValue, []) : childValue;
				parts.push(nest(path, { [key]: { [childKey]: inner } }));
			} else if (childKey.startsWith('_')) {
				parts.push(nest(path, { [key]: { [childKey]: childValue } }));
			} else if (!safe && childKey !== pk) {
				throw new GuardRefusal('hidden_relation', collection, `${key}.${childKey}`);
			} else if (rel.kind === 'o2m') {
				// an o2m condition means "some related row matches": say so, so that its own conditions stay together
				parts.push(nest(path, { [key]: { _some: guardFilter(ctx, rel.collection, { [childKey]: childValue }, []) } }));
			} else {
				parts.push(guardFilter(ctx, rel.collection, { [childKey]: childValue }, [...path, key]));
			}
		}
	}
	if (parts.length === 0) return {};
	return parts.length === 1 ? parts[0]! : { _and: parts };
}

/** A condition on a field of `collection`: refused on a private field; on a masked field, only where revealed. */
function leaf(ctx: Ctx, collection: string, field: string, condition: Filter, path: string[]): Filter[] {
	const allowed = ctx.policy.allowedFields[collection];
	if (allowed && !allowed.fields.includes(field)) throw new GuardRefusal('private_field', collection, field);
	const [key, value] = Object.entries(condition)[0]!;
	// several operators on one field: Directus applies the first only; keep them all, each its own condition
	const conditions = isObject(value) && Object.keys(value).length > 1 ? Object.entries(value).map(([op, v]) => ({ [key]: { [op]: v } })) : [condition];
	const masked = ctx.policy.masked[collection];
	if (masked && masked.fields.includes(field)) {
		return conditions.map((c) => ({ _and: [nest(path, c), nest(path, masked.revealed)] }));
	}
	return conditions.map((c) => nest(path, c));
}

/** A sort, group or aggregate path: it may not step into hidden rows or end on a private or masked field. */
function checkPath(ctx: Ctx, collection: string, dotted: string, what: 'sort' | 'group') {
	const steps = dotted.split('.');
	let current = collection;
	for (let i = 0; i < steps.length; i++) {
		const fn = /^(\w+)\((.+)\)$/.exec(steps[i]!);
		const field = fn ? fn[2]! : steps[i]!;
		const rel = relationOf(ctx, current, field);
		const last = i === steps.length - 1;
		if (rel && (!last || fn)) {
			if (!passable(ctx, current, field, rel) && !(i === steps.length - 2 && steps[i + 1] === ctx.schema.primaryKey(rel.collection))) {
				throw new GuardRefusal('hidden_relation', collection, dotted);
			}
			if (fn) return;
			current = rel.collection;
			continue;
		}
		const allowed = ctx.policy.allowedFields[current];
		if (allowed && !allowed.fields.includes(field)) throw new GuardRefusal('private_field', collection, dotted);
		if (ctx.policy.masked[current]?.fields.includes(field)) throw new GuardRefusal('masked_field', collection, `${dotted} (${what})`);
		return;
	}
}

function needsSearchRewrite(ctx: Ctx, collection: string): boolean {
	return collection in ctx.policy.masked || collection in ctx.policy.allowedFields;
}

/**
 * Directus's search (every searchable text field contains the words; numbers and uuids equal), written as a filter so
 * that masked fields match only where revealed and private fields not at all.
 */
function searchFilter(ctx: Ctx, collection: string, search: string): Filter {
	const fields = ctx.schema.fields(collection) ?? {};
	const allowed = ctx.policy.allowedFields[collection]?.fields;
	const masked = ctx.policy.masked[collection];
	const options: Filter[] = [];
	const numeric = /^-?\d+(\.\d+)?$/.test(search.trim()) ? Number(search.trim()) : null;
	const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(search.trim());
	for (const [name, info] of Object.entries(fields)) {
		if (!info.searchable || info.concealed) continue;
		if (allowed && !allowed.includes(name)) continue;
		let condition: Filter | null = null;
		if (info.type === 'string' || info.type === 'text') condition = { [name]: { _icontains: search } };
		else if (numeric !== null && fitsNumericType(numeric, info.type)) condition = { [name]: { _eq: numeric } };
		else if (uuid && info.type === 'uuid') condition = { [name]: { _eq: search.trim() } };
		if (!condition) continue;
		options.push(masked?.fields.includes(name) ? { _and: [condition, masked.revealed] } : condition);
	}
	const pk = ctx.schema.primaryKey(collection) ?? 'id';
	return options.length ? { _or: options } : { [pk]: { _null: true } };
}

/** Whether a searched number can equal a value of a numeric column (a phone number is no 32-bit integer). */
function fitsNumericType(n: number, type: string): boolean {
	if (type === 'float' || type === 'decimal') return true;
	if (type === 'integer') return Number.isInteger(n) && n >= -2_147_483_648 && n <= 2_147_483_647;
	if (type === 'bigInteger') return Number.isSafeInteger(n);
	return false;
}

/** Put a condition under a chain of m2o fields, one condition per object (Directus follows only the first key). */
export function nest(path: string[], filter: Filter): Filter {
	if (path.length === 0) return filter;
	const entries = Object.entries(filter);
	if (entries.length > 1) return { _and: entries.map(([k, v]) => nest(path, { [k]: v })) };
	const [key, value] = entries[0] ?? [];
	if (key === undefined) return filter;
	if ((key === '_and' || key === '_or') && Array.isArray(value)) return { [key]: value.map((sub) => nest(path, sub as Filter)) };
	return path.reduceRight<Filter>((inner, step) => ({ [step]: inner }), filter);
}

function nothing(ctx: Ctx, collection: string): Filter {
	return { [ctx.schema.primaryKey(collection) ?? 'id']: { _null: true } };
}

/** AND two filters without disturbing either. */
export function and(a: unknown, b: Filter): Filter {
	if (!a || (isObject(a) && Object.keys(a).length === 0)) return b;
	return { _and: [a as Filter, b] };
}

function isObject(value: unknown): value is Filter {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value) return value.split(',');
	return [];
}

/**
 * Walk records as read, calling `visit` for every record of every collection (the top level and every nested
 * relation), with the query that read them to resolve aliases (`visit` gets the aliases of the record's level: a
 * field read under another name is still that field). Returns what `visit` makes of each record.
 */
export function cleanRecords(
	collection: string,
	records: unknown,
	query: AnyQuery,
	schema: SchemaView,
	visit: (collection: string, record: Record<string, unknown>, path: string, aliases: Record<string, string>) => Record<string, unknown>,
): unknown {
	const added: Set<string> = query?.[ADDED_KEYS] ?? new Set();
	const walk = (c: string, value: unknown, node: AnyQuery, aliases: Record<string, string>, path: string, depth: number): unknown => {
		if (depth > 12 || value === null || typeof value !== 'object') return value;
		if (Array.isArray(value)) return value.map((v) => walk(c, v, node, aliases, path, depth));
		let record = { ...(value as Record<string, unknown>) };
		for (const [key, child] of Object.entries(record)) {
			if (child === null || typeof child !== 'object') continue;
			const real = aliases[key] ?? key;
			const rel = schema.relation(c, real.split(':')[0]!);
			if (!rel) continue;
			const childNode = (node?.[key] ?? {}) as AnyQuery;
			const target = real.split(':')[1] ?? rel.collection;
			record[key] = walk(target, child, childNode, (childNode['_alias'] ?? {}) as Record<string, string>, path ? `${path}.${key}` : key, depth + 1);
		}
		record = visit(c, record, path, aliases);
		if (added.has(path)) {
			const pk = schema.primaryKey(c);
			if (pk) delete record[pk];
		}
		return record;
	};
	return walk(collection, records, (query?.['deep'] ?? {}) as AnyQuery, (query?.['alias'] ?? {}) as Record<string, string>, '', 0);
}
