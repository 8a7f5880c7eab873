import { createItem, readItem, readItems, updateItem, updateUser } from '@directus/sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { reclaimReason } from '../../extensions/lead-pool/src/core/reclaim';
import { fixtures } from '../harness/fixtures';
import { launch, shot, signIn, studioUser, navItem } from './studio';

/**
 * A sales manager in the studio: edits a pool's rules as an item (with the field notes and the validation message
 * when a rule contradicts another), approves a claim request, pauses a rep, and reads the pool reports.
 */
const f = fixtures();
const { h } = f;
let browser: Browser;
let page: Page;
let manager: Awaited<ReturnType<typeof studioUser>>;
type Rep = Awaited<ReturnType<typeof f.makeReps>>[number];
let rep: Rep;
let leaving: Rep;
let book: number[];
let pool: { id: number; name: string };
let requestId: number;
let customer: number;

beforeAll(async () => {
	manager = await studioUser('manager', { first_name: 'Mei', last_name: 'Studio' });
	[rep, leaving] = (await f.makeReps(2)) as any;
	book = await f.makeCustomers(2, { owner: leaving.id, name: `Leaving book ${f.tag}` });
	pool = await f.makePool({ name: `Managed pool ${f.tag}`, claim_direct: false, claim_by_request: true, reclaim_enabled: true, reclaim_no_contact_days: 5, reclaim_reminder_days: 1, members: [{ user: rep.id }] });
	customer = (await f.makeCustomers(1, { pool: pool.id, name: `Requested ${f.tag}` }))[0]!;
	await f.makeCustomers(2, { pool: pool.id, source: 'trade_show' });
	requestId = Number(((await rep.client.request(createItem('crm_claim_requests', { customer, reason: 'Met them at the fair' } as any))) as any).id);
	browser = await launch();
	page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
	await signIn(page, manager.email, manager.password);
}, 120_000);

