import { createItem, updateItem, updateUser } from '@directus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { FIELD_LABELS, LANGUAGES, REFUSAL_TITLES, RELEASE_REASONS, SOURCES, STAGES, STUDIO_TEXTS, reasonText, storedReasonIn, type Language } from '../../extensions/lead-pool/src/core/labels';
import { reclaimReason } from '../../extensions/lead-pool/src/core/reclaim';
import { WORDS } from '../../extensions/lead-pool/src/ownership-interface/words';
import { fixtures } from '../harness/fixtures';
import { launch, navItem, setLanguage, shot, signIn, studioUser } from './studio';

/**
 * One language at a time, as a rep in Shanghai, Taipei or London reads the studio: they land on the pool; a pool
 * customer's form is read-only (no delete icon, no field to type in, Save greyed) with Claim as the way in, its names and choices (source, region) in their language
 * only; Claim and Release answer in place, where the rep is looking, without reloading the page; a refusal comes as
 * a dialog with a translated title and a plain message (no error code); the dashboard's panels are titled in their
 * language. The same rep, in English, Simplified and Traditional Chinese.
 */
const f = fixtures();
const { h } = f;
let browser: Browser;
let page: Page;
let rep: Awaited<ReturnType<typeof studioUser>>;
let pool: { id: number; name: string };
let inquiry: string;
let returned: string;
let reclaimed: string;
let reclaimedId: number;
let inquiryEvent: number;
let inquiryRule: string;

const REGION: Record<Language, string> = { 'en-US': 'East China', 'zh-CN': '华东', 'zh-TW': '華東' };

beforeAll(async () => {
	rep = await studioUser('rep', { first_name: '林', last_name: '小明' });
	pool = await f.makePool({ name: `华东公海 ${f.tag}`, members: [{ user: rep.id }] });
	// back in the pool: one a manager released without a reason, one a reclaim returned (Lead Pool's own reasons)
	returned = `经理退回 ${f.tag}`;
	const [back] = await f.makeCustomers(1, { name: returned, pool: pool.id, owner: rep.id });
	await h.manager.request(updateItem('crm_customers', back!, { owner: null } as any));
	reclaimed = `到期回收 ${f.tag}`;
	const [old] = await f.makeCustomers(1, { name: reclaimed, pool: pool.id });
	reclaimedId = old!;
	await h.admin.request(updateItem('crm_customers', old!, { release_reason: reclaimReason('no_contact', 30) } as any));
	// an account inquiry given to the rep this month by a rule, for the dashboard's inquiry board and its reason
	inquiry = `阿里询盘 ${f.tag}`;
	const inquiries = await f.makePool({ name: `询盘公海 ${f.tag}`, members: [{ user: rep.id }] });
	const rule = (await h.manager.request(
		createItem('crm_assignment_rules', { name: `询盘最多 ${f.tag}`, status: 'active', priority: 0, strategy: 'most_inquiries', match_sources: ['alibaba'], candidate_users: [rep.id] } as any),
	)) as any;
	const [lead] = await f.makeCustomers(1, { name: inquiry, source: 'alibaba', pool: inquiries.id });
	expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/assign', { keys: [lead], rule: rule.id })).status).toBe(200);
	inquiryRule = rule.name;
	const events = await h.http(h.info.adminToken, 'GET', `/items/crm_events?filter[customer][_eq]=${lead}&filter[action][_eq]=assigned&fields=id`);
	inquiryEvent = Number(events.body.data[0].id);
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await signIn(page, rep.email, rep.password);
}, 120_000);

afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-languages-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await h.admin.request(updateUser(rep.id, { status: 'suspended' } as any)).catch(() => undefined);
});

async function profileId(user: string) {
	const res = await h.http(h.info.adminToken, 'GET', `/items/crm_rep_profiles?filter[user][_eq]=${user}&fields=id`);
	return res.body.data[0]?.id as number;
}

async function openCustomer(id: number) {
	await page.goto(`${h.url}/admin/content/crm_customers/${id}`);
	await page.locator('.lead-pool-ownership').waitFor({ timeout: 30_000 });
}

/** Any text of the page that carries two languages at once, or a translation key nobody translated. */
async function mixedOrRaw(): Promise<string[]> {
	const text = await page.locator('#app').innerText();
	return text.split('\n').filter((line) => / · /.test(line) || /\$t:|lead_pool_[a-z_]+|errors\.LEAD_POOL/.test(line));
}

