import { createItem, createUsers, readItems, readMe, readRoles, readUsers } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';

/**
 * A hostile rep against the read guard: every path that could reach a customer, a colleague, a pool or a file the rep
 * may not see — relations, aliases, `deep`, GraphQL, filters, sorts and counts as oracles, exports, files and assets.
 */
const f = fixtures();
const { h } = f;

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let repA: Rep;
let repB: Rep;
let poolA: { id: number };
let poolB: { id: number };
let visible: number;
let hidden: number;
const SECRET_PHONE = '13800138000';
const SECRET_EMAIL = `secret-${randomBytes(3).toString('hex')}@hidden.example`;

const USER_FIELDS = ['avatar', 'first_name', 'id', 'last_name', 'status', 'title'];
const refusedCode = (res: { body: any }) => res.body?.errors?.[0]?.extensions?.code;

beforeAll(async () => {
	const reps = await f.makeReps(2);
	repA = reps[0]!;
	repB = reps[1]!;
	poolA = await f.makePool({ members: [{ user: repA.id }] });
	poolB = await f.makePool({ members: [{ user: repB.id }] });
	hidden = (await f.makeCustomers(1, { pool: poolB.id, phone: SECRET_PHONE, email: SECRET_EMAIL, contact_name: '王秘密' }))[0]!;
	visible = (await f.makeCustomers(1, { pool: poolA.id }))[0]!;
	await h.admin.request(createItem('crm_follow_ups', { customer: hidden, summary: 'hidden call notes', rep: repB.id } as any));
	await h.admin.request(createItem('crm_follow_ups', { customer: visible, summary: 'visible call notes', rep: repB.id } as any));
	// the import guard links a duplicate to the customer it duplicates, whoever can see that one
	const knex = connect(h.info.db);
	try {
		await knex('crm_customers').update({ duplicate_of: hidden }).where('id', visible);
	} finally {
		await knex.destroy();
	}
});

describe('relations never lead to a customer the rep cannot see', () => {
	it('REST fields through a relation read the hidden customer as null', async () => {
		const res = await h.http(repA.token, 'GET', `/items/crm_customers/${visible}?fields=id,duplicate_of.*,duplicate_of.follow_ups.*`);
		expect(res.status).toBe(200);
		expect(res.body.data.duplicate_of).toBeNull();
		expect(JSON.stringify(res.body)).not.toContain(SECRET_PHONE);
	});

	it('aliases, wildcards and deep do not open it either', async () => {
		for (const path of [
			`/items/crm_customers/${visible}?alias[dup]=duplicate_of&fields=dup.phone,dup.email`,
			`/items/crm_customers/${visible}?fields=*.*.*`,
			`/items/crm_customers/${visible}?fields=duplicate_of.*&deep[duplicate_of][_filter][id][_nnull]=true`,
			`/items/crm_follow_ups?fields=customer.duplicate_of.*,customer.duplicate_of.follow_ups.summary&filter[customer][_eq]=${visible}`,
		]) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(200);
			const text = JSON.stringify(res.body);
			expect(text, path).not.toContain(SECRET_PHONE);
			expect(text, path).not.toContain('hidden call notes');
		}
	});

	it('GraphQL nesting reads it as null', async () => {
		const res = await h.http(repA.token, 'POST', '/graphql', {
			query: `query { crm_customers_by_id(id: ${visible}) { id duplicate_of { phone email follow_ups { summary } } } }`,
		});
		expect(res.body.errors).toBeUndefined();
		expect(res.body.data.crm_customers_by_id.duplicate_of).toBeNull();
	});

	it('an export of the relation carries nothing of it', async () => {
		const res = await fetch(`${h.url}/items/crm_customers?export=csv&fields=id,duplicate_of.phone&filter[id][_eq]=${visible}`, { headers: { Authorization: `Bearer ${repA.token}` } });
		expect(res.status).toBe(200);
		expect(await res.text()).not.toContain(SECRET_PHONE);
	});
});

