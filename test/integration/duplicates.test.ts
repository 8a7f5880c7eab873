import { beforeAll, describe, expect, it } from 'vitest';
import { updateItem } from '@directus/sdk';
import { fixtures } from '../harness/fixtures';
import { connect } from '../harness/database';

const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

let rep: Rep;
let other: Rep;
const word = `Zephyr${Math.random().toString(36).slice(2, 7)}`;
beforeAll(async () => {
	[rep, other] = (await f.makeReps(2)) as any;
	const hidden = await f.makePool({ members: [{ user: other.id }] });
	await f.makeCustomers(1, { name: `${word} Trading Co., Ltd.`, pool: hidden.id, owner: other.id, phone: '+86 138 0013 8000', email: `buyer@${word}.com` });
	await f.makeCustomers(1, { name: `Big ${word} Imports`, pool: hidden.id });
	await f.makeCustomers(1, { name: `${word}`, pool: hidden.id });
});

/** PostgreSQL: the duplicate check's indexes, on the narrow keys table. */
const SEARCH_INDEXES = [
	'crm_customer_keys_name_key_idx',
	'crm_customer_keys_phone_key_idx',
	'crm_customer_keys_email_key_idx',
	'crm_customer_keys_name_key_c_idx',
	'crm_customer_keys_name_pairs_idx',
	'crm_customer_keys_name_trgm_idx',
	'crm_customer_keys_phone_trgm_idx',
];
/** Where earlier installs had them, on the wide crm_customers (which every ownership change rewrites). */
const MOVED_INDEXES: [string, string][] = [
	['crm_customers_name_key_index', '(name_key)'],
	['crm_customers_phone_key_index', '(phone_key)'],
	['crm_customers_email_key_index', '(email_key)'],
	['crm_customers_name_key_c_idx', '((name_key COLLATE "C"), id)'],
	['crm_customers_name_pairs_idx', 'USING gin (lead_pool_pairs(name_key))'],
	['crm_customers_name_trgm_idx', 'USING gin (name_key gin_trgm_ops)'],
	['crm_customers_phone_trgm_idx', 'USING gin (phone_key gin_trgm_ops)'],
];

async function check(token: string, q: string, limit?: number) {
	return h.http(token, 'GET', `/lead-pool/duplicates?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`);
}

