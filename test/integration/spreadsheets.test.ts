import { createItem, createUsers, readItems, updateSingleton } from '@directus/sdk';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { fixtures } from '../harness/fixtures';

/**
 * Spreadsheets in and out, as a Chinese sales team uses them: a manager imports the trade-show list saved from Excel
 * (.xlsx and CSV, Chinese headers, values by their Chinese labels) into a chosen pool and reads a per-row report;
 * downloads the template; exports what a filter selects with labels in their language. Reps import their own cards
 * within limits; bad files get a clear 4xx.
 */
const f = fixtures();
const { h } = f;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];

const TRADE_SHOW_HEADERS = ['公司名称', '联系人', '电话', '邮箱', '地区', '来源', '行业', '等级'];

let rep: Rep;
let cappedRep: Rep;
let outsider: Rep;
let pool: { id: number; name: string };
let otherPool: { id: number; name: string };
let zhManager: { id: string; token: string };
let enManager: { id: string; token: string };
let existing: { id: number; name: string };
const t = f.tag;

async function makeManager(language: string) {
	const person = { id: randomUUID(), token: randomBytes(16).toString('hex') };
	await h.admin.request(
		createUsers([{ id: person.id, email: `mgr-${t}-${language}-${randomBytes(2).toString('hex')}@example.org`, token: person.token, role: ids.role.manager, status: 'active', first_name: 'Mgr', last_name: language, language, email_notifications: false }] as any),
	);
	return person;
}

async function importFile(token: string | null, body: Buffer | string, filename: string, pool?: number | string) {
	const form = new FormData();
	form.append('file', new Blob([body as BlobPart]), filename);
	if (pool !== undefined) form.append('pool', String(pool));
	const res = await fetch(`${h.url}/lead-pool/import`, { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {}, body: form });
	const text = await res.text();
	let json: any = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: res.status, body: json };
}