describe('filters, sorts and counts are no oracle', () => {
	it('a filter or sort through a relation into hidden customers is refused, not answered', async () => {
		for (const path of [
			`/items/crm_customers?filter[duplicate_of][phone][_starts_with]=1380`,
			`/items/crm_customers?sort=duplicate_of.phone`,
			`/items/crm_pools?filter[$FOLLOW(crm_customers,pool)][phone][_starts_with]=1380`,
			`/items/crm_follow_ups?filter[customer][duplicate_of][email][_contains]=hidden`,
			`/items/crm_customers?meta=filter_count&filter[phone][_starts_with]=1380`,
		]) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(403);
			expect(refusedCode(res), path).toBe('LEAD_POOL_QUERY_REFUSED');
		}
	});

	it('GraphQL refuses the same with the same code', async () => {
		const res = await h.http(repA.token, 'POST', '/graphql', { query: `query { crm_customers(filter: { duplicate_of: { phone: { _starts_with: "1380" } } }) { id } }` });
		expect(res.body.errors?.[0]?.extensions?.code).toBe('LEAD_POOL_QUERY_REFUSED');
	});

	it('a deep filter cannot tell a hidden customer from a missing one', async () => {
		const answers = await Promise.all(
			['1380', '9999'].map((prefix) =>
				h.http(repA.token, 'GET', `/items/crm_customers/${visible}?fields=duplicate_of.id&deep[duplicate_of][_filter][phone][_starts_with]=${prefix}`),
			),
		);
		expect(answers.map((a) => a.body.data.duplicate_of)).toEqual([null, null]);
	});

	it('filters along relations that inherit visibility keep working (a follow-up’s own customer)', async () => {
		const res = await h.http(repA.token, 'GET', `/items/crm_follow_ups?filter[customer][id][_eq]=${visible}&fields=summary,customer.name&sort=customer.name`);
		expect(res.status).toBe(200);
		expect(res.body.data.map((r: any) => r.summary)).toEqual(['visible call notes']);
	});
});

describe('colleagues are names and avatars, on every path', () => {
	let colleague: string;
	beforeAll(async () => {
		colleague = randomUUID();
		await h.admin.request(
			createUsers([{ id: colleague, email: `colleague-${randomBytes(3).toString('hex')}@private-mail.org`, role: ids.role.rep, status: 'active', first_name: 'Col', last_name: 'League', password: randomBytes(8).toString('hex') }] as any),
		);
	});

	it('nested users under roles, the rep’s own role and dashboards carry no e-mail, token or last access', async () => {
		for (const path of ['/roles?fields=users.*', '/users/me?fields=role.users.*', '/dashboards?fields=user_created.*', '/items/crm_customers?fields=owner.*,user_created.*']) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(200);
			expect(JSON.stringify(res.body), path).not.toContain('@private-mail.org');
			// every user object but the rep's own carries names and avatar only
			const others: any[] = [];
			const collect = (v: any) => {
				if (Array.isArray(v)) v.forEach(collect);
				else if (v && typeof v === 'object') {
					if (typeof v.id === 'string' && ('first_name' in v || 'email' in v || 'last_access' in v) && v.id !== repA.id) others.push(v);
					Object.values(v).forEach(collect);
				}
			};
			collect(res.body.data);
			for (const u of others) expect(Object.keys(u).filter((k) => !USER_FIELDS.includes(k)), path).toEqual([]);
		}
		const roles = await repA.client.request(readRoles({ fields: ['users.*'] as any }));
		const users = roles.flatMap((r: any) => r.users ?? []);
		expect(users.length).toBeGreaterThan(0);
		for (const u of users.filter((x: any) => x.id !== repA.id)) expect(Object.keys(u).every((k) => USER_FIELDS.includes(k))).toBe(true);
	});

	it('filters and searches on private fields of users are refused or find nothing', async () => {
		for (const path of ['/users?filter[email][_starts_with]=colleague', '/users?filter[token][_nnull]=true', '/items/crm_customers?filter[owner][email][_starts_with]=a', '/items/crm_customers?sort=user_created.email']) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(403);
			expect(refusedCode(res), path).toBe('LEAD_POOL_QUERY_REFUSED');
		}
		const byEmail = await repA.client.request(readUsers({ search: 'private-mail', fields: ['id'] }));
		expect(byEmail.map((u: any) => u.id)).not.toContain(colleague);
		const byName = await repA.client.request(readUsers({ search: 'League', fields: ['id', 'first_name'] }));
		expect(byName.map((u: any) => u.id)).toContain(colleague);
	});

	it('the rep still reads their own record whole', async () => {
		const me = await repA.client.request(readMe({ fields: ['id', 'email'] }));
		expect(me.email).toBe(repA.email);
	});
});

