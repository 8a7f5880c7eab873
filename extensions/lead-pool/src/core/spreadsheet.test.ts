import { describe, expect, it } from 'vitest';
import {
	cellText,
	choiceKey,
	exportHeaders,
	exportRow,
	fieldForHeader,
	importRefusal,
	IMPORT_FIELDS,
	mapHeaders,
	outcomeMessage,
	problemMessage,
	readRow,
	reportSheet,
	templateHeaders,
	templateInstructions,
	templateLists,
} from './spreadsheet';

describe('headers name fields in any of the three languages', () => {
	it('reads the trade-show list’s Chinese headers', () => {
		const map = mapHeaders(['公司名称', '联系人', '电话', '邮箱', '地区', '来源', '行业', '等级']);
		expect(map.fields).toEqual(['name', 'contact_name', 'phone', 'email', 'region', 'source', 'industry', 'tier']);
		expect(map.ignored).toEqual([]);
	});

	it('reads field keys, English labels and Traditional Chinese, without regard to case, width or spaces', () => {
		expect(fieldForHeader('contact_name')).toBe('contact_name');
		expect(fieldForHeader('  COMPANY   NAME ')).toBe('name');
		expect(fieldForHeader('Ｅｍａｉｌ')).toBe('email');
		expect(fieldForHeader('公司名稱')).toBe('name');
		expect(fieldForHeader('聯絡人')).toBe('contact_name');
		// a Traditional spelling the catalogue does not list reads as its Simplified form
		expect(fieldForHeader('來源渠道')).toBe('source');
		expect(fieldForHeader('E-mail')).toBe('email');
	});

	it('reads the template’s bilingual headers back, in either order', () => {
		for (const lang of ['en-US', 'zh-CN', 'zh-TW'] as const) expect(mapHeaders(templateHeaders(lang)).fields).toEqual([...IMPORT_FIELDS]);
		expect(fieldForHeader('Company name 公司名称')).toBe('name');
	});

	it('ignores columns it does not know, export-only columns and a second column of the same field', () => {
		const map = mapHeaders(['Company', 'Fax', '公海', '最近联系', 'Company name', '']);
		expect(map.fields).toEqual(['name', null, null, null, null, null]);
		expect(map.ignored).toEqual(['Fax', '公海', '最近联系', 'Company name']);
	});

	it('does not read a header that only starts like a field', () => {
		expect(fieldForHeader('Phone 2')).toBeNull();
		expect(fieldForHeader('Company names and more')).toBeNull();
	});
});

describe('values by their labels', () => {
	it('turns choice labels of every language, and keys, into keys', () => {
		expect(choiceKey('source', '展会名片')).toBe('trade_show');
		expect(choiceKey('source', '展會名片')).toBe('trade_show');
		expect(choiceKey('source', 'Trade show card')).toBe('trade_show');
		expect(choiceKey('source', 'trade_show')).toBe('trade_show');
		expect(choiceKey('source', 'TRADE SHOW')).toBe('trade_show');
		expect(choiceKey('region', '华东')).toBe('East China');
		expect(choiceKey('region', '華東')).toBe('East China');
		expect(choiceKey('industry', '机械')).toBe('Machinery');
		expect(choiceKey('tier', 'A 重点')).toBe('A');
		expect(choiceKey('tier', 'a')).toBe('A');
		expect(choiceKey('stage', '意向客户')).toBe('prospect');
		expect(choiceKey('source', '路边')).toBeUndefined();
	});
});

