import { updateUser } from '@directus/sdk';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { fixtures } from '../harness/fixtures';
import { launch, setLanguage, shot, signIn, studioUser } from './studio';

/**
 * A sales manager imports a trade-show list in the studio, in English, Simplified and Traditional Chinese: picks a
 * real .xlsx and a pool on the Pool reports dashboard's "Import spreadsheet" panel, reads the per-row report in
 * their language, downloads it and the template as spreadsheets.
 */
const f = fixtures();
const { h } = f;
let browser: Browser;
let page: Page;
let manager: Awaited<ReturnType<typeof studioUser>>;
let pool: { id: number; name: string };

beforeAll(async () => {
	manager = await studioUser('manager', { first_name: 'Lin', last_name: 'Import' });
	pool = await f.makePool({ name: `Trade show ${f.tag}`, claim_policy: 'assigned_only' });
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
	await signIn(page, manager.email, manager.password);
}, 120_000);

afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-import-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await h.admin.request(updateUser(manager.id, { status: 'suspended' } as any)).catch(() => undefined);
});

async function tradeShowList(suffix: string, n: number) {
	const wb = new ExcelJS.Workbook();
	const ws = wb.addWorksheet('名片');
	ws.addRow(['公司名称', '联系人', '电话', '邮箱', '地区', '来源', '行业', '等级']);
	ws.addRow([`上海华鑫${suffix}机械`, '王强', 13812345670 + n, `wang@${suffix}.cn`, '华东', '展会名片', '机械', 'A 重点']);
	ws.addRow([`深圳${suffix}电子`, '李娜', `+86 755 8888 123${n}`, '', '华南', '官网询盘', '电子', 'B']);
	ws.addRow(['', '张三', '13900000000', '', '华北', '展会名片', '', '']);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

async function rowsOf(buffer: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as any);
	const rows: unknown[][] = [];
	wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
	return { names: wb.worksheets.map((w) => w.name), rows };
}

async function downloadOf(click: () => Promise<void>) {
	const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()]);
	const chunks: Buffer[] = [];
	for await (const chunk of (await download.createReadStream()) as AsyncIterable<Buffer>) chunks.push(chunk);
	return { filename: download.suggestedFilename(), buffer: Buffer.concat(chunks) };
}

const LANGUAGES = [
	{ code: 'en-US', created: 'Created: 2', refused: 'Refused: 1', empty: 'The company name is empty', reportHeader: 'Row', templateSheet: 'Customers', templateHeader: 'Company name 客户名称 *' },
	{ code: 'zh-CN', created: '已新建: 2', refused: '未导入: 1', empty: '客户名称为空', reportHeader: '行号', templateSheet: '客户', templateHeader: '客户名称 Company name *' },
	{ code: 'zh-TW', created: '已新建: 2', refused: '未匯入: 1', empty: '客戶名稱為空', reportHeader: '行號', templateSheet: '客戶', templateHeader: '客戶名稱 Company name *' },
];

describe('a manager imports a spreadsheet in the studio', () => {
	for (const [i, lang] of LANGUAGES.entries()) {
		it(`in ${lang.code}: picks the file and the pool, reads the report, downloads it and the template`, async () => {
			await setLanguage(manager.id, lang.code);
			await page.goto(`${h.url}/admin/insights/${ids.dashboard.reports}`);
			const panel = page.locator('[data-testid="lead-pool-import"]');
			await panel.waitFor({ timeout: 30_000 });
			await panel.scrollIntoViewIfNeeded();
			const suffix = `${f.tag}${i}`;
			await panel.locator('[data-testid="lead-pool-import-file"]').setInputFiles({ name: '广交会名片.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await tradeShowList(suffix, i) });
			await panel.locator('[data-testid="lead-pool-import-pool"]').selectOption(String(pool.id));
			await panel.locator('[data-testid="lead-pool-import-run"]').click();
			const report = panel.locator('[data-testid="lead-pool-import-report"]');
			await report.waitFor({ timeout: 60_000 });
			await report.getByText(lang.created).waitFor();
			await report.getByText(lang.refused).waitFor();
			await report.getByText(lang.empty).waitFor();
			await report.getByRole('link', { name: `上海华鑫${suffix}机械` }).waitFor();
			await shot(page, `import-${lang.code}-report`);

			const downloaded = await downloadOf(() => panel.locator('[data-testid="lead-pool-import-download-report"]').click());
			expect(downloaded.filename).toMatch(/^import-report-.*\.xlsx$/);
			const reportRows = (await rowsOf(downloaded.buffer)).rows;
			expect(reportRows[0]![0]).toBe(lang.reportHeader);
			expect(reportRows).toHaveLength(4);
			expect(reportRows[3]![5]).toBe(lang.empty);

			const template = await downloadOf(() => panel.locator('[data-testid="lead-pool-import-template"]').click());
			const t = await rowsOf(template.buffer);
			expect(t.names[0]).toBe(lang.templateSheet);
			expect(t.rows[0]![0]).toBe(lang.templateHeader);
		});
	}
});
