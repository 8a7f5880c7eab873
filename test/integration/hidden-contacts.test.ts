import { createItem } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * Contacts hidden until claimed (a pool's `hide_contacts`), attacked as a hostile member of the pool would: every read
 * path (list, single, GraphQL, relations, aliases, every export format) shows the phone, e-mail and contact masked,
 * and no filter, search, sort, group or aggregate on them tells anything. Claiming reveals them.
 */
const f = fixtures();
const { h } = f;

type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let repA: Rep;
let repB: Rep;
let hidden: number;
let open: number;
const PHONE = `138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const MASKED_PHONE = `${PHONE.slice(0, 3)}****${PHONE.slice(-4)}`;
const WORD = `wang${randomBytes(3).toString('hex')}`;
const EMAIL = `${WORD}@example.com`;
const MASKED_EMAIL = 'w***@example.com';
const CONTACT = '王小明';
const OPEN_PHONE = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

const code = (res: { body: any }) => res.body?.errors?.[0]?.extensions?.code;
const leaks = (text: string) => [PHONE, EMAIL, WORD, CONTACT, PHONE.slice(3, 8)].filter((secret) => text.includes(secret));

beforeAll(async () => {
	[repA, repB] = (await f.makeReps(2)) as [Rep, Rep];
	const hiding = await f.makePool({ hide_contacts: true, claim_by_request: true, members: [{ user: repA.id }, { user: repB.id }] });
	const plain = await f.makePool({ members: [{ user: repA.id }] });
	hidden = (await f.makeCustomers(1, { pool: hiding.id, phone: PHONE, email: EMAIL, contact_name: CONTACT }))[0]!;
	open = (await f.makeCustomers(1, { pool: plain.id, phone: OPEN_PHONE, email: `open-${randomBytes(3).toString('hex')}@example.org`, contact_name: '李开放' }))[0]!;
	await h.admin.request(createItem('crm_follow_ups', { customer: hidden, summary: 'called the front desk', rep: repB.id } as any));
	await repB.client.request(createItem('crm_claim_requests', { customer: hidden, reason: 'met them at the fair' } as any));
});

describe('a pool that hides contacts shows its unowned customers masked, on every read path', () => {
	it('list and single reads, with every field or some', async () => {
		for (const path of [
			`/items/crm_customers?filter[id][_in]=${hidden},${open}&fields=id,phone,email,contact_name,phone_key,email_key`,
			`/items/crm_customers?filter[id][_in]=${hidden},${open}`,
			`/items/crm_customers/${hidden}`,
			`/items/crm_customers/${hidden}?fields=phone,email,contact_name`,
			`/items/crm_customers/${hidden}?fields=*.*`,
		]) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(200);
			const rows = Array.isArray(res.body.data) ? res.body.data : [res.body.data];
			const row = rows.find((r: any) => r.id === hidden || r.id === undefined);
			expect(row.phone, path).toBe(MASKED_PHONE);
			expect(row.email, path).toBe(MASKED_EMAIL);
			expect(row.contact_name, path).toBe('王**');
			if ('phone_key' in row) expect(row.phone_key, path).toBeNull();
			expect(leaks(JSON.stringify(res.body)), path).toEqual([]);
			// a pool that does not hide contacts shows them
			const plain = rows.find((r: any) => r.id === open);
			if (plain) expect(plain.phone, path).toBe(OPEN_PHONE);
		}
	});

	it('a field read under another name is masked as the field it is', async () => {
		for (const path of [
			`/items/crm_customers/${hidden}?alias[x]=phone&alias[y]=email&alias[z]=contact_name&fields=x,y,z`,
			`/items/crm_customers?alias[x]=phone&fields=x&filter[id][_eq]=${hidden}`,
		]) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(200);
			expect(leaks(JSON.stringify(res.body)), path).toEqual([]);
			expect(JSON.stringify(res.body), path).toContain(MASKED_PHONE);
		}
	});

	it('GraphQL, with aliases too', async () => {
		const res = await h.http(repA.token, 'POST', '/graphql', {
			query: `query { crm_customers_by_id(id: ${hidden}) { phone email contact_name p: phone e: email }
				crm_customers(filter: { id: { _eq: ${hidden} } }) { id phone other: contact_name } }`,
		});
		expect(res.body.errors).toBeUndefined();
		expect(res.body.data.crm_customers_by_id).toMatchObject({ phone: MASKED_PHONE, email: MASKED_EMAIL, p: MASKED_PHONE, e: MASKED_EMAIL });
		expect(res.body.data.crm_customers[0]).toMatchObject({ phone: MASKED_PHONE, other: '王**' });
		expect(leaks(JSON.stringify(res.body))).toEqual([]);
	});

	it('through relations: follow-ups, claim requests and the audit trail', async () => {
		for (const path of [
			`/items/crm_follow_ups?filter[customer][_eq]=${hidden}&fields=summary,customer.phone,customer.email,customer.contact_name`,
			`/items/crm_follow_ups?filter[customer][_eq]=${hidden}&fields=customer.*`,
			`/items/crm_claim_requests?filter[customer][_eq]=${hidden}&fields=customer.*`,
			`/items/crm_events?filter[customer][_eq]=${hidden}&fields=customer.phone,customer.email,details`,
			`/items/crm_customers/${hidden}?fields=follow_ups.customer.phone,follow_ups.customer.email`,
			`/items/crm_follow_ups?filter[customer][_eq]=${hidden}&alias[c]=customer&fields=c.phone`,
		]) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(200);
			expect(res.body.data.length ?? 1, path).toBeGreaterThan(0);
			expect(leaks(JSON.stringify(res.body)), path).toEqual([]);
		}
		const gql = await h.http(repA.token, 'POST', '/graphql', {
			query: `query { crm_follow_ups(filter: { customer: { id: { _eq: ${hidden} } } }) { customer { phone email contact_name } } }`,
		});
		expect(gql.body.errors).toBeUndefined();
		expect(gql.body.data.crm_follow_ups[0].customer.phone).toBe(MASKED_PHONE);
	});

	it('exports in every format', async () => {
		for (const format of ['csv', 'json', 'xml', 'yaml']) {
			const res = await fetch(`${h.url}/items/crm_customers?export=${format}&fields=id,phone,email,contact_name&filter[id][_eq]=${hidden}`, {
				headers: { Authorization: `Bearer ${repA.token}` },
			});
			expect(res.status, format).toBe(200);
			const text = await res.text();
			expect(leaks(text), format).toEqual([]);
			expect(text, format).toContain(MASKED_PHONE);
		}
	});

	it('an export to a file by a rep leaks nothing either (refused, or masked)', async () => {
		const res = await h.http(repA.token, 'POST', '/utils/export/crm_customers', {
			format: 'csv',
			query: { filter: { id: { _eq: hidden } }, fields: ['phone', 'email'] },
			file: {},
		});
		expect(leaks(JSON.stringify(res.body ?? ''))).toEqual([]);
		if (res.status === 204) {
			await new Promise((r) => setTimeout(r, 1500));
			const files = await h.http(repA.token, 'GET', '/files?fields=id&sort=-uploaded_on&limit=1');
			for (const file of files.body.data ?? []) {
				const text = await (await fetch(`${h.url}/assets/${file.id}`, { headers: { Authorization: `Bearer ${repA.token}` } })).text();
				expect(leaks(text)).toEqual([]);
			}
		} else {
			expect(res.status).toBeGreaterThanOrEqual(400);
			expect(res.status).toBeLessThan(500);
		}
	});
});

describe('masked fields are no oracle: filters match nothing, search skips them, sort and group are refused', () => {
	const ids = (res: { body: any }) => (res.body.data ?? []).map((r: any) => r.id);

	it('filters on a masked field never match a masked customer, however they are written', async () => {
		for (const filter of [
			`filter[phone][_eq]=${PHONE}`,
			`filter[phone][_starts_with]=${PHONE.slice(0, 5)}`,
			`filter[phone][_contains]=${PHONE.slice(3, 8)}`,
			`filter[phone][_nnull]=true`,
			`filter[phone][_neq]=x`,
			`filter[email][_icontains]=${WORD}`,
			`filter[email][_ends_with]=example.com`,
			`filter[contact_name][_starts_with]=王`,
			`filter[phone_key][_nnull]=true`,
			`filter[email_key][_contains]=${WORD}`,
			`filter[_or][0][phone][_eq]=${PHONE}&filter[_or][1][id][_null]=true`,
			`filter[_and][0][id][_eq]=${hidden}&filter[_and][1][phone][_starts_with]=138`,
			`filter[phone][_in]=${PHONE},x`,
		]) {
			const res = await h.http(repA.token, 'GET', `/items/crm_customers?fields=id&${filter}`);
			expect(res.status, filter).toBe(200);
			expect(ids(res), filter).not.toContain(hidden);
		}
	});

	it('…and through a relation or a deep filter', async () => {
		const viaFollowUp = await h.http(repA.token, 'GET', `/items/crm_follow_ups?fields=id&filter[customer][phone][_eq]=${PHONE}`);
		expect(viaFollowUp.status).toBe(200);
		expect(viaFollowUp.body.data).toEqual([]);
		const follow = await h.http(repA.token, 'GET', `/items/crm_pools?fields=id&filter[$FOLLOW(crm_customers,pool)][phone][_eq]=${PHONE}`);
		expect(follow.status).toBe(403);
		const answers = await Promise.all(
			[PHONE, '00000000000'].map((p) =>
				h.http(repA.token, 'GET', `/items/crm_follow_ups?filter[customer][_eq]=${hidden}&fields=customer.id&deep[customer][_filter][phone][_eq]=${p}`),
			),
		);
		expect(answers.map((a) => JSON.stringify(a.body.data))).toEqual([JSON.stringify(answers[1]!.body.data), JSON.stringify(answers[1]!.body.data)]);
		const gql = await h.http(repA.token, 'POST', '/graphql', { query: `query { crm_customers(filter: { phone: { _eq: "${PHONE}" } }) { id } }` });
		expect(gql.body.errors).toBeUndefined();
		expect(gql.body.data.crm_customers.map((r: any) => Number(r.id))).not.toContain(hidden);
	});

	it('a search by a masked value does not find the customer; by its name it does', async () => {
		for (const q of [PHONE, PHONE.slice(3, 9), EMAIL, WORD, CONTACT]) {
			const res = await h.http(repA.token, 'GET', `/items/crm_customers?fields=id&search=${encodeURIComponent(q)}`);
			expect(res.status, q).toBe(200);
			expect(ids(res), q).not.toContain(hidden);
		}
		const name = (await h.http(f.adminToken, 'GET', `/items/crm_customers/${hidden}?fields=name`)).body.data.name;
		const byName = await h.http(repA.token, 'GET', `/items/crm_customers?fields=id&search=${encodeURIComponent(name)}`);
		expect(ids(byName)).toContain(hidden);
	});

	it('sorting, grouping and aggregating by a masked field are refused', async () => {
		for (const path of [
			'/items/crm_customers?sort=phone',
			'/items/crm_customers?sort=-email',
			'/items/crm_customers?sort[]=name&sort[]=contact_name',
			'/items/crm_customers?groupBy[]=phone&aggregate[count]=*',
			'/items/crm_customers?aggregate[countDistinct]=phone',
			'/items/crm_customers?aggregate[min]=email',
			'/items/crm_customers?aggregate[max]=phone_key',
			'/items/crm_follow_ups?sort=customer.phone',
		]) {
			const res = await h.http(repA.token, 'GET', path);
			expect(res.status, path).toBe(403);
			expect(code(res), path).toBe('LEAD_POOL_QUERY_REFUSED');
		}
		for (const query of [
			'query { crm_customers(sort: ["phone"]) { id } }',
			'query { crm_customers_aggregated(groupBy: ["email"]) { count { id } } }',
		]) {
			const res = await h.http(repA.token, 'POST', '/graphql', { query });
			expect(res.body.errors?.[0]?.extensions?.code, query).toBe('LEAD_POOL_QUERY_REFUSED');
		}
	});

	it('the duplicate check still finds the customer by its phone (it names no contact)', async () => {
		const res = await h.http(repA.token, 'GET', `/lead-pool/duplicates?q=${PHONE}`);
		expect(res.status).toBe(200);
		const hit = res.body.data.find((d: any) => d.id === hidden);
		expect(hit).toBeTruthy();
		expect(leaks(JSON.stringify(res.body))).toEqual([]);
	});
});

describe('claiming reveals the contacts; the pool hides them again once released', () => {
	it('managers always read them', async () => {
		const res = await h.http(h.info.people.manager.token, 'GET', `/items/crm_customers/${hidden}?fields=phone,email,contact_name`);
		expect(res.body.data).toEqual({ phone: PHONE, email: EMAIL, contact_name: CONTACT });
	});

	it('the rep who claims reads, filters and sorts by them; the others cannot see the customer at all', async () => {
		const claimed = await h.http(repA.token, 'POST', '/lead-pool/claim', { keys: [hidden] });
		expect(claimed.body.data.claimed).toEqual([hidden]);
		const mine = await h.http(repA.token, 'GET', `/items/crm_customers/${hidden}?fields=phone,email,contact_name`);
		expect(mine.body.data).toEqual({ phone: PHONE, email: EMAIL, contact_name: CONTACT });
		const filtered = await h.http(repA.token, 'GET', `/items/crm_customers?fields=id&filter[phone][_eq]=${PHONE}`);
		expect(filtered.body.data.map((r: any) => r.id)).toEqual([hidden]);
		const other = await h.http(repB.token, 'GET', `/items/crm_customers/${hidden}?fields=phone`);
		expect(other.status).toBe(403);
		const viaRequest = await h.http(repB.token, 'GET', `/items/crm_claim_requests?filter[customer][_eq]=${hidden}&fields=customer.phone`);
		expect(leaks(JSON.stringify(viaRequest.body))).toEqual([]);
	});

	it('released, the customer is masked again, for the rep who had it too', async () => {
		const released = await h.http(repA.token, 'POST', '/lead-pool/release', { keys: [hidden], reason: 'not a buyer' });
		expect(released.status).toBe(200);
		for (const rep of [repA, repB]) {
			const res = await h.http(rep.token, 'GET', `/items/crm_customers/${hidden}?fields=phone,email,contact_name`);
			expect(res.body.data).toEqual({ phone: MASKED_PHONE, email: MASKED_EMAIL, contact_name: '王**' });
		}
	});
});
