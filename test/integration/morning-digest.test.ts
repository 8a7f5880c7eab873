import { readNotifications, updateSingleton } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../harness/database';
import { fixtures } from '../harness/fixtures';
import { QUIET_SCHEDULE } from '../harness/global-setup';
import { secondInstance } from '../harness/second-instance';

/**
 * The morning digest: one notification per rep per day with today's contacts and what falls due for reclaim, in the
 * rep's language, however many instances send it and however often the schedule fires.
 */
const f = fixtures();
const { h } = f;
const DAY = 86_400_000;
const knex = connect(h.info.db);
const ts = (d: Date) => (h.info.kind === 'sqlite' ? d.getTime() : d);
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
let second: Awaited<ReturnType<typeof secondInstance>>;

beforeAll(async () => {
	second = await secondInstance(h.info);
});
afterAll(async () => {
	await h.admin.request(updateSingleton('crm_settings', { digest_schedule: QUIET_SCHEDULE } as any));
	await new Promise((r) => setTimeout(r, 1500));
	await second?.stop();
	await knex.destroy();
});

const run = (url: string, token = h.info.adminToken) =>
	fetch(`${url}/lead-pool/digest/run`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));

const digestsOf = async (reps: string[]) =>
	(await h.admin.request(
		readNotifications({ filter: { recipient: { _in: reps }, _or: [{ subject: { _starts_with: 'Your day' } }, { subject: { _starts_with: '今日客户' } }, { subject: { _starts_with: '今日客戶' } }] }, fields: ['recipient', 'subject', 'message', 'collection'], limit: -1 }),
	)) as any[];

describe('the morning digest', () => {
	it('only admins send it by hand', async () => {
		const [rep] = await f.makeReps(1);
		const res = await run(h.url, rep!.token);
		expect(res.status).toBe(403);
	});

	it('sends each rep one digest a day, in their language, with today’s contacts and what falls due, through two instances and the schedule at once', async () => {
		const [zhRep] = await f.makeReps(1, { language: 'zh-CN' });
		const [enRep, idle] = await f.makeReps(2, { language: 'en-US' });
		const [twRep] = await f.makeReps(1, { language: 'zh-TW' });
		const reps = [zhRep!, enRep!, idle!, twRep!];
		const pool = await f.makePool({ members: reps.map((r) => ({ user: r.id })), reclaim_enabled: true, reclaim_no_contact_days: 10, reclaim_reminder_days: 3 });
		const name = (id: number) => knex('crm_customers').first('name').where('id', id).then((r: any) => r.name as string);

		const [overdue] = await f.makeCustomers(1, { pool: pool.id, owner: zhRep!.id, next_contact_at: at(-2) });
		const [today] = await f.makeCustomers(1, { pool: pool.id, owner: zhRep!.id, next_contact_at: at(-1 / 24 / 60) });
		const [later] = await f.makeCustomers(1, { pool: pool.id, owner: zhRep!.id, next_contact_at: at(5) });
		// no contact for 8 of its 10 days: falls due in two days
		const [falling] = await f.makeCustomers(1, { pool: pool.id, owner: zhRep!.id });
		await knex('crm_customers').where('id', falling!).update({ owned_since: ts(new Date(Date.now() - 8 * DAY)) });
		const [theirs] = await f.makeCustomers(1, { pool: pool.id, owner: enRep!.id, next_contact_at: at(-1 / 24 / 60) });
		// a Traditional Chinese rep: one customer to contact today, falling due in two days as well
		const [twToday] = await f.makeCustomers(1, { pool: pool.id, owner: twRep!.id, next_contact_at: at(-1 / 24 / 60) });
		await knex('crm_customers').where('id', twToday!).update({ owned_since: ts(new Date(Date.now() - 8 * DAY)) });
		// the idle rep has a customer, but nothing due today and nothing falling due
		await f.makeCustomers(1, { pool: pool.id, owner: idle!.id, next_contact_at: at(4) });

		// the schedule every second on both instances, straight into the row (more often than a manager may set it)
		await knex('crm_settings').update({ digest_schedule: '* * * * * *' });
		const answers = await Promise.all([run(h.url), run(second.url), run(h.url), run(second.url), run(h.url), run(second.url)]);
		expect(answers.every((a) => a.status === 200)).toBe(true);
		expect(answers.filter((a) => a.body.data.ran).length).toBeLessThanOrEqual(1);
		// the schedule keeps firing for a few seconds on both instances: the day's digest is out already
		await new Promise((r) => setTimeout(r, 4000));
		await knex('crm_settings').update({ digest_schedule: QUIET_SCHEDULE });
		const again = await run(h.url);
		expect(again.body.data).toMatchObject({ ran: false });

		const notes = await digestsOf(reps.map((r) => r.id));
		expect(notes.filter((n) => n.recipient === zhRep!.id)).toHaveLength(1);
		expect(notes.filter((n) => n.recipient === enRep!.id)).toHaveLength(1);
		expect(notes.filter((n) => n.recipient === idle!.id)).toHaveLength(0);

		const zh = notes.find((n) => n.recipient === zhRep!.id)!;
		expect(zh.subject).toMatch(/^今日客户：今日待联系 2 个（逾期 \d 个），1 个即将被回收$/);
		expect(zh.collection).toBe('crm_customers');
		for (const id of [overdue!, today!, falling!]) expect(zh.message).toContain(await name(id));
		expect(zh.message).not.toContain(await name(later!));
		expect(zh.message).toContain(`${await name(overdue!)} — `);
		expect(zh.message).toContain(`回到公海「${pool.name}」`);

		const en = notes.find((n) => n.recipient === enRep!.id)!;
		expect(en.subject).toMatch(/^Your day: 1 to contact today/);
		expect(en.message).toContain(await name(theirs!));
		expect(en.message).not.toContain(await name(overdue!));

		// zh-TW: Traditional Chinese only, the customer's and the pool's names as written
		const tw = notes.find((n) => n.recipient === twRep!.id)!;
		expect(tw.subject).toBe('今日客戶：今日待聯絡 1 個，1 個即將被回收');
		expect(tw.message).toContain('**今日待聯絡** (1)');
		expect(tw.message).toContain('**即將被回收：請跟進以保留** (1)');
		expect(tw.message).toContain(`回到公海「${pool.name}」`);
		expect(tw.message).toContain(await name(twToday!));
		const own = (tw.subject + tw.message).replaceAll(await name(twToday!), '').replaceAll(pool.name, '');
		for (const simplified of ['客户', '联系', '个', '请', '即将']) expect(own).not.toContain(simplified);

		const sentOn = (await knex('crm_settings').first('digest_sent_on')).digest_sent_on;
		expect(sentOn).toBe(again.body.data.day);
	});

	it('refuses a schedule that cannot fire, naming the setting', async () => {
		const res = await h.http(h.info.adminToken, 'PATCH', '/items/crm_settings', { digest_schedule: '0 8 31 2 *' });
		expect(res.status).toBe(400);
		expect(JSON.stringify(res.body)).toContain('Morning digest schedule');
	});
});