describe('the duplicate check', () => {
	it('shows a rep matches from pools and owners they cannot open, with the redacted fields only, best first', async () => {
		const res = await check(rep.token, word.toUpperCase());
		expect(res.status).toBe(200);
		const hits = res.body.data;
		expect(hits.map((x: any) => x.name)).toEqual([word, `${word} Trading Co., Ltd.`, `Big ${word} Imports`]);
		for (const hit of hits) expect(Object.keys(hit).sort()).toEqual(['date_created', 'id', 'name', 'owner', 'pool']);
		expect(hits[1].owner).toEqual({ id: other.id, first_name: 'Rep1', last_name: f.tag });
		expect(hits[0].owner).toBeNull();
		// and the rep cannot open them
		expect((await h.http(rep.token, 'GET', `/items/crm_customers/${hits[1].id}`)).status).toBe(403);
	});

	it('matches by phone digits and by e-mail', async () => {
		expect((await check(rep.token, '138-0013-8000')).body.data.map((x: any) => x.name)).toContain(`${word} Trading Co., Ltd.`);
		expect((await check(rep.token, `BUYER@${word}.COM`)).body.data.map((x: any) => x.name)).toEqual([`${word} Trading Co., Ltd.`]);
	});

	it('finds 2-character Chinese keywords and keywords inside names through the search indexes, and keeps them current', async () => {
		const city = ['鞍山', '锦州', '营口', '丹东'][Math.floor(Math.random() * 4)]!;
		const mark = `${city}${'鑫淼焱垚'[Math.floor(Math.random() * 4)]}${f.tag.replace(/\d/g, '').slice(0, 2)}`;
		const [a, b] = await f.makeCustomers(2, { name: `${mark}机械有限公司` });
		await f.makeCustomers(1, { name: `華爾太${mark}` });
		// newer customers push these out of the check's window of newest rows (2 in the test harness), so the
		// answers below come from the search indexes
		await f.makeCustomers(3, { name: `Filler ${f.tag}` });
		const names = async (q: string) => (await check(rep.token, q, 50)).body.data.map((x: any) => x.name);
		// two characters, in the middle of a name and at its start
		expect(await names(mark.slice(1, 3))).toEqual(expect.arrayContaining([`${mark}机械有限公司`, `華爾太${mark}`]));
		// three or more, inside the name (trigram indexes), Traditional keyword against a Simplified-written key
		expect(await names(`爾太${mark.slice(0, 2)}`)).toEqual([`華爾太${mark}`]);
		expect((await names(`${mark}机械`))[0]).toBe(`${mark}机械有限公司`);
		// a renamed customer is found by its new name only: the index follows writes
		await h.admin.request(updateItem('crm_customers', b!, { name: `${mark}电子` } as any));
		expect(await names(`${mark}电子`)).toEqual([`${mark}电子`]);
		expect(await names(`${mark}机械`)).toEqual([`${mark}机械有限公司`]);
		expect(a).toBeGreaterThan(0);
		// and the structures that make this fast exist on this database
		const knex = connect(h.info.db);
		try {
			if (h.info.db.client === 'pg') {
				const indexes = (await knex('pg_indexes').where('tablename', 'crm_customer_keys').pluck('indexname')) as string[];
				expect(indexes).toEqual(expect.arrayContaining(SEARCH_INDEXES));
				// and the renamed customer's copy of its keys followed
				expect((await knex('crm_customer_keys').first('name_key').where('id', b!)).name_key).toBe((await knex('crm_customers').first('name_key').where('id', b!)).name_key);
			} else if (h.info.db.client === 'mysql') {
				// the character pairs of every name key, kept by triggers
				const [triggers] = await knex.raw('SELECT trigger_name AS name FROM information_schema.triggers WHERE trigger_schema = database()');
				expect(triggers.map((t: any) => t.name)).toEqual(
					expect.arrayContaining(['crm_customers_name_pairs_insert', 'crm_customers_name_pairs_update', 'crm_customers_name_pairs_delete']),
				);
				const pairs = await knex('lead_pool_name_pairs').where('customer', b!).orderBy('pair').pluck('pair');
				const key = (await knex('crm_customers').first('name_key').where('id', b!)).name_key as string;
				const chars = [...key];
				expect(pairs).toEqual([...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))].sort());
			} else {
				const fts = await knex('sqlite_master').whereIn('name', ['crm_customers_keys_fts', 'crm_customers_keys_fts_insert', 'crm_customers_keys_fts_update', 'crm_customers_keys_fts_delete']).pluck('name');
				expect(fts).toHaveLength(4);
				const [{ n }] = await knex.raw(`SELECT count(*) AS n FROM crm_customers_keys_fts WHERE name_key LIKE ?`, [`%${mark}电子%`]);
				expect(Number(n)).toBe(1);
			}
		} finally {
			await knex.destroy();
		}
	});

	it('finds a phone typed whole, with or without country and area code, or as the local number on a card; never by a fragment', async () => {
		const [prober] = (await f.makeReps(1)) as any;
		const hidden = await f.makePool({ members: [{ user: other.id }] });
		const local = `5555${String(1000 + Math.floor(Math.random() * 8999))}`;
		const card = `${word} Shanghai Card`;
		await f.makeCustomers(1, { name: card, pool: hidden.id, owner: other.id, phone: `+86 21 ${local.slice(0, 4)} ${local.slice(4)}` });
		const names = async (q: string) => {
			const res = await check(prober.token, q, 50);
			expect(res.status).toBe(200);
			return res.body.data.map((x: any) => x.name);
		};
		for (const whole of [`+86 21 ${local}`, `0086-21-${local}`, `021 ${local}`, `(021) ${local.slice(0, 4)}-${local.slice(4)}`, local]) {
			expect(await names(whole)).toContain(card);
		}
		// fragments of the number identify nothing: no digit-by-digit rebuilding of a hidden customer's phone
		for (const fragment of [local.slice(0, 5), local.slice(0, 6), local.slice(1), `21${local.slice(0, 4)}`, local.slice(2, 7)]) {
			expect(await names(fragment)).not.toContain(card);
		}
	});

	it('caps the answer and refuses empty keywords and anonymous callers', async () => {
		expect((await check(rep.token, word, 1)).body.data).toHaveLength(1);
		expect((await check(rep.token, '   ')).status).toBe(400);
		expect((await check(null as any, word)).status).toBe(403);
	});

	it('is rate-limited per user', async () => {
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await check(other.token, word)).status);
		expect(statuses).toContain(429);
		expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(29);
	});
});

