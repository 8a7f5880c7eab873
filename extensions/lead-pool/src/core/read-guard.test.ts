import { describe, expect, it } from 'vitest';
import { ADDED_KEYS, cleanRecords, guardQuery, GuardRefusal, nest, type ReadPolicy, type SchemaView } from './read-guard';

const str = { type: 'string', searchable: true, concealed: false };
const int = { type: 'integer', searchable: true, concealed: false };
const uuid = { type: 'uuid', searchable: true, concealed: false };
const alias = { type: 'alias', searchable: true, concealed: false };

const FIELDS: Record<string, Record<string, typeof str>> = {
	crm_customers: { id: int, name: str, phone: str, email: str, contact_name: str, phone_key: str, owner: uuid, pool: int, duplicate_of: int, follow_ups: alias },
	crm_follow_ups: { id: int, customer: int, rep: uuid, summary: str },
	crm_pools: { id: int, name: str },
	directus_users: { id: uuid, first_name: str, last_name: str, email: str, role: uuid, token: { ...str, concealed: true } },
	directus_roles: { id: uuid, name: str, users: alias },
	crm_teams: { id: int, name: str, manager: uuid },
};
const REL: Record<string, Record<string, { collection: string; kind: 'm2o' | 'o2m'; reverse?: string }>> = {
	crm_customers: {
		owner: { collection: 'directus_users', kind: 'm2o' },
		pool: { collection: 'crm_pools', kind: 'm2o' },
		duplicate_of: { collection: 'crm_customers', kind: 'm2o' },
		follow_ups: { collection: 'crm_follow_ups', kind: 'o2m', reverse: 'customer' },
	},
	crm_follow_ups: { customer: { collection: 'crm_customers', kind: 'm2o' }, rep: { collection: 'directus_users', kind: 'm2o' } },
	directus_users: { role: { collection: 'directus_roles', kind: 'm2o' } },
	directus_roles: { users: { collection: 'directus_users', kind: 'o2m', reverse: 'role' } },
	crm_teams: { manager: { collection: 'directus_users', kind: 'm2o' } },
};
const schema: SchemaView = {
	primaryKey: (c) => (FIELDS[c] ? 'id' : null),
	fields: (c) => FIELDS[c] ?? null,
	relation: (c, f) => REL[c]?.[f] ?? null,
};

const VISIBLE = { _or: [{ owner: { _eq: 'r1' } }, { _and: [{ owner: { _null: true } }, { pool: { _in: [1, 2] } }] }] };
const REVEALED = { _or: [{ owner: { _nnull: true } }, { pool: { _nin: [2] } }, { pool: { _null: true } }] };
const policy: ReadPolicy = {
	rows: {
		crm_customers: VISIBLE,
		crm_follow_ups: { customer: { owner: { _eq: 'r1' } } },
		crm_pools: { id: { _in: [1, 2] } },
	},
	inherited: { crm_follow_ups: ['customer'] },
	allowedFields: { directus_users: { fields: ['id', 'first_name', 'last_name'], self: 'r1' } },
	masked: { crm_customers: { fields: ['phone', 'email', 'contact_name', 'phone_key'], revealed: REVEALED } },
};

const refusal = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		if (error instanceof GuardRefusal) return error.reason;
		throw error;
	}
	return null;
};