// a failed step leaves a screenshot of what the browser showed
afterEach(async (context) => {
	if (context.task.result?.state === 'fail' && page) await shot(page, `failed-manager-journey-${context.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
	await browser?.close();
	await h.admin.request(updateUser(manager.id, { status: 'suspended' } as any)).catch(() => undefined);
});

/** Save the open item the way a keyboard user does (Ctrl+S), as the header's Save button would. */
async function save() {
	await page.locator('.v-form input:visible').first().focus();
	await page.keyboard.press('Control+s');
}

async function choose(field: string, option: string) {
	await page.locator(`[data-field="${field}"] .v-input, [data-field="${field}"] input`).first().click();
	await page.getByRole('option', { name: option }).or(page.locator('.v-list-item', { hasText: option })).first().click();
}

describe('a sales manager in the studio', () => {
	it('edits a pool’s rules as an item and is told, in words, when two rules contradict each other', async () => {
		await page.goto(`${h.url}/admin/content/crm_pools/${pool.id}`);
		const reminder = page.locator('[data-field="reclaim_reminder_days"] input');
		await reminder.waitFor({ timeout: 30_000 });
		await shot(page, 'manager-1-pool-form');
		await reminder.fill('9');
		await save();
		await page.getByText('"Remind owner (days before)" (9) must be less than the reclaim period (5 days).').first().waitFor({ timeout: 30_000 });
		await shot(page, 'manager-2-pool-validation');
		await page.getByRole('button', { name: 'Dismiss' }).click();
		expect(((await h.admin.request(readItem('crm_pools', pool.id, { fields: ['reclaim_reminder_days'] }))) as any).reclaim_reminder_days).toBe(1);
		await reminder.fill('2');
		await save();
		await expect.poll(async () => ((await h.admin.request(readItem('crm_pools', pool.id, { fields: ['reclaim_reminder_days'] }))) as any).reclaim_reminder_days, { timeout: 30_000 }).toBe(2);
	});

	it('approves a claim request, and the customer is the requester’s', async () => {
		await page.goto(`${h.url}/admin/content/crm_claim_requests/${requestId}`);
		await page.locator('[data-field="status"]').waitFor({ timeout: 30_000 });
		await choose('status', 'Approved');
		await shot(page, 'manager-3-approve-request');
		await save();
		await expect.poll(async () => ((await h.admin.request(readItem('crm_customers', customer, { fields: ['owner'] }))) as any).owner, { timeout: 30_000 }).toBe(rep.id);
	});

	it('rejects a claim request with a note, and the customer stays in the pool', async () => {
		const [other] = await f.makeCustomers(1, { pool: pool.id, name: `Also requested ${f.tag}` });
		const id = Number(((await rep.client.request(createItem('crm_claim_requests', { customer: other, reason: 'Please' } as any))) as any).id);
		await page.goto(`${h.url}/admin/content/crm_claim_requests/${id}`);
		await page.locator('[data-field="status"]').waitFor({ timeout: 30_000 });
		await choose('status', 'Rejected');
		await page.locator('[data-field="review_note"] textarea, [data-field="review_note"] input').first().fill('Already in talks with Wang');
		await save();
		await expect.poll(async () => ((await h.admin.request(readItem('crm_claim_requests', id, { fields: ['status'] }))) as any).status, { timeout: 30_000 }).toBe('rejected');
		expect(((await h.admin.request(readItem('crm_customers', other!, { fields: ['owner'] }))) as any).owner).toBeNull();
		await shot(page, 'manager-3b-reject-request');
	});

	it('edits why a customer went back to the pool on its form', async () => {
		const [back] = await f.makeCustomers(1, { pool: pool.id, name: `Came back ${f.tag}` });
		await h.admin.request(updateItem('crm_customers', back!, { release_reason: reclaimReason('no_contact', 5) } as any));
		await page.goto(`${h.url}/admin/content/crm_customers/${back}`);
		const field = page.locator('[data-field="release_reason"] textarea');
		// the form draws twice as the item arrives: wait for the value, then for the field to stay put
		await expect.poll(() => field.inputValue(), { timeout: 30_000 }).toBe(reclaimReason('no_contact', 5));
		await field.scrollIntoViewIfNeeded({ timeout: 30_000 });
		await field.fill('Wrong number, checked twice');
		await page.keyboard.press('Control+s');
		await expect
			.poll(async () => ((await h.admin.request(readItem('crm_customers', back!, { fields: ['release_reason'] }))) as any).release_reason, { timeout: 30_000 })
			.toBe('Wrong number, checked twice');
	});

	it('pauses a leaving rep on their profile', async () => {
		const [profile] = (await h.admin.request(readItems('crm_rep_profiles', { filter: { user: { _eq: leaving.id } }, fields: ['id'] }))) as any[];
		await page.goto(`${h.url}/admin/content/crm_rep_profiles/${profile.id}`);
		await page.locator('[data-field="availability"]').waitFor({ timeout: 30_000 });
		await choose('availability', 'Paused');
		await save();
		await expect.poll(async () => ((await h.admin.request(readItem('crm_rep_profiles', profile.id, { fields: ['availability'] }))) as any).availability, { timeout: 30_000 }).toBe('paused');
		await shot(page, 'manager-4-rep-paused');
	});

	it('transfers a leaving rep’s customers to another rep in one step, from the leaving rep’s profile', async () => {
		const [profile] = (await h.admin.request(readItems('crm_rep_profiles', { filter: { user: { _eq: leaving.id } }, fields: ['id'] }))) as any[];
		await page.goto(`${h.url}/admin/content/crm_rep_profiles/${profile.id}`);
		const panel = page.locator('[data-testid="lead-pool-transfer"]');
		await panel.getByText('Owns 2 customers.').waitFor({ timeout: 30_000 });
		await panel.locator('[data-testid="lead-pool-transfer-to"]').click();
		await page.locator('.v-list-item', { hasText: `Rep0 ${f.tag}` }).first().click();
		await panel.getByPlaceholder('Why? (required, e.g. leaving the company)').fill('Leaving the company');
		await panel.locator('[data-testid="lead-pool-transfer-go"]').click();
		await panel.getByText(`2 customers now belong to Rep0 ${f.tag}.`).waitFor({ timeout: 30_000 });
		await shot(page, 'manager-5-transfer');
		for (const id of book) expect(((await h.admin.request(readItem('crm_customers', id, { fields: ['owner'] }))) as any).owner).toBe(rep.id);
	});

	it('assigns selected customers by a picked rule, reading the preview in a dialog and assigning as previewed', async () => {
		const assignPool = await f.makePool({ name: `Assign pool ${f.tag}`, claim_policy: 'assigned_only', members: [{ user: rep.id }] });
		const ruleName = `Studio rule ${f.tag}`;
		await h.admin.request(createItem('crm_assignment_rules', { name: ruleName, status: 'active', priority: 100000, strategy: 'round_robin', match_pool: assignPool.id, candidate_users: [rep.id] } as any));
		const picked = await f.makeCustomers(2, { pool: assignPool.id, name: `To assign ${f.tag}` });
		await page.goto(`${h.url}/admin/content/crm_customers`);
		await navItem(page, 'Pool').click();
		await page.waitForLoadState('networkidle');
		for (let i = 0; i < picked.length; i++) {
			const box = page.locator('.table-row', { hasText: `To assign ${f.tag}` }).nth(i).locator('.v-checkbox').first();
			await box.waitFor({ timeout: 30_000 });
			await expect.poll(async () => {
				if ((await box.getAttribute('aria-pressed')) !== 'true') await box.click();
				return box.getAttribute('aria-pressed');
			}, { timeout: 15_000 }).toBe('true');
		}
		const flows = page.getByText('Flows', { exact: true }).first();
		if (!(await page.getByRole('button', { name: 'Assign selected' }).isVisible())) await flows.click();
		await page.getByRole('button', { name: 'Assign selected' }).click();
		await page.getByText('Assign by the assignment rules').waitFor({ timeout: 30_000 });
		const picker = page.locator('.lead-pool-rule-picker');
		await expect.poll(async () => picker.locator('option', { hasText: ruleName }).count(), { timeout: 15_000 }).toBe(1);
		await picker.selectOption({ label: ruleName });
		await page.getByRole('button', { name: /Run Flow/ }).click();
		const dialog = page.locator('[data-testid="lead-pool-assign-preview"]');
		await dialog.waitFor({ timeout: 30_000 });
		await dialog.getByText(`Rep0 ${f.tag}`).first().waitFor();
		expect(await dialog.getByText(`To assign ${f.tag}`).count()).toBe(2);
		expect(await dialog.innerText()).toContain(ruleName);
		await shot(page, 'manager-4a-assign-preview');
		for (const id of picked) expect(((await h.admin.request(readItem('crm_customers', id, { fields: ['owner'] }))) as any).owner).toBeNull();
		await dialog.getByRole('button', { name: 'Assign as previewed' }).click();
		await dialog.getByText('Assigned: 2. Left in the pool: 0.').waitFor({ timeout: 30_000 });
		await shot(page, 'manager-4b-assign-run');
		for (const id of picked) expect(((await h.admin.request(readItem('crm_customers', id, { fields: ['owner'] }))) as any).owner).toBe(rep.id);
		await dialog.getByRole('button', { name: 'Close' }).click();
	});

	it('reads the pool reports dashboard', async () => {
		await page.goto(`${h.url}/admin/insights/${ids.dashboard.reports}`);
		const poolSize = page.locator('[data-report="pool-size"]');
		await poolSize.locator('table').waitFor({ timeout: 30_000 });
		await page.locator('[data-report="activity"] table').waitFor({ timeout: 30_000 });
		await page.locator('[data-report="time-to-claim"]').getByText(pool.name).waitFor({ timeout: 30_000 });
		await shot(page, 'manager-6-reports');
	});
});