for (const language of LANGUAGES) {
	const code = language.toLowerCase();
	describe(`a rep whose language is ${language}`, () => {
		let customer: number;

		beforeAll(async () => {
			await setLanguage(rep.id, language);
			await h.admin.request(updateItem('crm_rep_profiles' as any, await profileId(rep.id), { max_new: 10, max_prospects: 0 } as any));
			customer = (await f.makeCustomers(1, { pool: pool.id, name: `上海华东机械 ${code} ${f.tag}`, source: 'trade_show', region: 'East China' }))[0]!;
			await page.goto(`${h.url}/admin/content`);
		});

		it('lands on the pool, with bookmarks in their language only', async () => {
			await page.waitForURL(/\/content\/crm_customers/, { timeout: 30_000 });
			await page.getByText(`上海华东机械 ${code} ${f.tag}`).first().waitFor({ timeout: 30_000 });
			await navItem(page, STUDIO_TEXTS.bookmark_mine[language]).waitFor({ timeout: 30_000 });
			expect(await mixedOrRaw()).toEqual([]);
			await shot(page, `lang-${code}-1-pool`);
		});

		it('the Pool bookmark says why each customer came back, in their language', async () => {
			await navItem(page, STUDIO_TEXTS.bookmark_pool[language]).click();
			// the reasons Lead Pool wrote are stored in English; a typed reason would show as typed
			const reasonOf = (name: string) => page.locator('tr.table-row', { hasText: name }).locator('.release-reason');
			await expect.poll(() => reasonOf(returned).innerText(), { timeout: 30_000 }).toBe(RELEASE_REASONS.by_manager[language]);
			await expect.poll(() => reasonOf(reclaimed).innerText(), { timeout: 30_000 }).toBe(storedReasonIn(reclaimReason('no_contact', 30), language));
			if (language !== 'en-US') expect(await reasonOf(reclaimed).innerText()).not.toMatch(/[A-Za-z]/);
			expect(await mixedOrRaw()).toEqual([]);
			// wide enough for every column of the bookmark
			await page.setViewportSize({ width: 2400, height: 700 });
			await shot(page, `lang-${code}-1b-pool-reasons`);
			await page.setViewportSize({ width: 1440, height: 900 });
			// and on the customer's form, read-only for the rep until claimed
			await openCustomer(reclaimedId);
			const field = page.locator('.lead-pool-release-reason textarea');
			await field.scrollIntoViewIfNeeded();
			await expect.poll(() => field.inputValue(), { timeout: 30_000 }).toBe(storedReasonIn(reclaimReason('no_contact', 30), language));
			expect(await field.isDisabled()).toBe(true);
			await shot(page, `lang-${code}-1c-reason-on-form`);
		});

		it('opens a pool customer, its names and choices in their language', async () => {
			await openCustomer(customer);
			// a drop-down shows its choice as the value of a read-only input, under the field's name
			const shown = (field: string) =>
				page.locator('.field', { has: page.getByText(FIELD_LABELS['crm_customers']![field]!.label[language], { exact: true }) }).first().locator('input').first();
			await expect.poll(() => shown('source').inputValue(), { timeout: 30_000 }).toBe(SOURCES.trade_show[language]);
			await expect.poll(() => shown('region').inputValue(), { timeout: 30_000 }).toBe(REGION[language]);
			expect(await mixedOrRaw()).toEqual([]);
			// read-only: not theirs until claimed. No delete icon, no field to type in, Save greyed; Claim is the way in
			const panel = page.locator('.lead-pool-ownership');
			await panel.getByRole('button', { name: WORDS[language]['claim']!, exact: true }).waitFor({ timeout: 30_000 });
			await panel.getByText(WORDS[language]['readOnly']!).waitFor();
			await expect.poll(() => page.locator('header [data-icon="delete"]').isVisible(), { timeout: 30_000 }).toBe(false);
			const editable = () =>
				page.locator('.v-form input, .v-form textarea, .v-form [contenteditable="true"]').evaluateAll((els) =>
					els
						.filter((e) => !e.closest('.lead-pool-ownership') && !(e as HTMLInputElement).disabled)
						// the notes' editor (CodeMirror) stays contenteditable; Directus marks it read-only around it
						.filter((e) => !(e.closest('.CodeMirror') && (e.closest('.disabled') || e.closest('.CodeMirror')!.classList.contains('CodeMirror-readonly'))))
						.map((e) => e.getAttribute('field') ?? e.outerHTML.slice(0, 200)),
				);
			await expect.poll(editable, { timeout: 30_000 }).toEqual([]);
			expect(await page.locator('header button', { hasText: /\S/ }).last().isDisabled()).toBe(true);
			await shot(page, `lang-${code}-2-pool-customer`);
		});

		it('claims in place: the answer where the rep looks, no reload, the page where it was', async () => {
			const panel = page.locator('.lead-pool-ownership');
			await panel.scrollIntoViewIfNeeded();
			await page.evaluate(() => ((window as any).__samePage = true));
			const before = (await panel.boundingBox())!.y;
			await panel.getByRole('button', { name: WORDS[language]['claim']!, exact: true }).click();
			await panel.getByText(WORDS[language]['claimed']!).waitFor({ timeout: 30_000 });
			await panel.getByText(WORDS[language]['mine']!).waitFor();
			expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
			expect(Math.abs((await panel.boundingBox())!.y - before)).toBeLessThan(120);
			await shot(page, `lang-${code}-3-claimed`);
		});

		it('is refused in a dialog with a translated title and a plain message', async () => {
			// the rep's own customer now: editable; moving it on to prospect is over their cap of 0 prospects
			await openCustomer(customer);
			const stageLabel = FIELD_LABELS['crm_customers']!['stage']!.label[language];
			const stage = page.locator('.field', { has: page.getByText(stageLabel, { exact: true }) }).first();
			await stage.scrollIntoViewIfNeeded();
			await stage.locator('.v-input').first().click();
			await page.locator('.v-list-item', { hasText: STAGES.prospect[language] }).last().click();
			// the studio's save shortcut, from inside the form (as the manager journey saves)
			await page.locator('.v-form input:visible').first().focus();
			await page.keyboard.press('Control+s');
			// the studio opens its dialogs in #dialog-outlet; an error's card carries the class "error"
			const dialog = page.locator('#dialog-outlet .v-card.error').first();
			await dialog.waitFor({ timeout: 30_000 });
			const shown = await dialog.innerText();
			expect(shown).toContain(REFUSAL_TITLES['LEAD_POOL_QUOTA_EXCEEDED']![language]);
			expect(shown).not.toMatch(/LEAD_POOL_|errors\./);
			expect(shown).toMatch(language === 'en-US' ? /0 prospects allowed/ : /上限 0/);
			await shot(page, `lang-${code}-4-refusal`);
			await dialog.getByRole('button').last().click();
		});

		it('releases in place, with the reason, and the form says it is back in the pool', async () => {
			await openCustomer(customer);
			const panel = page.locator('.lead-pool-ownership');
			await panel.scrollIntoViewIfNeeded();
			await panel.getByPlaceholder(WORDS[language]['reason']!).fill(language === 'en-US' ? 'Only wanted samples' : '只要样品');
			await panel.getByRole('button', { name: WORDS[language]['release']! }).click();
			await panel.getByText(WORDS[language]['released']!, { exact: true }).waitFor({ timeout: 30_000 });
			await panel.getByText(WORDS[language]['inPool']!).waitFor();
			await shot(page, `lang-${code}-5-released`);
		});

		it('reads the Lead Pool dashboard at 1440 px with the sidebar open, titled in their language', async () => {
			await page.goto(`${h.url}/admin/insights`);
			// the dashboards are named in the reader's language too (stored once, translated when read)
			await page.getByText(STUDIO_TEXTS.dashboard_lead_pool[language], { exact: true }).first().click();
			await page.getByText(STUDIO_TEXTS.dashboard_reports[language], { exact: true }).first().waitFor();
			await page.getByText(STUDIO_TEXTS.panel_duplicates[language], { exact: true }).first().waitFor({ timeout: 30_000 });
			await page.locator('[data-report="due-soon"]').first().waitFor();
			// the inquiry board says why the rep received the inquiry in their language, not in the audit's English
			const line = page.locator('[data-report="inquiry-board"] tbody tr', { hasText: inquiry });
			await line.waitFor({ timeout: 60_000 });
			const served = (await h.http(rep.token, 'GET', '/lead-pool/reports/inquiry-board')).body.data.rows.find((r: any) => r.name === inquiry);
			expect(served.why_phrases).toEqual([{ code: 'most_inquiries', params: { count: expect.any(Number) } }]);
			const why = reasonText(served.why_phrases, language);
			expect(await line.locator('td').allInnerTexts()).toContain(why);
			if (language !== 'en-US') expect(why).not.toMatch(/[A-Za-z]/);
			expect(await mixedOrRaw()).toEqual([]);
			await shot(page, `lang-${code}-6-dashboard`);
		});

		it('reads in the history why they received the inquiry, in their language', async () => {
			await page.goto(`${h.url}/admin/content/crm_events/${inquiryEvent}`);
			const field = page.locator('.lead-pool-release-reason textarea');
			const why = reasonText([{ code: 'most_inquiries', params: { count: 0 } }], language).replace('0', '\\d+');
			const sep = language === 'en-US' ? ': ' : '：';
			await expect.poll(() => field.inputValue(), { timeout: 30_000 }).toMatch(new RegExp(`^${inquiryRule}${sep}${why.replace(/[()（）]/g, '.')}$`));
			if (language !== 'en-US') expect((await field.inputValue()).slice(inquiryRule.length)).not.toMatch(/[A-Za-z]/);
			await field.scrollIntoViewIfNeeded();
			await shot(page, `lang-${code}-7-history-reason`);
		});
	});
}