describe('read guard: rows are narrowed wherever a relation leads', () => {
	it('ANDs the visibility of the top-level collection into the query, keeping the client filter', () => {
		const q = guardQuery('crm_customers', { fields: ['id', 'name'], filter: { name: { _contains: 'A' } } }, schema, policy);
		expect(q['filter']).toEqual({ _and: [{ name: { _contains: 'A' } }, VISIBLE] });
	});

	it('puts the visibility filter on a relation back into customers, so a hidden duplicate reads as null', () => {
		const q = guardQuery('crm_customers', { fields: ['id', 'duplicate_of.*', 'duplicate_of.follow_ups.*'] }, schema, policy);
		expect(q['deep']['duplicate_of']['_filter']).toEqual(VISIBLE);
		// follow-ups of a customer inherit its visibility: no second filter needed below it
		expect(q['deep']['duplicate_of']['follow_ups']).toBeUndefined();
	});

	it('covers aliases, wildcards and GraphQL-style nested aliases', () => {
		const aliased = guardQuery('crm_customers', { fields: ['dup.phone'], alias: { dup: 'duplicate_of' } }, schema, policy);
		expect(aliased['deep']['dup']['_filter']).toEqual(VISIBLE);
		const wild = guardQuery('crm_follow_ups', { fields: ['*.*'] }, schema, policy);
		// the follow-up's own customer inherits; nothing to add there
		expect(wild['deep']?.['customer']?.['_filter']).toBeUndefined();
		const twoDeep = guardQuery('crm_follow_ups', { fields: ['customer.duplicate_of.*'] }, schema, policy);
		expect(twoDeep['deep']['customer']['duplicate_of']['_filter']).toEqual(VISIBLE);
		const nestedAlias = guardQuery('crm_follow_ups', { fields: ['customer.twin.name'], deep: { customer: { _alias: { twin: 'duplicate_of' } } } }, schema, policy);
		expect(nestedAlias['deep']['customer']['twin']['_filter']).toEqual(VISIBLE);
	});

	it('keeps a client deep filter and adds visibility to it', () => {
		const q = guardQuery('crm_customers', { fields: ['duplicate_of.name'], deep: { duplicate_of: { _filter: { name: { _eq: 'x' } } } } }, schema, policy);
		expect(q['deep']['duplicate_of']['_filter']).toEqual({ _and: [{ name: { _eq: 'x' } }, VISIBLE] });
	});

	it('narrows pools reached from anywhere, and gives a reader of nothing an impossible filter', () => {
		const q = guardQuery('crm_customers', { fields: ['pool.*'] }, schema, policy);
		expect(q['deep']['pool']['_filter']).toEqual({ id: { _in: [1, 2] } });
		const none = guardQuery('crm_pools', {}, schema, { ...policy, rows: { crm_pools: null } });
		expect(none['filter']).toEqual({ id: { _null: true } });
	});

	it('never changes the query it was given (Directus freezes it)', () => {
		const query = Object.freeze({ fields: Object.freeze(['duplicate_of.*']), filter: Object.freeze({ name: { _eq: 'a' } }) });
		expect(() => guardQuery('crm_customers', query, schema, policy)).not.toThrow();
	});
});

describe('read guard: filters, sorts and groups are no oracle', () => {
	it('refuses a filter through a relation into customers the reader may not see', () => {
		expect(refusal(() => guardQuery('crm_customers', { filter: { duplicate_of: { phone: { _starts_with: '1380' } } } }, schema, policy))).toBe('hidden_relation');
		expect(refusal(() => guardQuery('crm_customers', { sort: ['duplicate_of.name'] }, schema, policy))).toBe('hidden_relation');
		expect(refusal(() => guardQuery('crm_pools', { filter: { '$FOLLOW(crm_customers,pool)': { phone: { _eq: '1' } } } }, schema, policy))).toBe('follow');
		expect(refusal(() => guardQuery('crm_customers', { fields: ['count(follow_ups)', 'duplicate_of.count(follow_ups)'] }, schema, policy))).toBeNull();
	});

	it('allows the key of a related row, and filters along relations that inherit visibility', () => {
		expect(refusal(() => guardQuery('crm_customers', { filter: { duplicate_of: { id: { _eq: 3 } } } }, schema, policy))).toBeNull();
		expect(refusal(() => guardQuery('crm_customers', { filter: { duplicate_of: { _null: true } } }, schema, policy))).toBeNull();
		const q = guardQuery('crm_follow_ups', { filter: { customer: { name: { _icontains: 'acme' } } }, sort: ['customer.name'] }, schema, policy);
		expect(q['filter']['_and'][0]).toEqual({ customer: { name: { _icontains: 'acme' } } });
	});

	it('re-emits a filter one condition per object, so a second key cannot hide behind the first', () => {
		expect(refusal(() => guardQuery('crm_customers', { filter: { duplicate_of: { id: { _eq: 1 }, phone: { _eq: '5' } } } }, schema, policy))).toBe('hidden_relation');
		const q = guardQuery('crm_follow_ups', { filter: { customer: { name: { _eq: 'a' }, stage: { _eq: 'new' } } } }, schema, policy);
		expect(q['filter']['_and'][0]).toEqual({ _and: [{ customer: { name: { _eq: 'a' } } }, { customer: { stage: { _eq: 'new' } } }] });
	});

	it("refuses filters, sorts and searches on colleagues' private fields, from any collection", () => {
		expect(refusal(() => guardQuery('crm_customers', { filter: { owner: { email: { _starts_with: 'adm' } } } }, schema, policy))).toBe('private_field');
		expect(refusal(() => guardQuery('directus_users', { filter: { email: { _starts_with: 'a' } } }, schema, policy))).toBe('private_field');
		expect(refusal(() => guardQuery('directus_users', { filter: { token: { _nnull: true } } }, schema, policy))).toBe('private_field');
		expect(refusal(() => guardQuery('crm_teams', { sort: ['manager.email'] }, schema, policy))).toBe('private_field');
		const search = guardQuery('directus_users', { search: 'adm' }, schema, policy);
		expect(search['search']).toBeUndefined();
		expect(search['filter']).toEqual({ _or: [{ first_name: { _icontains: 'adm' } }, { last_name: { _icontains: 'adm' } }] });
	});

	it('refuses counts that ignore visibility (meta=filter_count)', () => {
		expect(refusal(() => guardQuery('crm_customers', { meta: ['filter_count'] }, schema, policy))).toBe('counts');
		expect(refusal(() => guardQuery('crm_teams', { meta: ['total_count'] }, schema, policy))).toBeNull();
	});
});