async function download(token: string, path: string, init: RequestInit = {}) {
	const res = await fetch(`${h.url}${path}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
	const buffer = Buffer.from(await res.arrayBuffer());
	return { status: res.status, type: res.headers.get('content-type'), buffer, json: () => JSON.parse(buffer.toString('utf8')) };
}

async function workbookOf(buffer: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as any);
	return wb;
}

function sheetRows(ws: ExcelJS.Worksheet): unknown[][] {
	const rows: unknown[][] = [];
	ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
	return rows;
}

async function xlsx(rows: unknown[][], build?: (ws: ExcelJS.Worksheet) => void) {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('名片');
	for (const r of rows) ws.addRow(r);
	build?.(ws);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

const csvText = (rows: string[][]) => rows.map((r) => r.map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\r\n');

async function customersNamed(names: string[]) {
	return (await h.admin.request(
		readItems('crm_customers', { filter: { name: { _in: names } }, fields: ['name', 'contact_name', 'phone', 'email', 'country', 'region', 'industry', 'source', 'tier', 'stage', 'owner', 'pool', 'received_by', 'duplicate_of', 'duplicate_status'], sort: ['id'], limit: -1 }),
	)) as any[];
}

async function setImportMode(mode: 'skip' | 'merge' | 'flag') {
	await h.admin.request(updateSingleton('crm_settings', { duplicate_import_mode: mode } as any));
}

beforeAll(async () => {
	[rep, outsider] = (await f.makeReps(2)) as any;
	[cappedRep] = (await f.makeReps(1, { profile: { max_new: 1 } })) as any;
	pool = await f.makePool({ members: [{ user: rep.id }, { user: cappedRep.id }] });
	otherPool = await f.makePool({ members: [{ user: outsider.id }] });
	zhManager = await makeManager('zh-CN');
	enManager = await makeManager('en-US');
	const name = `杭州远洋${t}贸易有限公司`;
	existing = { id: Number(((await h.admin.request(createItem('crm_customers', { name, phone: '+86 571 8765 4321', pool: otherPool.id } as any))) as any).id), name };
});

afterAll(async () => {
	await setImportMode('flag');
});

describe('a manager imports the trade-show list with Chinese headers', () => {
	const names = {
		huaxin: `上海华鑫${t}机械有限公司`,
		shenzhen: `深圳${t}电子科技`,
		acme: `Acme ${t} Tools Ltd`,
		badSource: `无效来源${t}公司`,
		dup: `远洋${t}国际`,
	};
	let report: any;

	it('creates every readable row in the chosen pool with every field mapped, labels to keys', async () => {
		await setImportMode('flag');
		const file = await xlsx(
			[
				TRADE_SHOW_HEADERS,
				[names.huaxin, '王强', 13812345678, null, '华东', '展会名片', '机械', 'A 重点'],
				[names.shenzhen, '李娜', '+86 755 8888 1234', `li@sz${t}.cn`, '华南', '官网询盘', '电子', 'B'],
				[names.acme, 'John Smith', '+1 415 555 0100', `john@acme${t}.com`, 'North America', 'Trade show card', 'Machinery', 'C (low)'],
				['', '张三', '13900000000', '', '华北', '展会名片', '', ''],
				[names.badSource, '赵六', '', '', '华东', '路边摊', '', ''],
				[names.dup, '钱七', '0571-87654321', '', '华东', '展会名片', '', ''],
			],
			(ws) => {
				// e-mails saved from Excel are often hyperlinks
				ws.getCell('D2').value = { text: `wang@huaxin${t}.cn`, hyperlink: `mailto:wang@huaxin${t}.cn` } as any;
			},
		);
		const res = await importFile(zhManager.token, file, '广交会名片.xlsx', pool.id);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		report = res.body.data;
		expect(report.format).toBe('xlsx');
		expect(report.pool).toEqual({ id: pool.id, name: pool.name });
		expect(report.summary).toEqual({ rows: 6, created: 3, flagged: 1, merged: 0, skipped: 0, refused: 2 });

		const created = await customersNamed(Object.values(names));
		const base = { country: null, stage: 'new', owner: null, pool: pool.id, received_by: zhManager.id, duplicate_of: null, duplicate_status: null };
		expect(created).toEqual([
			{ ...base, name: names.huaxin, contact_name: '王强', phone: '13812345678', email: `wang@huaxin${t}.cn`, region: 'East China', industry: 'Machinery', source: 'trade_show', tier: 'A' },
			{ ...base, name: names.shenzhen, contact_name: '李娜', phone: '+86 755 8888 1234', email: `li@sz${t}.cn`, region: 'South China', industry: 'Electronics', source: 'website', tier: 'B' },
			{ ...base, name: names.acme, contact_name: 'John Smith', phone: '+1 415 555 0100', email: `john@acme${t}.com`, region: 'North America', industry: 'Machinery', source: 'trade_show', tier: 'C' },
			{ ...base, name: names.dup, contact_name: '钱七', phone: '0571-87654321', email: null, region: 'East China', industry: null, source: 'trade_show', tier: 'C', duplicate_of: existing.id, duplicate_status: 'flagged' },
		]);
	});

	it('reports each row by its row number, in the manager’s language, duplicates by name', async () => {
		expect(report.rows.map((r: any) => [r.row, r.outcome])).toEqual([
			[2, 'created'],
			[3, 'created'],
			[4, 'created'],
			[5, 'refused'],
			[6, 'refused'],
			[7, 'flagged'],
		]);
		expect(report.rows[3].message).toBe('客户名称为空');
		expect(report.rows[4]).toMatchObject({ name: names.badSource, id: null });
		expect(report.rows[4].message).toMatch(/^「路边摊」不是有效的来源渠道，可选：展会名片、阿里询盘/);
		expect(report.rows[5]).toMatchObject({ name: names.dup, duplicate_of: { id: existing.id, name: existing.name }, match: 'phone' });
		expect(report.rows[5].message).toBe(`疑似与「${existing.name}」重复（电话相同）`);
		expect(report.rows[0].id).toEqual(expect.any(Number));
	});

	it('gives the report as a spreadsheet to download', async () => {
		const res = await download(zhManager.token, '/lead-pool/import/report.xlsx', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rows: report.rows }) });
		expect(res.status).toBe(200);
		expect(res.type).toContain('spreadsheetml');
		const ws = (await workbookOf(res.buffer)).worksheets[0]!;
		expect(ws.name).toBe('导入报告');
		const rows = sheetRows(ws);
		expect(rows[0]).toEqual(['行号', '客户名称', '结果', '客户编号', '重复于', '说明']);
		expect(rows[5]).toEqual([6, names.badSource, '未导入', undefined, undefined, report.rows[4].message]);
		expect(rows[6]).toEqual([7, names.dup, '已新建，标记为疑似重复', report.rows[5].id, `${existing.name} (#${existing.id})`, report.rows[5].message]);
		// a report over Directus's JSON body limit comes as text, as the studio panel sends it
		const text = await download(enManager.token, '/lead-pool/import/report.xlsx', { method: 'POST', headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: JSON.stringify({ rows: report.rows }) });
		expect(text.status).toBe(200);
		expect(sheetRows((await workbookOf(text.buffer)).worksheets[0]!)[0]![0]).toBe('Row');
		expect((await download(enManager.token, '/lead-pool/import/report.xlsx', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'not json' })).status).toBe(400);
	});
});

