import { readItem, updateItem, updateUser } from '@directus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { fixtures } from '../harness/fixtures';
import { launch, setLanguage, shot, signIn, studioUser, navItem } from './studio';

/**
 * A rep's day in the studio: the Pool and My customers bookmarks, claiming a pool customer on its form, being told
 * (in Chinese, for a rep whose language is Chinese) when over the cap, releasing with a reason, seeing what falls
 * due for reclaim on the dashboard, and reading notifications.
 */
const f = fixtures();
const { h } = f;
let browser: Browser;
let page: Page;
let rep: Awaited<ReturnType<typeof studioUser>>;
let pool: { id: number; name: string };
let customers: number[];
const names = [0, 1, 2].map((i) => `Journey ${f.tag} customer ${i}`);

beforeAll(async () => {
	rep = await studioUser('rep', { first_name: 'Lin', last_name: 'Studio' });
	await h.admin.request(updateItem('crm_rep_profiles' as any, (await profileId(rep.id))!, { max_new: 2 } as any));
	pool = await f.makePool({ name: `Journey pool ${f.tag}`, cooldown_days: 3, reclaim_enabled: true, reclaim_no_contact_days: 5, reclaim_reminder_days: 0, members: [{ user: rep.id }] });
	customers = [];
	for (const name of names) customers.push(...(await f.makeCustomers(1, { pool: pool.id, name })));
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await signIn(page, rep.email, rep.password);
}, 120_000);

// a failed step leaves a screenshot of what the browser showed
afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-rep-journey-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	// free the studio seat for the next file (Directus 12 Core allows three)
	await h.admin.request(updateUser(rep.id, { status: 'suspended' } as any)).catch(() => undefined);
});

async function profileId(user: string) {
	const res = await h.http(h.info.adminToken, 'GET', `/items/crm_rep_profiles?filter[user][_eq]=${user}&fields=id`);
	return res.body.data[0]?.id as number | undefined;
}

async function openCustomer(id: number) {
	await page.goto(`${h.url}/admin/content/crm_customers/${id}`);
	await page.locator('.lead-pool-ownership').waitFor({ timeout: 30_000 });
}