describe('read guard: masked contacts cannot be filtered, sorted, grouped or searched', () => {
	it('lets a filter on a masked field match only rows where contacts are revealed', () => {
		const q = guardQuery('crm_customers', { filter: { phone: { _starts_with: '138' } } }, schema, policy);
		expect(q['filter']['_and'][0]).toEqual({ _and: [{ phone: { _starts_with: '138' } }, REVEALED] });
		const nested = guardQuery('crm_follow_ups', { filter: { customer: { phone: { _eq: '1' } } } }, schema, policy);
		expect(nested['filter']['_and'][0]).toEqual({ _and: [{ customer: { phone: { _eq: '1' } } }, nest(['customer'], REVEALED)] });
	});

	it('refuses sorting, grouping and aggregating by a masked field', () => {
		expect(refusal(() => guardQuery('crm_customers', { sort: ['-phone'] }, schema, policy))).toBe('masked_field');
		expect(refusal(() => guardQuery('crm_customers', { group: ['email'] }, schema, policy))).toBe('masked_field');
		expect(refusal(() => guardQuery('crm_customers', { aggregate: { countDistinct: ['phone'] } }, schema, policy))).toBe('masked_field');
		expect(refusal(() => guardQuery('crm_follow_ups', { sort: ['customer.contact_name'] }, schema, policy))).toBe('masked_field');
	});

	it('rewrites a search so masked fields match only where revealed', () => {
		const q = guardQuery('crm_customers', { search: '1380' }, schema, policy);
		expect(q['search']).toBeUndefined();
		const options = q['filter']['_and'][0]['_or'];
		expect(options).toContainEqual({ name: { _icontains: '1380' } });
		expect(options).toContainEqual({ _and: [{ phone: { _icontains: '1380' } }, REVEALED] });
		expect(options).toContainEqual({ id: { _eq: 1380 } });
	});

	it('searches a phone-like number in text fields only: it is no 32-bit integer to compare keys with', () => {
		const q = guardQuery('crm_customers', { search: '13812345678' }, schema, policy);
		const options = q['filter']['_and'][0]['_or'];
		expect(options).toContainEqual({ name: { _icontains: '13812345678' } });
		expect(options).not.toContainEqual({ id: { _eq: 13812345678 } });
	});

	it('adds the key where masked fields are read without it, and marks it for removal', () => {
		const q = guardQuery('crm_follow_ups', { fields: ['summary', 'customer.phone'] }, schema, policy);
		expect(q['fields']).toEqual(['summary', 'customer.phone', 'customer.id']);
		expect(q[ADDED_KEYS as any]).toEqual(new Set(['customer']));
	});
});

describe('cleanRecords: every nested record is visited, aliases resolved, added keys removed', () => {
	it('visits customers at any depth and strips the keys the guard added', () => {
		const q = guardQuery('crm_follow_ups', { fields: ['summary', 'c.phone'], alias: { c: 'customer' } }, schema, policy);
		const seen: string[] = [];
		const out = cleanRecords('crm_follow_ups', [{ summary: 's', c: { id: 7, phone: '13812345678' } }], q, schema, (collection, record) => {
			seen.push(collection);
			return collection === 'crm_customers' ? { ...record, phone: '138****5678' } : record;
		});
		expect(out).toEqual([{ summary: 's', c: { phone: '138****5678' } }]);
		expect(seen).toEqual(['crm_customers', 'crm_follow_ups']);
	});

	it('follows o2m lists and users under roles', () => {
		const seen: string[] = [];
		cleanRecords('directus_roles', [{ id: 'r', users: [{ id: 'u1', email: 'a@x' }, { id: 'u2', email: 'b@x' }] }], { fields: ['users.*'] }, schema, (c, r) => {
			seen.push(`${c}:${r['id']}`);
			return r;
		});
		expect(seen).toEqual(['directus_users:u1', 'directus_users:u2', 'directus_roles:r']);
	});
});
