// Drives the real Directus data studio in Debian's Chromium (playwright-core, never a downloaded browser) against
// the instance the test harness started. Screenshots of each step go to test-results/screenshots/.
import { createItem, createUser, readUsers, updateUser, updateUsers } from '@directus/sdk';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { harness } from '../harness/clients';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = path.resolve('test-results/screenshots');

export async function launch(): Promise<Browser> {
	if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run "npm run browser:install" (installs Debian's chromium package) or set CHROMIUM_PATH`);
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--lang=en-US'],
	});
}

/** A user who signs in to the studio: a role plus the studio-access policy (takes one of the Core tier's seats). */
/** The studio users this test file made (vitest loads this module once per file). */
const mine = new Set<string>();

/**
 * Directus 12 Core allows three users with studio access, the admin included, and the browser files share one
 * instance: a studio user an earlier file left active would take a seat this file needs. So the seats of every other
 * file's studio users are freed first, whether or not that file suspended them.
 */
async function freeSeats() {
	const h = harness();
	const others = ((await h.admin.request(readUsers({ filter: { email: { _contains: '-studio-' }, status: { _eq: 'active' } }, fields: ['id'], limit: -1 }))) as any[])
		.map((u) => u.id as string)
		.filter((id) => !mine.has(id));
	if (others.length > 0) await h.admin.request(updateUsers(others, { status: 'suspended' } as any));
}

export async function studioUser(role: 'rep' | 'manager', opts: { language?: string; first_name?: string; last_name?: string } = {}) {
	const h = harness();
	await freeSeats();
	const user = { id: randomUUID(), email: `${role}-studio-${randomBytes(3).toString('hex')}@example.org`, password: `Pw-${randomBytes(6).toString('hex')}`, token: randomBytes(16).toString('hex') };
	await h.admin.request(
		createUser({
			id: user.id,
			email: user.email,
			password: user.password,
			token: user.token,
			role: ids.role[role],
			status: 'active',
			email_notifications: false,
			first_name: opts.first_name ?? (role === 'rep' ? 'Studio' : 'Studio'),
			last_name: opts.last_name ?? (role === 'rep' ? 'Rep' : 'Manager'),
			language: opts.language ?? 'en-US',
			policies: { create: [{ policy: ids.policy.studio }] },
		} as any),
	);
	mine.add(user.id);
	if (role === 'rep') await h.admin.request(createItem('crm_rep_profiles', { user: user.id, availability: 'available' } as any));
	return { ...user, client: h.as(user.token) };
}

export async function setLanguage(userId: string, language: string) {
	await harness().admin.request(updateUser(userId, { language } as any));
}

export async function signIn(page: Page, email: string, password: string) {
	const h = harness();
	await page.goto(`${h.url}/admin/login`);
	await page.locator('input[type="email"]').fill(email);
	await page.locator('input[type="password"]').fill(password);
	await page.locator('button[type="submit"]').click();
	await page.waitForURL((url) => !url.pathname.endsWith('/login'), { timeout: 30_000 });
}

/** A screenshot of what the user sees once the studio has settled: not under its blurred loading overlay. */
export async function shot(page: Page, name: string) {
	mkdirSync(SHOTS, { recursive: true });
	// the studio blurs the page under `.hydrating` while it loads (after a sign-in or a change of language)
	await page.locator('.hydrating').waitFor({ state: 'hidden', timeout: 30_000 });
	// and report panels still saying "loading…": a picture of the figures, once they came (a slow one is shown as it is)
	await page.locator('.lead-pool-report [role="status"]').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
	const file = path.join(SHOTS, `${name}.png`);
	await page.screenshot({ path: file, fullPage: false });
	return file;
}

/** A bookmark in the studio's navigation, by the name it shows (one language at a time). */
export function navItem(page: Page, name: string) {
	return page.locator('.bookmark').getByText(name, { exact: true }).first();
}