describe('a row is read or refused with reasons', () => {
	const columns = mapHeaders(['公司名称', '联系人', '电话', '邮箱', '地区', '来源', '行业', '等级', '负责人', '备注']);

	it('reads a full row to keys', () => {
		const r = readRow(['  上海华鑫机械有限公司 ', '王强', '13812345678', 'wang@huaxin.cn', '华东', '展会名片', '机械', 'A 重点', 'rep1@example.com', '广交会'], columns);
		expect(r.problems).toEqual([]);
		expect(r.ownerRef).toBe('rep1@example.com');
		expect(r.payload).toEqual({ name: '上海华鑫机械有限公司', contact_name: '王强', phone: '13812345678', email: 'wang@huaxin.cn', region: 'East China', source: 'trade_show', industry: 'Machinery', tier: 'A', notes: '广交会' });
	});

	it('keeps a region or industry outside the list as typed, but refuses an unknown source, tier or stage', () => {
		const r = readRow(['Acme', '', '', '', 'Hebei', '路边', 'Toys', 'Z'], columns);
		expect(r.payload).toEqual({ name: 'Acme', region: 'Hebei', industry: 'Toys' });
		expect(r.problems).toEqual([
			{ code: 'unknown_choice', field: 'source', value: '路边' },
			{ code: 'unknown_choice', field: 'tier', value: 'Z' },
		]);
		expect(problemMessage(r.problems[0]!, 'zh-CN')).toBe('「路边」不是有效的来源渠道，可选：展会名片、阿里询盘、官网询盘、黄页搜索、购买/交换名单、转介绍、手工录入');
		expect(problemMessage(r.problems[1]!, 'en-US')).toBe('"Z" is not a tier; use one of: A (key), B (normal), C (low)');
	});

	it('refuses a row without a name, with a bad e-mail, or with an over-long value', () => {
		expect(readRow(['', '王强'], columns).problems).toEqual([{ code: 'name_missing' }]);
		expect(readRow(['Acme', '', '', 'not-an-email'], columns).problems).toEqual([{ code: 'bad_email', value: 'not-an-email' }]);
		expect(readRow(['Acme', '', '', 'a@x.com; b@y.cn'], columns).problems).toEqual([]);
		expect(readRow(['x'.repeat(256)], columns).problems).toEqual([{ code: 'too_long', field: 'name', max: 255 }]);
		// the field rules' lengths: a phone takes 64 characters
		expect(readRow(['Acme', '', '1'.repeat(65)], columns).problems).toEqual([{ code: 'too_long', field: 'phone', max: 64 }]);
		expect(problemMessage({ code: 'name_missing' }, 'zh-TW')).toBe('客戶名稱為空');
	});
});

describe('cells as text', () => {
	it('reads numbers without exponent, dates, rich text, hyperlinks and formula results', () => {
		expect(cellText(13812345678)).toBe('13812345678');
		expect(cellText(8613812345678)).toBe('8613812345678');
		expect(cellText(new Date('2026-03-01T00:00:00Z'))).toBe('2026-03-01');
		expect(cellText({ richText: [{ text: '上海' }, { text: '华鑫' }] })).toBe('上海华鑫');
		expect(cellText({ text: 'wang@huaxin.cn', hyperlink: 'mailto:wang@huaxin.cn' })).toBe('wang@huaxin.cn');
		expect(cellText({ formula: 'A1', result: 'Acme' })).toBe('Acme');
		expect(cellText({ error: '#N/A' })).toBe('');
		expect(cellText(null)).toBe('');
	});
});

describe('what a rep may import', () => {
	const pool = { id: 7, name: 'East', status: 'active' };
	it('lets a rep import a short list into their own book or a pool they are a member of', () => {
		expect(importRefusal({ kind: 'rep', rows: 20, pool: null, memberPools: [] })).toBeNull();
		expect(importRefusal({ kind: 'rep', rows: 20, pool, memberPools: [7] })).toBeNull();
	});
	it('refuses a rep a pool they are not a member of, and a long list', () => {
		expect(importRefusal({ kind: 'rep', rows: 20, pool, memberPools: [3] })).toMatchObject({ code: 'LEAD_POOL_NOT_MEMBER', params: { pool: 'East' } });
		expect(importRefusal({ kind: 'rep', rows: 501, pool: null, memberPools: [] })).toMatchObject({ code: 'LEAD_POOL_MANAGERS_ONLY' });
	});
	it('lets managers import long lists into any active pool, but not into a disabled pool, nor an empty list', () => {
		expect(importRefusal({ kind: 'manager', rows: 10_000, pool, memberPools: [] })).toBeNull();
		expect(importRefusal({ kind: 'manager', rows: 5, pool: { ...pool, status: 'disabled' }, memberPools: [] })).toMatchObject({ code: 'INVALID_PAYLOAD' });
		expect(importRefusal({ kind: 'admin', rows: 0, pool: null, memberPools: [] })).toMatchObject({ code: 'INVALID_PAYLOAD' });
	});
});

