import { updateUser } from '@directus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { fixtures } from '../harness/fixtures';
import { launch, setLanguage, shot, signIn, studioUser } from './studio';

/**
 * The duplicate check in the studio, as a rep: the "Lead Pool" dashboard's panel lists customers of pools and owners
 * the rep cannot open; "Add customer" opens the customer form with the name filled in; the form warns about
 * similar customers while typing; the same in Simplified Chinese.
 */
const f = fixtures();
const { h } = f;
const word = `Nebula${f.tag.replace(/\d/g, 'x')}`;
let browser: Browser;
let page: Page;
let rep: Awaited<ReturnType<typeof studioUser>>;
let hiddenPool: { id: number; name: string };

beforeAll(async () => {
	rep = await studioUser('rep');
	const [other] = (await f.makeReps(1)) as any;
	hiddenPool = await f.makePool({ name: `Hidden pool ${f.tag}`, members: [{ user: other.id }] });
	await f.makeCustomers(1, { name: `${word} Trading Co., Ltd.`, pool: hiddenPool.id, owner: other.id, phone: '+86 138 0000 4321' });
	await f.makeCustomers(1, { name: `Big ${word} Imports`, pool: hiddenPool.id });
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
	await signIn(page, rep.email, rep.password);
}, 120_000);

// a failed step leaves a screenshot of what the browser showed
afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-duplicates-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	// free the studio seat for the next file (Directus 12 Core allows three)
	await h.admin.request(updateUser(rep.id, { status: 'suspended' } as any)).catch(() => undefined);
});

const panel = () => page.locator('[data-testid="lead-pool-duplicates"]');

describe('the duplicate check panel, as a rep', () => {
	it('lists matching customers of every pool with owner or pool, best first, as the rep types', async () => {
		await page.goto(`${h.url}/admin/insights/${ids.dashboard.lead_pool}`);
		const input = panel().locator('input[type="search"]');
		await input.waitFor({ timeout: 30_000 });
		await input.focus();
		await page.keyboard.type(word.toLowerCase(), { delay: 30 });
		const hits = panel().locator('a.hit');
		await expect.poll(async () => hits.count(), { timeout: 15_000 }).toBe(2);
		const first = await hits.nth(0).innerText();
		expect(first).toContain(`${word} Trading Co., Ltd.`);
		expect(first).toContain('Owner: Rep0');
		expect(await hits.nth(1).innerText()).toContain(`In pool: Hidden pool ${f.tag}`);
		// keyboard: arrow down moves from the box to the first hit
		await page.keyboard.press('ArrowDown');
		expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain(`${word} Trading`);
		await shot(page, 'duplicates-1-panel-hits');
	});

	it('offers "Add customer" when nothing matches, and it opens the form with the name filled in', async () => {
		const input = panel().locator('input[type="search"]');
		await input.fill('');
		await input.focus();
		const fresh = `Quasar ${word} Foods`;
		await page.keyboard.type(fresh, { delay: 20 });
		await panel().getByText(`No customer matches "${fresh}".`).waitFor({ timeout: 15_000 });
		await shot(page, 'duplicates-2-no-match');
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/admin\/content\/crm_customers\/\+/, { timeout: 15_000 });
		const name = page.locator('[data-field="name"] input, .field[data-field="name"] input').first();
		await expect.poll(async () => name.inputValue(), { timeout: 15_000 }).toBe(fresh);
		await shot(page, 'duplicates-3-prefilled-form');
	});

	it('warns on the form while a name like an existing one is typed', async () => {
		const name = page.locator('[data-field="name"] input').first();
		await name.fill('');
		await name.type(`${word} trading`, { delay: 20 });
		const warning = page.locator('[data-testid="lead-pool-similar-count"]');
		await warning.waitFor({ timeout: 15_000 });
		expect(await warning.innerText()).toContain('1 similar customer exists');
		await shot(page, 'duplicates-4-form-warning');
	});

	it('speaks Simplified Chinese to a rep whose language is zh-CN', async () => {
		await setLanguage(rep.id, 'zh-CN');
		await page.goto(`${h.url}/admin/insights/${ids.dashboard.lead_pool}`);
		await page.reload();
		const input = panel().locator('input[type="search"]');
		await input.waitFor({ timeout: 30_000 });
		expect(await input.getAttribute('placeholder')).toBe('客户名称、电话或邮箱');
		await input.focus();
		// a phone is found by the whole number (issue 12: never by a fragment such as 0000 4321)
		await page.keyboard.type('138 0000 4321', { delay: 30 });
		await expect.poll(async () => panel().locator('a.hit').count(), { timeout: 15_000 }).toBe(1);
		expect(await panel().locator('a.hit').first().innerText()).toContain('负责人：Rep0');
		await shot(page, 'duplicates-5-chinese');
		await setLanguage(rep.id, 'en-US');
	});
});