describe('CSV as Excel saves it: UTF-8 with a BOM, GB18030 and Big5', () => {
	it('reads a GBK/GB18030 CSV with the trade-show headers', async () => {
		const name = `宁波${t}五金制品厂`;
		// a number of this run's own: another file's customer with a fixed number would make this row a duplicate
		const phone = `137${String(randomInt(1e8)).padStart(8, '0')}`;
		const csv = csvText([TRADE_SHOW_HEADERS, [name, '孙八', phone, `sun@nb${t}.cn`, '华东', '黄页搜索', '建材', 'A 重点']]);
		const res = await importFile(zhManager.token, iconv.encode(csv, 'gb18030'), '名单.csv', pool.id);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.data).toMatchObject({ format: 'csv', encoding: 'gb18030', summary: { created: 1, refused: 0 } });
		expect(await customersNamed([name])).toEqual([
			expect.objectContaining({ name, contact_name: '孙八', phone, email: `sun@nb${t}.cn`, region: 'East China', source: 'directory', industry: 'Building materials', tier: 'A', pool: pool.id }),
		]);
	});

	it('reads UTF-8 with a BOM, and Traditional Chinese headers and labels in Big5', async () => {
		const a = `Bom ${t} Trading`;
		const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText([['公司名称', '来源', '地区'], [a, '阿里询盘', '中东']]), 'utf8')]);
		const r1 = await importFile(zhManager.token, bom, 'bom.csv', pool.id);
		expect(r1.status, JSON.stringify(r1.body)).toBe(200);
		expect(r1.body.data.encoding).toBe('utf-8');
		const b = `台北${t}精密`;
		const big5 = iconv.encode(csvText([['公司名稱', '聯絡人', '來源', '地區', '等級'], [b, '陳先生', '展會名片', '華南', 'A 重點']]), 'big5');
		const r2 = await importFile(zhManager.token, big5, 'big5.csv', pool.id);
		expect(r2.status, JSON.stringify(r2.body)).toBe(200);
		expect(r2.body.data.encoding).toBe('big5');
		const rows = await customersNamed([a, b]);
		expect(rows.map((r) => [r.name, r.source, r.region, r.tier, r.contact_name])).toEqual([
			[a, 'alibaba', 'Middle East', 'C', null],
			[b, 'trade_show', 'South China', 'A', '陳先生'],
		]);
	});
});

