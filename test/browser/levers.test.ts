import { readItem, updateUser } from '@directus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fixtures } from '../harness/fixtures';
import { launch, navItem, setLanguage, shot, signIn, studioUser } from './studio';

/**
 * Where customers go, in the studio: a rep releases a customer into a pool of their choice from the form (the
 * customer's own pool by default), and a manager moves unowned customers between pools from the list with
 * "Move to pool" — in English and in Simplified Chinese, one language at a time.
 */
const f = fixtures();
const { h } = f;
let browser: Browser;
let page: Page;
let rep: Awaited<ReturnType<typeof studioUser>>;
let manager: Awaited<ReturnType<typeof studioUser>>;
let home: { id: number; name: string };
let elsewhere: { id: number; name: string };
let keeping: { id: number; name: string };
const poolOf = async (id: number) => ((await h.admin.request(readItem('crm_customers', id, { fields: ['pool', 'owner'] }))) as any) as { pool: number; owner: string | null };

beforeAll(async () => {
	rep = await studioUser('rep', { first_name: 'Lin', last_name: 'Levers' });
	manager = await studioUser('manager', { first_name: 'Mei', last_name: 'Levers' });
	home = await f.makePool({ name: `Home pool ${f.tag}`, members: [{ user: rep.id }] });
	elsewhere = await f.makePool({ name: `Export pool ${f.tag}`, members: [{ user: rep.id }] });
	keeping = await f.makePool({ name: `Keeping pool ${f.tag}`, members: [{ user: rep.id }], release_elsewhere: false });
	browser = await launch();
}, 120_000);

afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-levers-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	// free the studio seats for the next file (Directus 12 Core allows three)
	for (const user of [rep, manager]) if (user) await h.admin.request(updateUser(user.id, { status: 'suspended' } as any)).catch(() => undefined);
});

async function openCustomer(id: number) {
	await page.goto(`${h.url}/admin/content/crm_customers/${id}`);
	await page.locator('.lead-pool-ownership').waitFor({ timeout: 30_000 });
}

describe('a rep releases into a pool of their choice', () => {
	beforeAll(async () => {
		page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		await signIn(page, rep.email, rep.password);
	});
	afterAll(async () => {
		await page?.close();
		await setLanguage(rep.id, 'en-US');
	});

	it('picks another of their pools; the customer’s own pool is the default', async () => {
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: home.id, name: `Release pick ${f.tag}` });
		await openCustomer(id!);
		const panel = page.locator('.lead-pool-ownership');
		const picker = panel.locator('select.release-to');
		await picker.waitFor({ timeout: 30_000 });
		expect(await picker.getAttribute('aria-label')).toBe('Release into');
		// the customer's own pool first and picked
		await expect.poll(async () => picker.locator('option:checked').innerText()).toBe(`${home.name} (its pool)`);
		const options = await picker.locator('option').allInnerTexts();
		expect(options).toContain(elsewhere.name);
		expect(options).not.toContain(keeping.name + ' (its pool)');
		await picker.selectOption({ label: elsewhere.name });
		await panel.getByPlaceholder('Why? (required)', { exact: true }).fill('Export customer, not ours');
		await shot(page, 'levers-1-release-pick-en');
		await panel.getByRole('button', { name: 'Release to the pool' }).click();
		await panel.getByText(`Released into ${elsewhere.name}`, { exact: true }).waitFor({ timeout: 30_000 });
		await shot(page, 'levers-2-released-into-en');
		expect(await poolOf(id!)).toEqual({ pool: elsewhere.id, owner: null });
	});

	it('in Simplified Chinese: the picker speaks Chinese; a customer of a pool that keeps its customers offers only that pool', async () => {
		await setLanguage(rep.id, 'zh-CN');
		const [id] = await f.makeCustomers(1, { owner: rep.id, pool: home.id, name: `Release default ${f.tag}` });
		await openCustomer(id!);
		const panel = page.locator('.lead-pool-ownership');
		const picker = panel.locator('select.release-to');
		await picker.waitFor({ timeout: 30_000 });
		expect(await picker.getAttribute('aria-label')).toBe('放回到');
		await expect.poll(async () => picker.locator('option:checked').innerText()).toBe(`${home.name}（原公海）`);
		await panel.getByPlaceholder('放回原因（必填）', { exact: true }).fill('客户暂无需求');
		await shot(page, 'levers-3-release-default-zh');
		await panel.getByRole('button', { name: '放回公海' }).click();
		await panel.getByText('已放回公海', { exact: true }).waitFor({ timeout: 30_000 });
		await shot(page, 'levers-4-released-zh');
		expect(await poolOf(id!)).toEqual({ pool: home.id, owner: null });
		// out of a pool that keeps its customers there is no choice: no picker, the plain release
		const [kept] = await f.makeCustomers(1, { owner: rep.id, pool: keeping.id, name: `Kept ${f.tag}` });
		await openCustomer(kept!);
		await panel.getByRole('button', { name: '放回公海' }).waitFor({ timeout: 30_000 });
		await page.waitForLoadState('networkidle');
		expect(await panel.locator('select.release-to').count()).toBe(0);
	});
});

