import { createItem, readItems, updateItem, updateUser } from '@directus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json';
import { fixtures } from '../harness/fixtures';
import { launch, shot, signIn, studioUser } from './studio';

/**
 * The rep's day in the studio: My customers with the days since the last contact (red past the contact cycle), the
 * next contact, the latest follow-up; the Pool with where its customers came from; the morning digest in the bell.
 */
const f = fixtures();
const { h } = f;
const DAY = 86_400_000;
const at = (days: number) => new Date(Date.now() + days * DAY).toISOString();
let browser: Browser;
let page: Page;
let rep: Awaited<ReturnType<typeof studioUser>>;
let pool: { id: number; name: string };
const late = `Day ${f.tag} Late Tea Co.`;
const fresh = `Day ${f.tag} Fresh Silk Ltd.`;
const returned = `Day ${f.tag} Returned Porcelain`;
const dueToday = `Day ${f.tag} Call Today Tiles`;
const inquiry = `Day ${f.tag} Alibaba Inquiry Valves`;
let ruleName: string;

beforeAll(async () => {
	rep = await studioUser('rep', { first_name: 'Zhou', last_name: 'Day' });
	pool = await f.makePool({ name: `Day pool ${f.tag}`, members: [{ user: rep.id }] });
	// 20 days without contact against tier A's 7: red; 2 days against B's 14: not
	await f.makeCustomers(1, { name: late, owner: rep.id, pool: pool.id, tier: 'A', owned_since: at(-20), next_contact_at: at(-1) });
	await f.makeCustomers(1, { name: fresh, owner: rep.id, pool: pool.id, tier: 'B', owned_since: at(-2), next_contact_at: at(3) });
	await f.makeCustomers(1, { name: dueToday, owner: rep.id, pool: pool.id, tier: 'B', owned_since: at(-3), next_contact_at: at(0.2) });
	const [back] = await f.makeCustomers(1, { name: returned, owner: rep.id, pool: pool.id, tier: 'C' });
	await h.http(rep.token, 'POST', '/items/crm_follow_ups', { customer: back, channel: 'phone', summary: 'Wants a quote after the fair' });
	expect((await h.http(rep.token, 'POST', '/lead-pool/release', { keys: [back], reason: 'No budget this year' })).status).toBe(200);
	// this month's inquiry goes to the studio rep by the most-inquiries rule, against a teammate
	const team = await f.makeTeam();
	const [profile] = (await h.admin.request(readItems('crm_rep_profiles', { filter: { user: { _eq: rep.id } }, fields: ['id'] }))) as any[];
	await h.admin.request(updateItem('crm_rep_profiles', profile.id, { team: team.id } as any));
	const [mate] = await f.makeReps(1, { team: team.id });
	await h.manager.request(createItem('crm_performance', { rep: rep.id, date: new Date().toISOString().slice(0, 10), metric: 'inquiries', value: 9 } as any));
	ruleName = `Inquiry leader ${f.tag}`;
	const rule = (await h.manager.request(
		createItem('crm_assignment_rules', { name: ruleName, status: 'active', priority: 0, strategy: 'most_inquiries', match_sources: ['alibaba'], candidate_users: [rep.id, mate!.id] } as any),
	)) as any;
	const inquiries = await f.makePool({ name: `Inquiries ${f.tag}`, members: [{ user: rep.id }, { user: mate!.id }] });
	const [lead] = await f.makeCustomers(1, { name: inquiry, source: 'alibaba', pool: inquiries.id });
	expect((await h.http(h.info.people.manager.token, 'POST', '/lead-pool/assign', { keys: [lead], rule: rule.id })).status).toBe(200);
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
	await signIn(page, rep.email, rep.password);
}, 120_000);

afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-rep-day-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await h.admin.request(updateUser(rep.id, { status: 'suspended' } as any)).catch(() => undefined);
});

async function openBookmark(name: string) {
	await page.goto(`${h.url}/admin/content/crm_customers`);
	const link = page.getByText(name, { exact: true }).first();
	await link.waitFor({ timeout: 30_000 });
	await link.click();
}

/** The row of a customer in the table, by its name. */
const row = (name: string) => page.locator('tr.table-row', { hasText: name });