describe('the import guard and the caps apply as to any import', () => {
	it('skip: a duplicate row is not created and the report names the customer it duplicates', async () => {
		await setImportMode('skip');
		const res = await importFile(enManager.token, csvText([['name', 'phone'], [`Other ${t}`, '+86 571 8765 4321']]), 'skip.csv', pool.id);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.data.rows).toEqual([{ row: 2, outcome: 'skipped', id: existing.id, name: `Other ${t}`, duplicate_of: { id: existing.id, name: existing.name }, match: 'phone', message: `Already exists as "${existing.name}" (same phone)` }]);
		expect(await customersNamed([`Other ${t}`])).toEqual([]);
	});

	it('merge: fills the existing customer’s empty fields and says which', async () => {
		await setImportMode('merge');
		const res = await importFile(enManager.token, csvText([['Company name', 'Contact', 'Phone'], [`Yuanyang ${t}`, 'Ms Zhou', '0571 8765 4321']]), 'merge.csv');
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.data.rows[0]).toMatchObject({ outcome: 'merged', id: existing.id, duplicate_of: { id: existing.id, name: existing.name } });
		expect(res.body.data.rows[0].message).toBe(`Merged into "${existing.name}": filled Contact`);
		expect((await customersNamed([existing.name]))[0].contact_name).toBe('Ms Zhou');
		await setImportMode('flag');
	});

	it('a manager names owners by e-mail or name; a row for a rep over the cap goes to the pool and says so', async () => {
		// the rep and the capped rep are both "Rep0 <tag>": a name two users share is refused, the e-mail works
		const rows = [
			['公司名称', '负责人', '阶段'],
			[`Owned ${t} 1`, `Rep1 ${t}`, ''],
			[`Owned ${t} 2`, cappedRep.email.toUpperCase(), ''],
			[`Owned ${t} 3`, 'nobody@example.org', ''],
			[`Owned ${t} 5`, `rep0   ${t}`, ''],
		];
		const res = await importFile(enManager.token, csvText(rows), 'owners.csv', pool.id);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		const data = res.body.data;
		expect(data.rows.map((r: any) => r.outcome)).toEqual(['created', 'created', 'refused', 'refused']);
		expect(data.rows[1].message).toBe(`Owner: Rep0 ${t}`);
		expect(data.rows[2].message).toBe('No user "nobody@example.org": give the owner\'s e-mail or full name');
		expect(data.rows[3].message).toBe(`Several users are called "rep0   ${t}": give the owner's e-mail`);
		const created = await customersNamed([`Owned ${t} 1`, `Owned ${t} 2`]);
		expect(created.map((c) => c.owner)).toEqual([outsider.id, cappedRep.id]);
		// the capped rep now holds 1 of 1 new customers: the next row for them goes to the pool
		const again = await importFile(enManager.token, csvText([['公司名称', '负责人'], [`Owned ${t} 4`, cappedRep.email]]), 'cap.csv', pool.id);
		expect(again.body.data.rows[0].message).toBe(`Rep0 ${t} is at the cap: the customer went to pool "${pool.name}"`);
		expect((await customersNamed([`Owned ${t} 4`]))[0]).toMatchObject({ owner: null, pool: pool.id });
	});
});