describe('a manager moves unowned customers between pools from the list', () => {
	beforeAll(async () => {
		page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
		await signIn(page, manager.email, manager.password);
	});
	afterAll(async () => {
		await page?.close();
		await setLanguage(manager.id, 'en-US');
	});

	async function selectRows(prefix: string, count: number) {
		await page.goto(`${h.url}/admin/content/crm_customers`);
		await navItem(page, { 'en-US': 'Pool', 'zh-CN': '公海' }[await language()]!).click();
		await page.waitForLoadState('networkidle');
		for (let i = 0; i < count; i++) {
			const box = page.locator('.table-row', { hasText: prefix }).nth(i).locator('.v-checkbox').first();
			await box.waitFor({ timeout: 30_000 });
			await expect.poll(async () => {
				if ((await box.getAttribute('aria-pressed')) !== 'true') await box.click();
				return box.getAttribute('aria-pressed');
			}, { timeout: 15_000 }).toBe('true');
		}
	}
	let lang: 'en-US' | 'zh-CN' = 'en-US';
	const language = async () => lang;

	async function runMove(words: { flows: string; button: string; confirm: string; run: RegExp }, to: string, reason: string) {
		if (!(await page.getByRole('button', { name: words.button }).isVisible())) await page.getByText(words.flows, { exact: true }).first().click();
		await page.getByRole('button', { name: words.button }).click();
		await page.getByText(words.confirm).waitFor({ timeout: 30_000 });
		const picker = page.locator('.lead-pool-pool-picker');
		await expect.poll(async () => picker.locator('option', { hasText: to }).count(), { timeout: 15_000 }).toBe(1);
		await picker.selectOption({ label: to });
		await page.locator('#dialog-outlet input').last().fill(reason);
	}

	it('selects rows, picks the pool and a reason, and they move', async () => {
		const moving = await f.makeCustomers(2, { pool: home.id, name: `Move me ${f.tag}` });
		await selectRows(`Move me ${f.tag}`, 2);
		await runMove({ flows: 'Flows', button: 'Move to pool', confirm: 'Move the selected customers to a pool', run: /Run Flow/ }, elsewhere.name, 'Export customers go to the export pool');
		await shot(page, 'levers-5-move-dialog-en');
		await page.getByRole('button', { name: /Run Flow/ }).click();
		await expect.poll(async () => (await poolOf(moving[1]!)).pool, { timeout: 30_000 }).toBe(elsewhere.id);
		expect((await poolOf(moving[0]!)).pool).toBe(elsewhere.id);
		await page.reload();
		await page.locator('.table-row').first().waitFor({ timeout: 30_000 });
		await shot(page, 'levers-6-moved-en');
	});

	it('in Simplified Chinese', async () => {
		lang = 'zh-CN';
		await setLanguage(manager.id, 'zh-CN');
		const moving = await f.makeCustomers(1, { pool: home.id, name: `移动 ${f.tag}` });
		await selectRows(`移动 ${f.tag}`, 1);
		await runMove({ flows: '流程', button: '移到公海', confirm: '将所选客户移到公海', run: /上运行|运行流程/ }, elsewhere.name, '出口客户转到出口公海');
		await shot(page, 'levers-7-move-dialog-zh');
		await page.getByRole('button', { name: /上运行|运行流程/ }).click();
		await expect.poll(async () => (await poolOf(moving[0]!)).pool, { timeout: 30_000 }).toBe(elsewhere.id);
		await page.reload();
		await page.locator('.table-row').first().waitFor({ timeout: 30_000 });
		await shot(page, 'levers-8-moved-zh');
	});
});