describe('the rep’s day in the studio', () => {
	it('My customers counts the days since the last contact, red past the contact cycle', async () => {
		await openBookmark('My customers');
		await row(late).waitFor({ timeout: 30_000 });
		await expect.poll(async () => page.getByText('Days since last contact').count()).toBeGreaterThan(0);
		const lateDays = row(late).locator('.days-since');
		await expect.poll(async () => lateDays.innerText()).toMatch(/^(19|20) days/);
		expect(await lateDays.getAttribute('class')).toContain('past');
		const freshDays = row(fresh).locator('.days-since');
		expect(await freshDays.innerText()).toMatch(/^[12] days?/);
		expect(await freshDays.getAttribute('class')).not.toContain('past');
		await shot(page, 'rep-day-1-my-customers');
	});

	it('the Pool shows the previous owner, why it came back and how often', async () => {
		await openBookmark('Pool');
		await row(returned).waitFor({ timeout: 30_000 });
		// the table swaps in the pool's rows once they arrive
		await expect.poll(async () => row(returned).innerText(), { timeout: 30_000 }).toContain('No budget this year');
		await expect.poll(async () => page.locator('tr.table-row').count()).toBe(1);
		const text = await row(returned).innerText();
		expect(text).toContain('Wants a quote after the fair');
		expect(text).toContain('Zhou');
		// wide enough for every column of the bookmark
		await page.setViewportSize({ width: 2400, height: 700 });
		await shot(page, 'rep-day-2-pool');
		await page.setViewportSize({ width: 1600, height: 900 });
	});

	it('Today lists the customers to contact in the next day, Overdue the ones whose next contact has passed', async () => {
		await openBookmark('Today');
		await row(dueToday).waitFor({ timeout: 30_000 });
		await expect.poll(async () => page.locator('tr.table-row').count(), { timeout: 30_000 }).toBe(1);
		await shot(page, 'rep-day-3-today');
		await openBookmark('Overdue');
		await row(late).waitFor({ timeout: 30_000 });
		await expect.poll(async () => page.locator('tr.table-row').count(), { timeout: 30_000 }).toBe(1);
		expect(await row(late).innerText()).not.toContain(dueToday);
	});

	it('the Lead Pool dashboard shows the team’s inquiry board: who received which inquiry, by which rule, with their count', async () => {
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.goto(`${h.url}/admin/insights/${ids.dashboard.lead_pool}`);
		const board = page.locator('[data-report="inquiry-board"]');
		const line = board.locator('tbody tr', { hasText: inquiry });
		await line.waitFor({ timeout: 60_000 });
		const cells = await line.locator('td').allInnerTexts();
		expect(cells).toContain(ruleName);
		expect(cells).toContain('Zhou Day');
		// the rep's inquiries this month as the server counts them: 9 logged, the inquiry and the customers received
		const served = (await h.http(rep.token, 'GET', '/lead-pool/reports/inquiry-board')).body.data.rows.find((r: any) => r.name === inquiry);
		expect(served.rep_inquiries).toBeGreaterThanOrEqual(10);
		expect(cells).toContain(String(served.rep_inquiries));
		await board.scrollIntoViewIfNeeded();
		await shot(page, 'rep-day-4-inquiry-board');
		await page.setViewportSize({ width: 1600, height: 900 });
	});

	it('the lock switch on the form locks the rep’s own customer for the pool’s lock days, and the lock is an event', async () => {
		const [id] = (await h.admin.request(readItems('crm_customers', { filter: { name: { _eq: fresh } }, fields: ['id'] }))) as any[];
		await page.goto(`${h.url}/admin/content/crm_customers/${id.id}`);
		const field = page.locator('[data-field="locked"]');
		await field.waitFor({ timeout: 30_000 });
		await field.locator('.interface .v-checkbox').first().click();
		await page.keyboard.press('Control+s');
		await expect
			.poll(async () => (await h.admin.request(readItems('crm_customers', { filter: { id: { _eq: id.id } }, fields: ['locked', 'locked_until', 'locked_by'] })))[0], { timeout: 30_000 })
			.toMatchObject({ locked: true, locked_by: rep.id });
		const [after] = (await h.admin.request(readItems('crm_customers', { filter: { id: { _eq: id.id } }, fields: ['locked_until'] }))) as any[];
		// a rep's lock ends by itself (lock_max_days), never open-ended
		expect(new Date(after.locked_until).getTime()).toBeGreaterThan(Date.now());
		const events = (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id.id }, action: { _eq: 'locked' } }, fields: ['id'] }))) as any[];
		expect(events).toHaveLength(1);
		await field.scrollIntoViewIfNeeded();
		await shot(page, 'rep-day-5-locked');
	});
});
