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
				const indexes = (await knex('pg_indexes').where('tablename', 'crm_customers').pluck('indexname')) as string[];
				expect(indexes).toEqual(expect.arrayContaining(['crm_customers_name_trgm_idx', 'crm_customers_name_pairs_idx', 'crm_customers_phone_trgm_idx', 'crm_customers_name_key_c_idx']));
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
