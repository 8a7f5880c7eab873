import { createItem, createItems, readItem, readItems, readSingleton, updateItem, updateItems, updateSingleton, updateUser } from '@directus/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';
import { refusal } from '../harness/clients';

/**
 * Bad input, sent the way a hostile rep or a careless script would: every bad type, length or choice gets a 400
 * INVALID_PAYLOAD with a short message naming the field, in the user's language, the same on every database; never a
 * 500, never the value echoed back, and nothing is written.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];


/** A refusal as a raw HTTP answer, for what the SDK would not send (numbers as names, huge bodies). */
async function raw(token: string, method: string, path: string, body: unknown) {
	const res = await h.http(token, method, path, body);
	const error = res.body?.errors?.[0];
	return { status: res.status, code: error?.extensions?.code, message: String(error?.message ?? ''), body: res.body };
}

const HUGE = 'x'.repeat(300_000);

let rep: Rep;
let zhRep: Rep;
let pool: { id: number };
beforeAll(async () => {
	rep = (await f.makeReps(1, { profile: { max_new: 2, max_prospects: 2 } }))[0]!;
	zhRep = (await f.makeReps(1, { language: 'zh-CN' }))[0]!;
	pool = await f.makePool({ members: [{ user: rep.id }, { user: zhRep.id }] });
});