describe('what a rep may import', () => {
	it('into their own book: the rows are theirs', async () => {
		const res = await importFile(rep.token, csvText([['公司名称', '来源'], [`Rep book ${t}`, '展会名片']]), 'mine.csv');
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect((await customersNamed([`Rep book ${t}`]))[0]).toMatchObject({ owner: rep.id, source: 'trade_show' });
	});

	it('into a pool they are a member of: the rows are unowned there; not into another pool', async () => {
		const ok = await importFile(rep.token, csvText([['公司名称'], [`Rep pool ${t}`]]), 'pool.csv', pool.id);
		expect(ok.status).toBe(200);
		expect((await customersNamed([`Rep pool ${t}`]))[0]).toMatchObject({ owner: null, pool: pool.id });
		const no = await importFile(rep.token, csvText([['公司名称'], [`Rep other pool ${t}`]]), 'pool.csv', otherPool.id);
		expect(no.status).toBe(403);
		expect(no.body.errors[0].extensions.code).toBe('LEAD_POOL_NOT_MEMBER');
		expect(await customersNamed([`Rep other pool ${t}`])).toEqual([]);
	});

	it('never for another owner (that row is refused), and at most 500 rows', async () => {
		const res = await importFile(rep.token, csvText([['公司名称', '负责人'], [`Rep for other ${t}`, outsider.email], [`Rep self ${t}`, rep.email]]), 'x.csv');
		expect(res.body.data.rows.map((r: any) => r.outcome)).toEqual(['refused', 'created']);
		expect(res.body.data.rows[0].message).toMatch(/^A rep imports customers for themself only/);
		const long = csvText([['公司名称'], ...Array.from({ length: 501 }, (_, i) => [`Long ${t} ${i}`])]);
		const r = await importFile(rep.token, long, 'long.csv');
		expect(r.status).toBe(403);
		expect(r.body.errors[0].extensions.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect(r.body.errors[0].message).toBe('Importing more than 500 rows at a time is for sales managers and admins only.');
		expect(await customersNamed([`Long ${t} 0`])).toEqual([]);
	});
});

describe('the template', () => {
	it('has headers in both languages, drop-downs for source, tier, stage, region and industry, and instructions', async () => {
		const res = await download(zhManager.token, '/lead-pool/import/template.xlsx');
		expect(res.status).toBe(200);
		const wb = await workbookOf(res.buffer);
		expect(wb.worksheets.map((w) => w.name)).toEqual(['客户', 'Lists', '填写说明']);
		const ws = wb.worksheets[0]!;
		expect(sheetRows(ws)[0]).toEqual(['客户名称 Company name *', '联系人 Contact', '电话 Phone', '邮箱 Email', '国家 Country', '区域 Region', '行业 Industry', '来源渠道 Source channel', '客户等级 Tier', '阶段 Stage', '负责人 Owner', '备注 Notes']);
		const lists = wb.getWorksheet('Lists')!;
		expect(lists.state).toBe('hidden');
		const dv = (ws as any).dataValidations.model;
		const listOf = (address: string) => {
			const v = dv[address];
			const [, col, from, to] = /^Lists!\$([A-Z])\$(\d+):\$[A-Z]\$(\d+)$/.exec(v.formulae[0])!;
			return Array.from({ length: Number(to) - Number(from) + 1 }, (_, i) => lists.getCell(`${col}${Number(from) + i}`).value);
		};
		expect(dv['H2']).toMatchObject({ type: 'list', errorStyle: 'stop' });
		expect(listOf('H2')).toEqual(['展会名片', '阿里询盘', '官网询盘', '黄页搜索', '购买/交换名单', '转介绍', '手工录入']);
		expect(listOf('I5000')).toEqual(['A 重点', 'B 普通', 'C 一般']);
		expect(listOf('J2')).toEqual(['新线索', '意向客户', '成交客户']);
		expect(listOf('F2')).toContain('华东');
		expect(dv['F2'].errorStyle).toBe('warning');
		expect(listOf('G2')).toContain('机械');
		const help = sheetRows(wb.worksheets[2]!).flat();
		expect(help).toContain('如何导入客户');
		expect(help).toContain('trade_show');
		const en = await workbookOf((await download(enManager.token, '/lead-pool/import/template.xlsx')).buffer);
		expect(sheetRows(en.worksheets[0]!)[0]![0]).toBe('Company name 客户名称 *');
	});

	it('imports back when filled in', async () => {
		const wb = await workbookOf((await download(zhManager.token, '/lead-pool/import/template.xlsx')).buffer);
		wb.worksheets[0]!.addRow([`模板${t}客户`, '周九', '13600002222', '', '', '华西', '食品', '转介绍', 'B 普通', '意向客户', '', '样品已寄']);
		const res = await importFile(zhManager.token, Buffer.from(await wb.xlsx.writeBuffer()), 'template.xlsx', pool.id);
		expect(res.status, JSON.stringify(res.body)).toBe(200);
		expect(res.body.data.ignored_columns).toEqual([]);
		expect((await customersNamed([`模板${t}客户`]))[0]).toMatchObject({ contact_name: '周九', region: 'West China', industry: 'Food', source: 'referral', tier: 'B', stage: 'prospect' });
	});
});

describe('the export, for managers', () => {
	const filter = () => encodeURIComponent(JSON.stringify({ pool: { _eq: pool.id }, name: { _contains: '华鑫' } }));

	it('gives the customers a filter selects with labels in Chinese, owner and pool by name', async () => {
		const res = await download(zhManager.token, `/lead-pool/export.xlsx?filter=${filter()}`);
		expect(res.status).toBe(200);
		const rows = sheetRows((await workbookOf(res.buffer)).worksheets[0]!);
		expect(rows[0]).toEqual(['客户名称', '联系人', '电话', '邮箱', '国家', '区域', '行业', '来源渠道', '客户等级', '阶段', '负责人', '公海', '最近联系', '距上次联系天数', '创建时间', '备注']);
		expect(rows).toHaveLength(2);
		expect(rows[1]!.slice(0, 12)).toEqual([`上海华鑫${t}机械有限公司`, '王强', '13812345678', `wang@huaxin${t}.cn`, undefined, '华东', '机械', '展会名片', 'A 重点', '新线索', undefined, pool.name]);
		expect(rows[1]![14]).toBeInstanceOf(Date);
	});

	it('in English for an English-speaking manager, owner by name', async () => {
		const q = encodeURIComponent(JSON.stringify({ name: { _eq: `Owned ${t} 1` } }));
		const rows = sheetRows((await workbookOf((await download(enManager.token, `/lead-pool/export.xlsx?filter=${q}`)).buffer)).worksheets[0]!);
		expect(rows[0]!.slice(0, 3)).toEqual(['Company name', 'Contact', 'Phone']);
		expect(rows[1]!.slice(7, 12)).toEqual(['Entered by hand', 'C (low)', 'New', `Rep1 ${t}`, pool.name]);
	});

	it('is for managers and admins only; a bad filter is a 400', async () => {
		const r = await download(rep.token, '/lead-pool/export.xlsx');
		expect(r.status).toBe(403);
		expect(r.json().errors[0].extensions.code).toBe('LEAD_POOL_MANAGERS_ONLY');
		expect((await download(f.adminToken, `/lead-pool/export.xlsx?filter=${filter()}`)).status).toBe(200);
		const bad = await download(enManager.token, '/lead-pool/export.xlsx?filter=%7Bnot-json');
		expect(bad.status).toBe(400);
		const unknown = await download(enManager.token, `/lead-pool/export.xlsx?filter=${encodeURIComponent('{"nope":{"_eq":1}}')}`);
		expect(unknown.status).toBeGreaterThanOrEqual(400);
		expect(unknown.status).toBeLessThan(500);
	});
});

describe('a bad file gets a clear 4xx, never a 500', () => {
	const expectRefused = (res: { status: number; body: any }, status: number, message: RegExp) => {
		expect(res.status, JSON.stringify(res.body)).toBe(status);
		expect(res.body.errors[0].message).toMatch(message);
	};

	it('not a spreadsheet, an old .xls, a zip that is no workbook, empty, no header, no file', async () => {
		expectRefused(await importFile(enManager.token, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'logo.png'), 415, /not a spreadsheet/);
		expectRefused(await importFile(enManager.token, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'old.xls'), 415, /\.xls/);
		expectRefused(await importFile(enManager.token, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(2000)]), 'broken.xlsx'), 400, /cannot be read/);
		expectRefused(await importFile(enManager.token, Buffer.alloc(0), 'empty.csv'), 400, /empty/);
		expectRefused(await importFile(enManager.token, '\r\n\r\n', 'blank.csv'), 400, /empty/);
		expectRefused(await importFile(enManager.token, 'foo,bar\n1,2\n', 'x.csv'), 400, /No company-name column found.*foo, bar/);
		expectRefused(await importFile(enManager.token, csvText([['公司名称']]), 'header-only.csv'), 400, /no customer rows/);
		expectRefused(await importFile(enManager.token, csvText([['公司名称'], ['x']]), 'x.csv', 99999999), 400, /Pool 99999999 does not exist/);
		expectRefused(await importFile(enManager.token, csvText([['公司名称'], ['x']]), 'x.csv', 'east'), 400, /"pool" must be the id of a pool/);
		const json = await h.http(enManager.token, 'POST', '/lead-pool/import', { file: 'x' });
		expectRefused(json, 400, /multipart\/form-data/);
	});

	it('speaks Chinese to a Chinese-speaking manager', async () => {
		expectRefused(await importFile(zhManager.token, Buffer.alloc(0), 'empty.csv'), 400, /文件是空的/);
	});

	it('a 50 MB file is refused with 413 and nothing is imported', async () => {
		const big = Buffer.alloc(50 * 1024 * 1024, 'a');
		expectRefused(await importFile(enManager.token, big, 'huge.csv'), 413, /larger than 20 MB/);
		// the instance still answers
		expect((await h.http(enManager.token, 'GET', '/lead-pool/status')).status).toBe(200);
	});

	it('nobody imports or downloads without signing in', async () => {
		expect((await importFile(null, csvText([['公司名称'], ['x']]), 'x.csv')).status).toBe(403);
		expect((await fetch(`${h.url}/lead-pool/import/template.xlsx`)).status).toBe(403);
		expect((await fetch(`${h.url}/lead-pool/export.xlsx`)).status).toBe(403);
	});
});
