import { updateUser } from '@directus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { STUDIO_TEXTS } from '../../extensions/lead-pool/src/core/labels';
import { fixtures } from '../harness/fixtures';
import { launch, setLanguage, shot, signIn, studioUser } from './studio';

/**
 * The dashboards at 1440 × 900 with the navigation and the sidebar open, as a sales manager reads them in English and
 * Simplified Chinese: every panel lies left of the sidebar, no report table is wider than its panel (no column cut
 * or scrolled away), and the dashboards are named in the reader's language.
 */
const f = fixtures();
const { h } = f;
let browser: Browser;
let page: Page;
let manager: Awaited<ReturnType<typeof studioUser>>;

beforeAll(async () => {
	manager = await studioUser('manager', { first_name: '王', last_name: '经理' });
	const reps = await f.makeReps(2);
	const pool = await f.makePool({ name: `华东展会公海 ${f.tag}`, members: reps.map((r) => ({ user: r.id })) });
	const customers = await f.makeCustomers(6, { pool: pool.id, source: 'trade_show' });
	// a week of activity to report: claims by both reps, a release
	expect((await h.http(reps[0]!.token, 'POST', '/lead-pool/claim', { keys: customers.slice(0, 2) })).status).toBe(200);
	expect((await h.http(reps[1]!.token, 'POST', '/lead-pool/claim', { keys: customers.slice(2, 3) })).status).toBe(200);
	expect((await h.http(reps[0]!.token, 'POST', '/lead-pool/release', { keys: customers.slice(0, 1), reason: '只要样品' })).status).toBe(200);
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await signIn(page, manager.email, manager.password);
}, 120_000);

afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-dashboards-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await h.admin.request(updateUser(manager.id, { status: 'suspended' } as any)).catch(() => undefined);
});

/** Panels reaching under the sidebar, and report tables wider than their panel (by their titles). */
async function cut() {
	return page.evaluate(() => {
		// the right-hand sidebar: the rightmost aside (the navigation is one too, on the left)
		const asides = Array.from(document.querySelectorAll('aside')).map((a) => a.getBoundingClientRect().left);
		const sidebar = asides.length ? Math.max(...asides) : window.innerWidth;
		const out: string[] = [];
		for (const panel of Array.from(document.querySelectorAll('.lead-pool-report, .lead-pool-import, .lead-pool-duplicates'))) {
			const title = panel.querySelector('.title')?.textContent ?? panel.className;
			if (panel.getBoundingClientRect().right > sidebar + 1) out.push(`${title}: under the sidebar`);
			const scroll = panel.querySelector('.scroll');
			if (scroll && scroll.scrollWidth > scroll.clientWidth + 1) out.push(`${title}: table ${scroll.scrollWidth} px in ${scroll.clientWidth} px`);
		}
		return out;
	});
}

describe('dashboards at 1440 px with the sidebar open', () => {
	for (const language of ['en-US', 'zh-CN'] as const) {
		const code = language.toLowerCase();
		it(`in ${language}: Pool reports and Lead Pool, no panel under the sidebar, no table cut`, async () => {
			await setLanguage(manager.id, language);
			for (const [dashboard, name] of [
				[ids.dashboard.reports, STUDIO_TEXTS.dashboard_reports[language]],
				[ids.dashboard.lead_pool, STUDIO_TEXTS.dashboard_lead_pool[language]],
			] as const) {
				await page.goto(`${h.url}/admin/insights/${dashboard}`);
				await page.locator('[data-report]').first().waitFor({ timeout: 30_000 });
				await page.locator('header').getByText(name, { exact: true }).waitFor({ timeout: 30_000 });
				await expect.poll(() => page.locator('.lead-pool-report .quiet[role="status"]').count(), { timeout: 30_000 }).toBe(0);
				expect(await cut()).toEqual([]);
				await shot(page, `dashboard-${code}-${dashboard === ids.dashboard.reports ? 'reports' : 'lead-pool'}`);
			}
		});
	}
});