describe('names: text, not blank, within the column', () => {
	it('a number as a name is a 400 naming the field, on customers, pools, teams and rules', async () => {
		for (const [collection, extra] of [
			['crm_customers', { source: 'manual', stage: 'new', pool: undefined }],
			['crm_pools', { kind: 'company' }],
			['crm_teams', {}],
			['crm_assignment_rules', { strategy: 'round_robin' }],
		] as const) {
			const r = await raw(h.info.adminToken, 'POST', `/items/${collection}`, { name: 123, ...extra });
			expect(r, collection).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
			expect(r.message).toMatch(/"(Company name|Name)" has a value of the wrong kind/);
		}
		const r = await raw(rep.token, 'POST', '/items/crm_customers', { name: 123, source: 'manual', pool: pool.id });
		expect(r).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
	});

	it('empty and whitespace names are refused on create and on edit', async () => {
		for (const name of ['', '   ', '\t\n']) {
			const r = await raw(rep.token, 'POST', '/items/crm_customers', { name, source: 'manual', pool: pool.id });
			expect(r, JSON.stringify(name)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
			expect(r.message).toMatch(/cannot be empty/);
		}
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const before = ((await h.admin.request(readItem('crm_customers', id!))) as any).name;
		expect(await refusal(rep.client.request(updateItem('crm_customers', id!, { name: '  ' })))).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(await refusal(h.manager.request(updateItem('crm_pools', pool.id, { name: null } as any)))).toMatchObject({ status: 400 });
		expect(((await h.admin.request(readItem('crm_customers', id!))) as any).name).toBe(before);
	});

	it('an over-long name gets a short message that does not echo it, and nothing is saved (REST and GraphQL)', async () => {
		for (const length of [256, 5_000, 300_000]) {
			const r = await raw(rep.token, 'POST', '/items/crm_customers', { name: HUGE.slice(0, length), source: 'manual', pool: pool.id });
			expect(r, String(length)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
			expect(r.message).toMatch(/too long: at most 255 characters/);
			expect(JSON.stringify(r.body).length).toBeLessThan(600);
		}
		const gql = await h.http(rep.token, 'POST', '/graphql', {
			query: 'mutation ($name: String!) { create_crm_customers_item(data: { name: $name, source: "manual", locked: false, purge_requested: false }) { id } }',
			variables: { name: HUGE.slice(0, 5000) },
		});
		expect(gql.body.errors?.[0]?.extensions?.code, JSON.stringify(gql.body).slice(0, 500)).toBe('INVALID_PAYLOAD');
		expect(JSON.stringify(gql.body).length).toBeLessThan(600);
		const saved = (await h.admin.request(readItems('crm_customers', { filter: { name: { _starts_with: 'xxxxxxxxxx' } }, limit: 1 }))) as any[];
		expect(saved).toHaveLength(0);
	});

	it('a long value in a field without a rule of its own, or a key that is not one, is a 400 too', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const r = await raw(h.info.adminToken, 'PATCH', `/items/crm_customers/${id}`, { owner: HUGE.slice(0, 5000) });
		expect(r).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(r.message.length).toBeLessThan(300);
		const rule = await raw(h.info.adminToken, 'POST', '/items/crm_assignment_rules', { name: `Rule ${f.tag}`, strategy: 'round_robin', weight_inquiries: 'lots' });
		expect(rule).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(rule.message).toMatch(/weight_inquiries/);
	});

	it('a batch with one bad row creates none of the rows', async () => {
		const names = [`Batch ${f.tag} A`, `Batch ${f.tag} B`];
		const r = await refusal(
			h.manager.request(createItems('crm_customers', [{ name: names[0], source: 'manual', pool: pool.id }, { name: names[1], source: 'manual', stage: 'won', pool: pool.id }] as any)),
		);
		expect(r).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		expect(await h.admin.request(readItems('crm_customers', { filter: { name: { _in: names } } }))).toHaveLength(0);
	});
});

describe('choices: every enum field takes only its documented values', () => {
	it('a customer with stage "bogus", tier "D" or source "carrier_pigeon" is refused, on create and on edit', async () => {
		for (const bad of [{ stage: 'bogus' }, { tier: 'D' }, { source: 'carrier_pigeon' }]) {
			const r = await refusal(rep.client.request(createItem('crm_customers', { name: `Enum ${f.tag}`, source: 'manual', pool: pool.id, ...bad } as any)));
			expect(r, JSON.stringify(bad)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		}
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: pool.id });
		const r = await refusal(rep.client.request(updateItem('crm_customers', id!, { stage: 'bogus' })));
		expect(r.message).toMatch(/"Stage" must be one of: new, prospect, customer/);
		expect(((await h.admin.request(readItem('crm_customers', id!))) as any).stage).toBe('new');
		const zh = await refusal(zhRep.client.request(createItem('crm_customers', { name: `枚举 ${f.tag}`, source: 'manual', stage: 'bogus', pool: pool.id } as any)));
		expect(zh.message).toMatch(/「阶段」只能是以下之一/);
	});

	it('pool fields take only their choices; a bad one changes nothing', async () => {
		for (const bad of [{ kind: 'galaxy' }, { claim_policy: 'anyone' }, { sources: ['website', 'fax'] }, { reclaim_exempt_tiers: ['Z'] }, { status: 'paused' }]) {
			const r = await refusal(h.manager.request(updateItem('crm_pools', pool.id, bad as any)));
			expect(r, JSON.stringify(bad)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		}
		const saved = (await h.admin.request(readItem('crm_pools', pool.id))) as any;
		expect(saved).toMatchObject({ kind: 'department', claim_policy: 'open', status: 'active' });
	});

	it('settings take only their choices', async () => {
		const before = (await h.admin.request(readSingleton('crm_settings'))) as any;
		for (const bad of [{ duplicate_form_mode: 'ignore' }, { duplicate_import_mode: 'overwrite' }, { max_new_per_rep: 'many' }]) {
			const r = await refusal(h.manager.request(updateSingleton('crm_settings', bad as any)));
			expect(r, JSON.stringify(bad)).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
		}
		const after = (await h.admin.request(readSingleton('crm_settings'))) as any;
		expect(after.duplicate_form_mode).toBe(before.duplicate_form_mode);
		expect(after.max_new_per_rep).toBe(before.max_new_per_rep);
	});
});

describe('the reclaim schedule fires, at most once a minute', () => {
	it('refuses crons that never fire, cannot be read or fire every second, in English and Chinese', async () => {
		const before = ((await h.admin.request(readSingleton('crm_settings'))) as any).reclaim_schedule;
		const cases: [string, RegExp][] = [
			['99 99 * * *', /not a valid cron expression/],
			['*/0 * * * *', /not a valid cron expression/],
			['0 0 31 2 *', /never fires/],
			['* * * * * *', /more often than once a minute/],
			['*/10 * * * * *', /more often than once a minute/],
		];
		for (const [cron, message] of cases) {
			const r = await refusal(h.manager.request(updateSingleton('crm_settings', { reclaim_schedule: cron } as any)));
			expect(r, cron).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
			expect(r.message).toMatch(message);
		}
		await h.admin.request(updateUser(h.info.people.manager.id, { language: 'zh-CN' }));
		try {
			const zh = await refusal(h.manager.request(updateSingleton('crm_settings', { reclaim_schedule: '* * * * * *' } as any)));
			expect(zh.message).toMatch(/每分钟/);
		} finally {
			await h.admin.request(updateUser(h.info.people.manager.id, { language: null }));
		}
		expect(((await h.admin.request(readSingleton('crm_settings'))) as any).reclaim_schedule).toBe(before);
	});

	it('accepts a schedule that fires at most once a minute', async () => {
		const before = ((await h.admin.request(readSingleton('crm_settings'))) as any).reclaim_schedule;
		await h.manager.request(updateSingleton('crm_settings', { reclaim_schedule: '30 7 * * 1-5' } as any));
		expect(((await h.admin.request(readSingleton('crm_settings'))) as any).reclaim_schedule).toBe('30 7 * * 1-5');
		await h.manager.request(updateSingleton('crm_settings', { reclaim_schedule: before } as any));
	});
});

describe('a stage is a change of holdings, however the customer came to have it', () => {
	it('customers a rep created as won, flipped back to new, count against the cap: no way around it', async () => {
		const rep = (await f.makeReps(1, { profile: { max_new: 2, max_prospects: 2 } }))[0]!;
		const pool = await f.makePool({ members: [{ user: rep.id }] });
		const ids: number[] = [];
		for (let i = 0; i < 3; i++) {
			const created = (await rep.client.request(createItem('crm_customers', { name: `Won ${f.tag} ${i}`, source: 'manual', stage: 'customer', pool: pool.id } as any))) as any;
			ids.push(Number(created.id));
		}
		const stages = async () => ((await h.admin.request(readItems('crm_customers', { filter: { id: { _in: ids } }, fields: ['stage', 'owner'] }))) as any[]).map((c) => c.stage);
		expect(await stages()).toEqual(['customer', 'customer', 'customer']);
		expect(await refusal(rep.client.request(updateItems('crm_customers', ids, { stage: 'new' })))).toMatchObject({ status: 409, code: 'LEAD_POOL_QUOTA_EXCEEDED' });
		expect(await stages()).toEqual(['customer', 'customer', 'customer']);
		await rep.client.request(updateItem('crm_customers', ids[0]!, { stage: 'new' }));
		await rep.client.request(updateItem('crm_customers', ids[1]!, { stage: 'prospect' }));
		await rep.client.request(updateItem('crm_customers', ids[1]!, { stage: 'new' }));
		const third = await refusal(rep.client.request(updateItem('crm_customers', ids[2]!, { stage: 'new' })));
		expect(third).toMatchObject({ status: 409, code: 'LEAD_POOL_QUOTA_EXCEEDED' });
		expect(third.message).toMatch(/2 of 2 new customers/);
	});
});

describe('the endpoint’s bad values: 400 INVALID_PAYLOAD in the reader’s language, one language at a time', () => {
	const HAN = /[\u4e00-\u9fff]/;
	it('bad keys, a missing reason, a bad pool or report: English for an English rep, Chinese for a Chinese one, Traditional for zh-TW', async () => {
		const [twRep] = await f.makeReps(1, { language: 'zh-TW' });
		const cases: [string, string, unknown][] = [
			['POST', '/lead-pool/claim', { keys: ['x'] }],
			['POST', '/lead-pool/claim', { keys: [] }],
			['POST', '/lead-pool/release', { keys: [1] }],
			['POST', '/lead-pool/release', { keys: [1], reason: 'r', pool: 'east' }],
			['POST', '/lead-pool/lock', { keys: [1], locked: 'yes' }],
			['POST', '/lead-pool/move', { keys: [1], to_pool: 'x', reason: 'r' }],
			['GET', '/lead-pool/reports/bogus', undefined],
			['GET', '/lead-pool/duplicates?q=', undefined],
		];
		for (const [method, path, body] of cases) {
			const en = await raw(rep.token, method, path, body);
			expect(en, `${method} ${path}`).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
			expect(en.message, `${method} ${path}`).not.toMatch(HAN);
			const zh = await raw(zhRep.token, method, path, body);
			expect(zh, `${method} ${path}`).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD' });
			expect(zh.message, `${method} ${path}`).toMatch(HAN);
			expect(zh.message, `${method} ${path}`).not.toMatch(/must|Give|Say why|Unknown/);
			const tw = await raw(twRep!.token, method, path, body);
			expect(tw.status, `${method} ${path}`).toBe(400);
			expect(tw.message, `${method} ${path}`).toMatch(HAN);
		}
		expect((await raw(zhRep.token, 'POST', '/lead-pool/claim', { keys: [] })).message).toContain('客户');
		expect((await raw(twRep!.token, 'POST', '/lead-pool/claim', { keys: [] })).message).toContain('客戶');
	});
});
