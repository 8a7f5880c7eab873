import { createItem, readItem, readItems, readNotifications, updateSingleton, updateUser } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';

/**
 * The import guard on real imports: Directus's own CSV and JSON import (`POST /utils/import/crm_customers`, what the
 * studio's Import button calls) and a batch create through the API, under each of the three settings; and the
 * customer form's rule (warn or block) for single creates.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

let rep: Rep;
let zhRep: Rep;
let pool: { id: number };
const word = `Orion${f.tag.replace(/\d/g, 'q')}`;

async function setModes(modes: { duplicate_import_mode?: string; duplicate_form_mode?: string }) {
	await h.admin.request(updateSingleton('crm_settings', modes as any));
}

async function importFile(token: string, body: string, type: 'text/csv' | 'application/json') {
	const form = new FormData();
	form.append('file', new Blob([body], { type }), type === 'text/csv' ? 'customers.csv' : 'customers.json');
	const res = await fetch(`${h.url}/utils/import/crm_customers`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
	return { status: res.status, text: await res.text() };
}

async function byName(name: string) {
	return (await h.admin.request(readItems('crm_customers', { filter: { name: { _eq: name } }, fields: ['id', 'name', 'email', 'contact_name', 'notes', 'phone', 'duplicate_of', 'duplicate_status', 'owner'], sort: ['id'], limit: -1 }))) as any[];
}

async function eventsOf(id: number, action: string) {
	return (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id }, action: { _eq: action } }, sort: ['id'], limit: -1 }))) as any[];
}

const csv = (rows: string[][]) => ['name,contact_name,phone,email,source,notes', ...rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(','))].join('\n');

let existing: number;
let byPhone: number;
beforeAll(async () => {
	[rep, zhRep] = (await f.makeReps(2)) as any;
	pool = await f.makePool({ members: [{ user: rep.id }, { user: zhRep.id }] });
	existing = Number(((await h.admin.request(createItem('crm_customers', { name: `${word} Trading Co., Ltd.`, pool: pool.id, notes: 'met at Canton Fair' } as any))) as any).id);
	byPhone = Number(((await h.admin.request(createItem('crm_customers', { name: `Phone holder ${word}`, phone: '+86 139 1234 5678', pool: pool.id } as any))) as any).id);
});

afterAll(async () => {
	await setModes({ duplicate_import_mode: 'flag', duplicate_form_mode: 'warn' });
});

/** The admin's latest import report that names `text`, once it has arrived (at most 15 s). */
async function importReportMentioning(text: string): Promise<any[]> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const notes = (await h.admin.request(readNotifications({ filter: { subject: { _contains: 'Import:' }, message: { _contains: text } }, sort: ['-id'], limit: 1 }))) as any[];
		if (notes.length > 0 || Date.now() > deadline) return notes;
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe('the import guard', () => {
	it('skip: duplicates by name (suffix and case aside) and by phone digits are not created, and the importer is told row by row', async () => {
		await setModes({ duplicate_import_mode: 'skip' });
		const res = await importFile(
			f.adminToken,
			csv([
				[`${word.toUpperCase()} TRADING`, 'Ms Lin', '', 'lin@orion.example', 'trade_show', ''],
				[`Fresh ${word} Imports`, '', '', '', 'trade_show', ''],
				[`Other name ${word}`, '', '139-1234-5678', '', 'directory', ''],
			]),
			'text/csv',
		);
		expect(res.status, res.text).toBe(200);
		expect(await byName(`${word.toUpperCase()} TRADING`)).toEqual([]);
		expect(await byName(`Other name ${word}`)).toEqual([]);
		expect(await byName(`Fresh ${word} Imports`)).toHaveLength(1);
		// nothing of the existing customer changed
		expect(((await h.admin.request(readItem('crm_customers', existing, { fields: ['email', 'contact_name'] }))) as any)).toEqual({ email: null, contact_name: null });
		const skipped = await eventsOf(existing, 'import_skipped');
		expect(skipped).toHaveLength(1);
		const details = typeof skipped[0].details === 'string' ? JSON.parse(skipped[0].details) : skipped[0].details;
		expect(details).toMatchObject({ row: 1, match: 'name', values: { email: 'lin@orion.example', contact_name: 'Ms Lin' } });
		expect((await eventsOf(byPhone, 'import_skipped'))[0]).toBeTruthy();
		// the report is sent once the import's response has gone out: wait for this import's, not an earlier one's
		const notes = await importReportMentioning(`Other name ${word}`);
		expect(notes[0].subject).toContain('1 created, 2 skipped');
		expect(notes[0].message).toContain(`Row 1 "${word.toUpperCase()} TRADING": skipped, already exists as #${existing} (same name)`);
		expect(notes[0].message).toContain(`Row 3 "Other name ${word}": skipped, already exists as #${byPhone} (same phone)`);
	});

	it('merge: fills the existing customer’s empty fields, keeps its own values, records the rest', async () => {
		await setModes({ duplicate_import_mode: 'merge' });
		const json = JSON.stringify([{ name: `${word} trading company`, contact_name: 'Ms Lin', email: 'Lin@Orion.example', notes: 'imported note', source: 'trade_show' }]);
		const res = await importFile(f.adminToken, json, 'application/json');
		expect(res.status, res.text).toBe(200);
		expect(await byName(`${word} trading company`)).toEqual([]);
		const after = (await h.admin.request(readItem('crm_customers', existing, { fields: ['email', 'contact_name', 'notes'] }))) as any;
		expect(after).toEqual({ email: 'Lin@Orion.example', contact_name: 'Ms Lin', notes: 'met at Canton Fair' });
		const merged = await eventsOf(existing, 'import_merged');
		const details = typeof merged[0].details === 'string' ? JSON.parse(merged[0].details) : merged[0].details;
		expect(details.filled.sort()).toEqual(['contact_name', 'email']);
		expect(details.kept).toEqual({ notes: 'imported note' });
		// the e-mail now matches too, without case
		const res2 = await importFile(f.adminToken, JSON.stringify([{ name: `Brand new ${word}`, email: 'LIN@orion.EXAMPLE' }]), 'application/json');
		expect(res2.status).toBe(200);
		expect(await byName(`Brand new ${word}`)).toEqual([]);
		expect((await eventsOf(existing, 'import_merged')).length).toBe(2);
	});

	it('merge by a rep: only into their own customer; otherwise the row is skipped and says why', async () => {
		const res = await rep.client.request(createItem('crm_customers' as any, { name: `Rep own ${word}`, phone: '+86 137 0000 1111' } as any));
		const own = Number((res as any).id);
		const r = await h.http(rep.token, 'POST', '/items/crm_customers', [
			{ name: `rep own ${word}`, contact_name: 'Mr Wu' },
			{ name: `${word} Trading`, contact_name: 'Should not land' },
		]);
		expect(r.status).toBeLessThan(300);
		expect(((await h.admin.request(readItem('crm_customers', own, { fields: ['contact_name'] }))) as any).contact_name).toBe('Mr Wu');
		expect(((await h.admin.request(readItem('crm_customers', existing, { fields: ['contact_name'] }))) as any).contact_name).toBe('Ms Lin');
		const skipped = await eventsOf(existing, 'import_skipped');
		expect(skipped.at(-1).actor).toBe(rep.id);
	});

	it('flag: the duplicate row is created, linked to the customer it matches and marked for review', async () => {
		await setModes({ duplicate_import_mode: 'flag' });
		const res = await importFile(f.adminToken, csv([[`${word} Trading Ltd`, '', '', '', 'website', '']]), 'text/csv');
		expect(res.status, res.text).toBe(200);
		const rows = await byName(`${word} Trading Ltd`);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ duplicate_of: existing, duplicate_status: 'flagged' });
		expect((await eventsOf(rows[0].id, 'import_flagged'))[0].reason).toBe(`Possible duplicate of #${existing} (same name)`);
		// a manager finds the flagged rows with a plain filter
		const flagged = (await h.manager.request(readItems('crm_customers', { filter: { duplicate_status: { _eq: 'flagged' }, duplicate_of: { _eq: existing } }, fields: ['id'] }))) as any[];
		expect(flagged.map((x) => x.id)).toEqual([rows[0].id]);
	});

	it('a failed import keeps nothing, merges included', async () => {
		await setModes({ duplicate_import_mode: 'merge' });
		const before = (await h.admin.request(readItem('crm_customers', byPhone, { fields: ['email'] }))) as any;
		const res = await importFile(f.adminToken, JSON.stringify([{ name: 'x', phone: '+86 139 1234 5678', email: `late@${word}.example` }, { name: `Broken ${word}`, pool: 99999999 }]), 'application/json');
		expect(res.status).toBeGreaterThanOrEqual(400);
		expect(((await h.admin.request(readItem('crm_customers', byPhone, { fields: ['email'] }))) as any).email).toBe(before.email);
		expect(await byName(`Broken ${word}`)).toEqual([]);
		await setModes({ duplicate_import_mode: 'flag' });
	});
});