/** The names of the indexes of a table, on each database. */
async function indexNames(knex: ReturnType<typeof connect>, table: string): Promise<string[]> {
	if (h.info.kind === 'sqlite') return knex('sqlite_master').where({ type: 'index', tbl_name: table }).pluck('name');
	if (h.info.kind === 'mariadb') {
		return knex('information_schema.statistics').distinct('index_name').where({ table_schema: knex.raw('database()'), table_name: table }).pluck('index_name');
	}
	return knex('pg_indexes').where('tablename', table).pluck('indexname');
}

describe('the stored keys', () => {
	it('follow every write of a key; on PostgreSQL in a narrow table that an ownership change does not write', async () => {
		const knex = connect(h.info.db);
		try {
			const pool = await f.makePool({ members: [{ user: rep.id }] });
			const [id] = await f.makeCustomers(1, { name: `${word} Keys Ltd.`, pool: pool.id, phone: '+86 21 6666 1234' });
			const copy = () => knex('crm_customer_keys').first('name_key', 'phone_key', 'email_key', knex.raw('xmin::text AS version')).where('id', id!);
			const wideKeys = () => knex('crm_customers').first('name_key', 'phone_key', 'email_key').where('id', id!);
			const pg = h.info.kind === 'postgres';
			const added = pg ? await copy() : null;
			await rep.client.request(updateItem('crm_customers', id!, { owner: rep.id } as any));
			expect((await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [id], reason: 'keys test' })).status).toBe(200);
			// the claim and the release did not write the copy (the same row version)
			if (pg) expect((await copy()).version).toBe(added.version);
			await h.admin.request(updateItem('crm_customers', id!, { email: `desk@${word}-keys.com` } as any));
			// a new e-mail is found at once
			expect((await check(rep.token, `DESK@${word}-keys.com`)).body.data.map((x: any) => x.id)).toEqual([id]);
			expect((await wideKeys()).email_key).toBe(`desk@${word.toLowerCase()}-keys.com`);
			if (pg) {
				// the wide table keeps none of the search indexes; the copy equals the keys
				const wide = await indexNames(knex, 'crm_customers');
				for (const [name] of MOVED_INDEXES) expect(wide).not.toContain(name);
				expect(added.name_key).toContain(word.toLowerCase());
				const now = await copy();
				expect({ name_key: now.name_key, phone_key: now.phone_key, email_key: now.email_key }).toEqual(await wideKeys());
				// written by the e-mail's own statement
				const versions = (await knex.raw(`SELECT xmin::text AS v FROM crm_customers WHERE id = ?`, [id])).rows[0].v;
				expect(now.version).toBe(versions);
			} else {
				// the exact-key lookups read the key columns of crm_customers, by their indexes
				expect(await indexNames(knex, 'crm_customers')).toEqual(expect.arrayContaining(['crm_customers_name_key_index', 'crm_customers_phone_key_index', 'crm_customers_email_key_index']));
			}
			// a purge takes the copy along
			expect((await h.http(h.info.adminToken, 'POST', '/lead-pool/purge', { keys: [id], reason: 'keys test' })).status).toBe(200);
			if (pg) expect(await copy()).toBeUndefined();
			expect((await check(rep.token, `DESK@${word}-keys.com`)).body.data).toEqual([]);
		} finally {
			await knex.destroy();
		}
	});

	it('are not readable by a rep or a manager through a table of their own, REST or GraphQL', async () => {
		for (const token of [rep.token, h.info.people.manager.token]) {
			expect((await h.http(token, 'GET', '/items/crm_customer_keys?limit=1')).status).toBe(403);
			const gql = await h.http(token, 'POST', '/graphql', { query: '{ crm_customer_keys { id name_key } }' });
			expect(gql.body?.data?.crm_customer_keys).toBeUndefined();
			expect(gql.body?.errors?.length).toBeGreaterThan(0);
		}
	});

	it('move off the wide table on a PostgreSQL install from before: setup copies them and drops the old indexes', async () => {
		const knex = connect(h.info.db);
		try {
			if (h.info.kind !== 'postgres') {
				// elsewhere they stay where they are, and setup has nothing to move
				const res = await h.http(h.info.adminToken, 'POST', '/lead-pool/setup', {});
				expect(res.status).toBe(200);
				expect((res.body.data.indexes_created as string[]).filter((x) => x.includes('crm_customer_keys') || x.startsWith('dropped'))).toEqual([]);
				expect(await knex.schema.hasTable('crm_customer_keys')).toBe(false);
				return;
			}
			// an earlier install: no keys table, the search indexes on crm_customers
			await knex.raw('DROP TABLE crm_customer_keys');
			for (const trigger of ['crm_customer_keys_insert', 'crm_customer_keys_update', 'crm_customer_keys_delete']) {
				await knex.raw('DROP TRIGGER IF EXISTS ?? ON crm_customers', [trigger]);
			}
			for (const [name, definition] of MOVED_INDEXES) await knex.raw(`CREATE INDEX ${name} ON crm_customers ${definition}`);
			// written while the old install ran (straight into the table: this instance's bundle already searches the new one)
			const pool = await f.makePool({ members: [{ user: rep.id }] });
			const [{ id: late }] = await knex('crm_customers')
				.insert({ name: `${word} Before Upgrade`, name_key: `${word}beforeupgrade`.toLowerCase(), pool: pool.id, source: 'manual', stage: 'new' })
				.returning('id');
			const res = await h.http(h.info.adminToken, 'POST', '/lead-pool/setup', {});
			expect(res.status).toBe(200);
			const done = res.body.data.indexes_created as string[];
			expect(done).toContain('table crm_customer_keys');
			for (const [name] of MOVED_INDEXES) expect(done).toContain(`dropped ${name}`);
			const wide = await indexNames(knex, 'crm_customers');
			for (const [name] of MOVED_INDEXES) expect(wide).not.toContain(name);
			expect(await indexNames(knex, 'crm_customer_keys')).toEqual(expect.arrayContaining(SEARCH_INDEXES));
			// every customer has its copy, equal to its keys
			const [{ n }] = (
				await knex.raw(`SELECT count(*)::int AS n FROM crm_customers AS c FULL JOIN crm_customer_keys AS k ON k.id = c.id
					WHERE k.id IS NULL OR c.id IS NULL OR (c.name_key, c.phone_key, c.email_key) IS DISTINCT FROM (k.name_key, k.phone_key, k.email_key)`)
			).rows;
			expect(n).toBe(0);
			// the check reads the new table from the next search on (the instance that ran setup forgot its cache)
			expect((await check(rep.token, `${word} Before Upgrade`)).body.data.map((x: any) => x.id)).toContain(late);
			// and setup again changes nothing
			const again = await h.http(h.info.adminToken, 'POST', '/lead-pool/setup', {});
			expect((again.body.data.indexes_created as string[]).filter((x) => x.includes('crm_customer_keys') || x.startsWith('dropped'))).toEqual([]);
		} finally {
			// whatever failed above, the files after this one find the keys table as setup makes it
			if (h.info.kind === 'postgres') await h.http(h.info.adminToken, 'POST', '/lead-pool/setup', {});
			await knex.destroy();
		}
	});
});