describe('pools and people: a rep reads their pools, their profile and their performance only', () => {
	beforeAll(async () => {
		await h.admin.request(createItem('crm_performance', { rep: repB.id, metric: 'inquiries', value: 7, date: '2026-11-01' } as any));
		await h.admin.request(createItem('crm_performance', { rep: repA.id, metric: 'inquiries', value: 3, date: '2026-11-01' } as any));
	});

	it('pool members and their pools only of the rep’s pools; another pool is forbidden', async () => {
		const members = await repA.client.request(readItems('crm_pool_members', { fields: ['pool.id', 'pool.name'] as any, limit: -1 }));
		const pools = new Set(members.map((m: any) => m.pool?.id).filter(Boolean));
		expect(pools.has(poolA.id)).toBe(true);
		expect(pools.has(poolB.id)).toBe(false);
		const other = await h.http(repA.token, 'GET', `/items/crm_pools/${poolB.id}`);
		expect(other.status).toBe(403);
	});

	it('rep profiles and performance entries of other reps are not readable', async () => {
		const profiles = await repA.client.request(readItems('crm_rep_profiles', { fields: ['user'], limit: -1 }));
		expect(profiles.map((p: any) => p.user)).toEqual([repA.id]);
		const entries = await repA.client.request(readItems('crm_performance', { fields: ['rep', 'value'], limit: -1 }));
		expect(entries.map((e: any) => e.rep)).toEqual([repA.id]);
	});
});

describe('files: a rep reads only their own uploads; an export is its creator’s', () => {
	let adminFile: string;
	let managerExport: string | undefined;

	beforeAll(async () => {
		const form = new FormData();
		form.append('file', new Blob([`name,phone\nSecret Co,${SECRET_PHONE}\n`], { type: 'text/csv' }), 'customers.csv');
		const res = await fetch(`${h.url}/files`, { method: 'POST', headers: { Authorization: `Bearer ${h.info.adminToken}` }, body: form });
		adminFile = ((await res.json()) as any).data.id;
		const exported = await h.http(h.info.people.manager.token, 'POST', '/utils/export/crm_customers', { format: 'csv', query: { limit: 5 }, file: {} });
		expect(exported.status).toBe(204);
		for (let i = 0; i < 60 && !managerExport; i++) {
			await new Promise((r) => setTimeout(r, 500));
			const files = await h.http(h.info.people.manager.token, 'GET', `/files?filter[uploaded_by][_eq]=${h.info.people.manager.id}&fields=id`);
			managerExport = files.body?.data?.[0]?.id;
		}
	});

	afterAll(async () => {
		await h.http(h.info.adminToken, 'DELETE', `/files/${adminFile}`);
	});

	it('a rep lists none of them and cannot download them', async () => {
		const list = await h.http(repA.token, 'GET', '/files?fields=id&limit=-1');
		expect(list.status).toBe(200);
		const listed = list.body.data.map((x: any) => x.id);
		expect(listed).not.toContain(adminFile);
		for (const id of [adminFile, managerExport]) {
			const asset = await fetch(`${h.url}/assets/${id}`, { headers: { Authorization: `Bearer ${repA.token}` } });
			expect(asset.status, String(id)).toBe(403);
		}
	});

	it('a manager can export to a file, and reads and downloads only their own', async () => {
		expect(managerExport).toBeTruthy();
		const own = await fetch(`${h.url}/assets/${managerExport}`, { headers: { Authorization: `Bearer ${h.info.people.manager.token}` } });
		expect(own.status).toBe(200);
		const admins = await fetch(`${h.url}/assets/${adminFile}`, { headers: { Authorization: `Bearer ${h.info.people.manager.token}` } });
		expect(admins.status).toBe(403);
	});

	it('an export-to-file query that the read guard refuses is refused at once, not later', async () => {
		const res = await h.http(repA.token, 'POST', '/utils/export/crm_customers', { format: 'csv', query: { filter: { duplicate_of: { phone: { _eq: SECRET_PHONE } } } }, file: {} });
		expect(res.status).toBe(403);
		expect(refusedCode(res)).toBe('LEAD_POOL_QUERY_REFUSED');
	});
});