describe('the customer form rule', () => {
	it('warn (default): a single create of a duplicate is saved', async () => {
		await setModes({ duplicate_form_mode: 'warn' });
		const r = await h.http(rep.token, 'POST', '/items/crm_customers', { name: `${word} Trading`, pool: pool.id });
		expect(r.status).toBe(200);
	});

	it('block: a duplicate by name, phone or e-mail is refused with a message in the rep’s language', async () => {
		await setModes({ duplicate_form_mode: 'block' });
		const r = await h.http(rep.token, 'POST', '/items/crm_customers', { name: `New name ${word}`, phone: '13912345678' });
		expect(r.status).toBe(400);
		expect(r.body.errors[0].message).toContain(`with the same phone already exists (#${byPhone})`);
		await h.admin.request(updateUser(zhRep.id, { language: 'zh-CN' } as any));
		const z = await h.http(zhRep.token, 'POST', '/items/crm_customers', { name: `${word} Trading 有限公司` });
		expect(z.status).toBe(400);
		expect(z.body.errors[0].message).toContain('已有名称相同的客户');
		// a customer that matches nothing is saved
		expect((await h.http(rep.token, 'POST', '/items/crm_customers', { name: `Unique ${word} ${Date.now()}` })).status).toBe(200);
		await setModes({ duplicate_form_mode: 'warn' });
	});
});
