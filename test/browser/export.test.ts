import { updateUser } from '@directus/sdk';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { FIELD_LABELS, SOURCES } from '../../extensions/lead-pool/src/core/labels';
import { exportHeaders } from '../../extensions/lead-pool/src/core/spreadsheet';
import { fixtures } from '../harness/fixtures';
import { launch, setLanguage, shot, signIn, studioUser } from './studio';

/**
 * A sales manager exports the customers a filter selects to .xlsx, in English, Simplified and Traditional Chinese:
 * builds the filter with Directus's own filter builder on the Pool reports dashboard (company name contains the
 * trade show's tag, the builder's default operator for text), presses Export, and gets a spreadsheet of exactly those customers with the header row and the
 * choices (source) in their language.
 */
const f = fixtures();
const { h } = f;
let browser: Browser;
let page: Page;
let manager: Awaited<ReturnType<typeof studioUser>>;
const tag = `广交会${f.tag}`;

beforeAll(async () => {
	manager = await studioUser('manager', { first_name: 'Lin', last_name: 'Export' });
	const pool = await f.makePool({ name: `Export pool ${f.tag}`, claim_policy: 'assigned_only' });
	await f.makeCustomers(3, { pool: pool.id, name: `${tag} 机械`, source: 'trade_show' });
	// not selected by the filter: another show's customers
	await f.makeCustomers(2, { pool: pool.id, name: `其他展会 ${f.tag}`, source: 'trade_show' });
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
	await signIn(page, manager.email, manager.password);
}, 120_000);

afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-export-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await h.admin.request(updateUser(manager.id, { status: 'suspended' } as any)).catch(() => undefined);
});

async function rowsOf(buffer: Buffer) {
	const wb = new ExcelJS.Workbook();
	await wb.xlsx.load(buffer as any);
	const rows: unknown[][] = [];
	wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
	return rows;
}

describe('a manager exports the customers a filter selects', () => {
	for (const language of ['en-US', 'zh-CN', 'zh-TW'] as const) {
		it(`in ${language}: filters by company name, exports, and reads the spreadsheet in their language`, async () => {
			await setLanguage(manager.id, language);
			await page.goto(`${h.url}/admin/insights/${ids.dashboard.reports}`);
			const panel = page.locator('[data-testid="lead-pool-export"]');
			await panel.waitFor({ timeout: 30_000 });
			await panel.scrollIntoViewIfNeeded();
			// Directus's filter builder: add a filter on the company name, "contains" the tag
			await panel.locator('button.add-filter').click();
			await page.locator('.v-list-item', { hasText: FIELD_LABELS['crm_customers']!['name']!.label[language] }).first().click();
			// the filter row: the field, its operator ("contains" by default for text) and the value typed in place
			const value = panel.locator('.system-filter .node.field .header input[type="text"]').first();
			await value.fill(tag);
			await shot(page, `export-${language.toLowerCase()}-filter`);
			const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), panel.locator('[data-testid="lead-pool-export-run"]').click()]);
			const chunks: Buffer[] = [];
			for await (const chunk of (await download.createReadStream()) as AsyncIterable<Buffer>) chunks.push(chunk);
			expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
			const rows = await rowsOf(Buffer.concat(chunks));
			expect(rows[0]).toEqual(exportHeaders(language));
			const body = rows.slice(1);
			// equals or contains: either way only this show's three customers
			expect(body.every((r) => String(r[0]).startsWith(tag))).toBe(true);
			expect(body).toHaveLength(3);
			const source = exportHeaders(language).indexOf(FIELD_LABELS['crm_customers']!['source']!.label[language]);
			expect(source).toBeGreaterThan(0);
			expect(body.every((r) => r[source] === SOURCES.trade_show[language])).toBe(true);
		});
	}
});
