import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

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