describe('refusals name no customer the rep cannot see', () => {
	it('claiming, releasing, editing, deleting, requesting and following up by guessed keys tell the number only', async () => {
		const secretName = `Secret Holdings ${randomBytes(3).toString('hex')}`;
		// one hidden in a pool the rep is not a member of, one owned by a colleague in the rep's own pool
		const [elsewhere] = await f.makeCustomers(1, { pool: poolB.id, name: secretName });
		const [taken] = await f.makeCustomers(1, { pool: poolA.id, name: secretName, owner: repB.id });
		const bodies: any[] = [];
		const tries = async (method: string, url: string, body?: unknown) => {
			const res = await h.http(repA.token, method, url, body);
			expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
			expect(res.status, `${method} ${url}`).toBeLessThan(500);
			bodies.push(res.body);
		};
		for (const id of [elsewhere!, taken!]) {
			await tries('POST', '/lead-pool/claim', { keys: [id] });
			await tries('POST', '/lead-pool/release', { keys: [id], reason: 'not interested' });
			await tries('PATCH', `/items/crm_customers/${id}`, { owner: repA.id });
			await tries('PATCH', `/items/crm_customers/${id}`, { industry: 'retail' });
			await tries('DELETE', `/items/crm_customers/${id}`);
			await tries('POST', '/items/crm_claim_requests', { customer: id, reason: 'mine' });
			await tries('POST', '/items/crm_follow_ups', { customer: id, summary: 'called', channel: 'phone' });
			await tries('POST', '/lead-pool/lock', { keys: [id], locked: true });
			// unlocking a pool customer changes nothing (200); whatever the answer, it names nothing
			bodies.push((await h.http(repA.token, 'POST', '/lead-pool/lock', { keys: [id], locked: false })).body);
		}
		await tries('POST', '/lead-pool/claim', { keys: [elsewhere, taken] });
		expect(bodies.at(-1).errors[0].extensions.refusals).toHaveLength(2);
		const text = JSON.stringify(bodies);
		expect(text).not.toContain(secretName);
		expect(text).not.toContain('Secret Holdings');
		expect(text).not.toContain(repB.id);
		expect(text).not.toContain(`Rep1 ${f.tag}`);
		expect(text).not.toMatch(/Pool \S+ [0-9a-f]{4}/);
		// a customer the rep can see is still named in its refusal
		const own = (await f.makeCustomers(1, { pool: poolA.id, name: `${secretName} Visible`, owner: repA.id }))[0]!;
		const again = await h.http(repA.token, 'POST', '/lead-pool/claim', { keys: [own] });
		expect(JSON.stringify(again.body)).toContain(`${secretName} Visible`);
	});
});