describe('a rep in the studio', () => {
	it('finds the Pool and My customers bookmarks and the pool customers', async () => {
		await page.goto(`${h.url}/admin/content/crm_customers`);
		const poolLink = navItem(page, 'Pool');
		await poolLink.waitFor({ timeout: 30_000 });
		await expect.poll(async () => page.locator('.bookmark').getByText('My customers', { exact: true }).count()).toBeGreaterThan(0);
		await poolLink.click();
		await page.getByText(names[0]!, { exact: true }).first().waitFor({ timeout: 30_000 });
		await shot(page, 'rep-1-pool-bookmark');
	});

	it('claims a pool customer from its form, in place: no reload, the page stays where it was', async () => {
		await openCustomer(customers[0]!);
		expect(await page.locator('.lead-pool-ownership .status').innerText()).toContain('In the pool');
		const panel = page.locator('.lead-pool-ownership');
		await panel.scrollIntoViewIfNeeded();
		await page.evaluate(() => ((window as any).__samePage = true));
		const before = (await panel.boundingBox())!.y;
		await panel.getByRole('button', { name: 'Claim' }).click();
		await panel.getByText('Claimed: the customer is yours now').waitFor({ timeout: 30_000 });
		await page.getByText('This is your customer').waitFor({ timeout: 30_000 });
		expect(await page.evaluate(() => (window as any).__samePage)).toBe(true);
		expect(Math.abs((await panel.boundingBox())!.y - before)).toBeLessThan(120);
		expect(((await h.admin.request(readItem('crm_customers', customers[0]!, { fields: ['owner'] }))) as any).owner).toBe(rep.id);
		await shot(page, 'rep-2-claimed');
	});

	it('is told in Chinese, when Chinese is their language, that a claim would exceed the cap', async () => {
		expect((await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: [customers[1]] })).status).toBe(200);
		await setLanguage(rep.id, 'zh-CN');
		await openCustomer(customers[2]!);
		await page.locator('.lead-pool-ownership').getByRole('button', { name: '领取' }).click();
		const notice = page.locator('.lead-pool-ownership').getByText('你已拥有 2 个新客户（上限 2）', { exact: false });
		try {
			await notice.waitFor({ timeout: 30_000 });
			await shot(page, 'rep-3-over-cap-zh');
		} finally {
			await shot(page, 'rep-3-over-cap-zh');
			await setLanguage(rep.id, 'en-US');
		}
	});

	it('releases a customer with a reason', async () => {
		await openCustomer(customers[0]!);
		await page.locator('.lead-pool-ownership').getByPlaceholder('Why? (required)', { exact: true }).fill('Only wanted samples');
		await shot(page, 'rep-4-release-reason');
		await page.locator('.lead-pool-ownership').getByRole('button', { name: 'Release to the pool' }).click();
		await page.locator('.lead-pool-ownership').getByText('Released to the pool', { exact: true }).waitFor({ timeout: 30_000 });
		await page.getByText('In the pool: you can claim it').waitFor({ timeout: 30_000 });
		await shot(page, 'rep-4a-released');
		const events = await h.http(h.info.adminToken, 'GET', `/items/crm_events?filter[customer][_eq]=${customers[0]}&filter[action][_eq]=released&fields=reason,from_owner`);
		expect(events.body.data).toEqual([{ reason: 'Only wanted samples', from_owner: rep.id }]);
	});

	it('is told about the cool-down when claiming back what they just released', async () => {
		await openCustomer(customers[0]!);
		await page.locator('.lead-pool-ownership').getByRole('button', { name: 'Claim' }).click();
		const notice = page.locator('.lead-pool-ownership .v-notice');
		await notice.waitFor({ timeout: 30_000 });
		expect(await notice.innerText()).toContain(`lets you claim it back after 3 days`);
		await shot(page, 'rep-4b-cooldown');
	});

	it('is told about the pool’s daily claim limit', async () => {
		const limited = await f.makePool({ name: `Limited pool ${f.tag}`, daily_claim_limit: 1, members: [{ user: rep.id }] });
		const [first, second] = await f.makeCustomers(2, { pool: limited.id });
		await h.admin.request(updateItem('crm_rep_profiles' as any, (await profileId(rep.id))!, { max_new: 10 } as any));
		expect((await h.http(rep.token, 'POST', '/lead-pool/claim', { keys: [first] })).status).toBe(200);
		await openCustomer(second!);
		await page.locator('.lead-pool-ownership').getByRole('button', { name: 'Claim' }).click();
		const notice = page.locator('.lead-pool-ownership .v-notice');
		await notice.waitFor({ timeout: 30_000 });
		expect(await notice.innerText()).toContain(`You have claimed 1 of 1 customers allowed per day from pool "Limited pool ${f.tag}"; try again tomorrow.`);
		await shot(page, 'rep-4c-daily-limit');
	});

	it('is told when another rep was quicker', async () => {
		const [other] = (await f.makeReps(1)) as any;
		const shared = await f.makePool({ name: `Shared pool ${f.tag}`, members: [{ user: rep.id }, { user: other.id }] });
		const [contested] = await f.makeCustomers(1, { pool: shared.id, name: `Contested ${f.tag}` });
		await openCustomer(contested!);
		expect((await h.http(other.token, 'POST', '/lead-pool/claim', { keys: [contested] })).status).toBe(200);
		await page.locator('.lead-pool-ownership').getByRole('button', { name: 'Claim' }).click();
		const notice = page.locator('.lead-pool-ownership .v-notice');
		await notice.waitFor({ timeout: 30_000 });
		await notice.scrollIntoViewIfNeeded();
		expect(await notice.innerText()).toContain('already belongs to');
		await shot(page, 'rep-5-beaten');
	});

	it('files a claim request in a request-only pool and hears the outcome', async () => {
		await h.admin.request(updateItem('crm_rep_profiles' as any, (await profileId(rep.id))!, { max_new: 10 } as any));
		const requestPool = await f.makePool({ name: `Request pool ${f.tag}`, claim_direct: false, claim_by_request: true, members: [{ user: rep.id }] });
		const [wanted] = await f.makeCustomers(1, { pool: requestPool.id, name: `Wanted ${f.tag}` });
		await openCustomer(wanted!);
		const panel = page.locator('.lead-pool-ownership');
		await panel.getByRole('button', { name: 'Request to claim' }).waitFor({ timeout: 30_000 });
		expect(await panel.getByRole('button', { name: 'Claim', exact: true }).count()).toBe(0);
		await panel.getByPlaceholder('Why should it be yours? (required)').fill('Met them at the Canton Fair');
		await panel.getByRole('button', { name: 'Request to claim' }).click();
		await panel.getByText('Request sent; you will be notified of the decision').waitFor({ timeout: 30_000 });
		await shot(page, 'rep-6-request-sent');
		const requests = await h.http(h.info.adminToken, 'GET', `/items/crm_claim_requests?filter[customer][_eq]=${wanted}&fields=id,status,reason`);
		expect(requests.body.data).toMatchObject([{ status: 'pending', reason: 'Met them at the Canton Fair' }]);
		expect((await h.http(h.info.people.manager.token, 'PATCH', `/items/crm_claim_requests/${requests.body.data[0].id}`, { status: 'approved' })).status).toBe(200);
		await openCustomer(wanted!);
		await page.getByText('This is your customer').waitFor({ timeout: 30_000 });
	});

	it('logs a follow-up on the form, which in a follow-up pool claims the customer', async () => {
		const followPool = await f.makePool({ name: `Follow-up pool ${f.tag}`, claim_direct: false, claim_by_follow_up: true, members: [{ user: rep.id }] });
		const [called] = await f.makeCustomers(1, { pool: followPool.id, name: `Called ${f.tag}` });
		await openCustomer(called!);
		const panel = page.locator('.lead-pool-ownership');
		await panel.getByPlaceholder('What was said (required)').fill('Asked for a quote on 2,000 units');
		// the pool's rule is known now: it is claimed by a follow-up, so no Claim button
		expect(await panel.getByRole('button', { name: 'Claim', exact: true }).count()).toBe(0);
		await shot(page, 'rep-6a-follow-up');
		await panel.getByRole('button', { name: 'Log follow-up and claim' }).click();
		await panel.getByText('Follow-up saved; the customer is yours now').waitFor({ timeout: 30_000 });
		await page.getByText('This is your customer').waitFor({ timeout: 30_000 });
		const fu = await h.http(h.info.adminToken, 'GET', `/items/crm_follow_ups?filter[customer][_eq]=${called}&fields=summary,rep,channel`);
		expect(fu.body.data).toEqual([{ summary: 'Asked for a quote on 2,000 units', rep: rep.id, channel: 'phone' }]);
		const ev = await h.http(h.info.adminToken, 'GET', `/items/crm_events?filter[customer][_eq]=${called}&filter[action][_eq]=claimed_by_follow_up&fields=to_owner`);
		expect(ev.body.data).toEqual([{ to_owner: rep.id }]);
	});

	it('claims several pool customers at once from the list with "Claim selected"', async () => {
		const batchPool = await f.makePool({ name: `Batch pool ${f.tag}`, members: [{ user: rep.id }] });
		const batch: number[] = [];
		for (const i of [1, 2]) batch.push(...(await f.makeCustomers(1, { pool: batchPool.id, name: `Batch ${f.tag} ${i}` })));
		await page.goto(`${h.url}/admin/content/crm_customers`);
		await navItem(page, 'Pool').click();
		for (const i of [1, 2]) {
			const row = page.locator('.table-row', { hasText: `Batch ${f.tag} ${i}` }).first();
			await row.waitFor({ timeout: 30_000 });
			await row.locator('.select, .v-checkbox, [role="checkbox"]').first().click();
		}
		await page.getByText('Flows', { exact: true }).first().click();
		await page.getByRole('button', { name: 'Claim selected' }).click();
		await expect.poll(async () => ((await h.admin.request(readItem('crm_customers', batch[1]!, { fields: ['owner'] }))) as any).owner, { timeout: 30_000 }).toBe(rep.id);
		expect(((await h.admin.request(readItem('crm_customers', batch[0]!, { fields: ['owner'] }))) as any).owner).toBe(rep.id);
		await page.reload();
		await page.locator('.table-row').first().waitFor({ timeout: 30_000 });
		await shot(page, 'rep-6b-claim-selected');
	});

	it('sees on the Lead Pool dashboard which customers fall due for reclaim, and when', async () => {
		await page.goto(`${h.url}/admin/insights/${ids.dashboard.lead_pool}`);
		const due = page.locator('[data-report="due-soon"]');
		await due.getByText(names[1]!).waitFor({ timeout: 30_000 });
		const row = await due.locator('tr', { hasText: names[1]! }).innerText();
		expect(row).toMatch(/\t[45]$/); // days left of the 5-day no-contact rule
		await shot(page, 'rep-7-dashboard-due');
	});

	it('reads the notification of a customer a manager gave them', async () => {
		expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/transfer', { keys: [customers[2]], to: rep.id, reason: 'Covering for Wang' })).status).toBe(200);
		await page.goto(`${h.url}/admin/content/crm_customers`);
		const bell = page.locator('.module-bar .notifications, .module-bar [class*="notification"]').first();
		await bell.click({ timeout: 30_000 });
		await page.getByText(names[2]!, { exact: false }).first().waitFor({ timeout: 30_000 });
		// the claim request's outcome is there too
		await page.getByText(`Approved: Wanted ${f.tag}`, { exact: false }).first().waitFor({ timeout: 30_000 });
		await shot(page, 'rep-8-notification');
	});
});