describe('the import report speaks the reader’s language and names duplicates by name', () => {
	it('says whom a row duplicates, what a merge filled and where an over-cap row went', () => {
		const dup = { id: 9, name: '上海华鑫机械有限公司' };
		expect(outcomeMessage({ outcome: 'flagged', duplicate_of: dup, match: 'phone' }, 'zh-CN')).toBe('疑似与「上海华鑫机械有限公司」重复（电话相同）');
		expect(outcomeMessage({ outcome: 'skipped', duplicate_of: dup, match: 'name' }, 'en-US')).toBe('Already exists as "上海华鑫机械有限公司" (same company name)');
		expect(outcomeMessage({ outcome: 'merged', duplicate_of: dup, match: 'email', filled: ['contact_name', 'phone'] }, 'en-US')).toBe('Merged into "上海华鑫机械有限公司": filled Contact, Phone');
		expect(outcomeMessage({ outcome: 'created', duplicate_of: null, match: null, over_cap: { owner: 'Rep One', pool: 'East' } }, 'en-US')).toBe('Rep One is at the cap: the customer went to pool "East"');
		const sheet = reportSheet([{ row: 2, outcome: 'flagged', id: 12, name: 'Huaxin', duplicate_of: dup, match: 'phone', message: 'x' }], 'zh-TW');
		expect(sheet.header).toEqual(['行號', '客戶名稱', '結果', '客戶編號', '重複於', '說明']);
		expect(sheet.rows[0]).toEqual([2, 'Huaxin', '已新建，標記為疑似重複', 12, '上海华鑫机械有限公司 (#9)', 'x']);
	});
});

describe('template and export', () => {
	it('offers drop-downs for source, tier, stage, region and industry in the reader’s language', () => {
		const lists = templateLists('zh-CN');
		expect(lists.map((l) => l.field)).toEqual(['region', 'industry', 'source', 'tier', 'stage']);
		expect(lists.find((l) => l.field === 'source')!.labels).toContain('展会名片');
		expect(lists.find((l) => l.field === 'region')!.strict).toBe(false);
		expect(templateInstructions('zh-CN').flat()).toContain('展会名片');
	});

	it('exports choices as labels, owner and pool by name, and its headers import back', () => {
		const row = exportRow(
			{ name: 'Acme', contact_name: null, phone: '1', email: null, country: 'CN', region: 'East China', industry: 'Toys', source: 'trade_show', tier: 'A', stage: 'prospect', owner: 'Rep One', pool: 'East', notes: null, last_contact_at: null, days_since_contact: '12/7', date_created: null },
			'zh-CN',
		);
		expect(row.slice(0, 11)).toEqual(['Acme', null, '1', null, 'CN', '华东', 'Toys', '展会名片', 'A 重点', '意向客户', 'Rep One']);
		// days since last contact: counted when read, exported beside the last contact, named in the reader's language
		expect(row[exportHeaders('zh-CN').indexOf('距上次联系天数')]).toBe('12/7');
		expect(exportHeaders('zh-TW')).toContain('距上次聯絡天數');
		expect(exportHeaders('en-US')).toContain('Days since last contact');
		for (const lang of ['en-US', 'zh-CN', 'zh-TW'] as const) {
			const map = mapHeaders(exportHeaders(lang));
			expect(map.fields.filter(Boolean)).toEqual([...IMPORT_FIELDS.filter((f) => f !== 'notes'), 'notes']);
			expect(exportHeaders(lang)).not.toContain('days_since_contact');
		}
	});
});
