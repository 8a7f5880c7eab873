// The mail path of production: a Directus with the EMAIL_* settings of docker-compose.yml pointed at an SMTP server
// (one started here, with a login, as a relay would ask for), and a Lead Pool notification reaching a rep's inbox.
import { createDirectus, createItem, createUsers, rest, staticToken } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { freePort } from '../harness/global-setup';
import { throwawayInstance, type ThrowawayInstance } from '../harness/throwaway';

interface Mail {
	from: string;
	to: string[];
	raw: string;
}

/** An SMTP server that keeps what it receives; it wants the login Directus is configured with. */
async function mailbox(login: { user: string; password: string }) {
	const received: Mail[] = [];
	const server = new SMTPServer({
		authOptional: false,
		// no TLS here (EMAIL_SMTP_IGNORE_TLS on the Directus side); a real relay would offer STARTTLS
		disabledCommands: ['STARTTLS'],
		allowInsecureAuth: true,
		logger: false,
		onAuth(auth, _session, callback) {
			if (auth.username === login.user && auth.password === login.password) return callback(null, { user: auth.username });
			callback(new Error('Invalid login'));
		},
		onData(stream, session, callback) {
			let raw = '';
			stream.setEncoding('utf8');
			stream.on('data', (chunk: string) => (raw += chunk));
			stream.on('end', () => {
				received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
				callback();
			});
		},
	});
	const port = await freePort();
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The Subject header of a raw message, unfolded and with its RFC 2047 encoded words decoded. */
function subjectOf(raw: string): string {
	const headers = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
	const line = headers.split(/\r?\n/).find((l) => /^subject:/i.test(l)) ?? '';
	return line
		.replace(/^subject:\s*/i, '')
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([bqBQ])\?([^?]*)\?=/g, (_m, _charset, encoding: string, text: string) =>
			encoding.toUpperCase() === 'B'
				? Buffer.from(text, 'base64').toString('utf8')
				: Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
		);
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const value = probe();
		if (value !== undefined) return value;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`gave up waiting for ${what}`);
}

describe('notifications reach inboxes through SMTP', () => {
	const login = { user: 'lead-pool', password: randomBytes(8).toString('hex') };
	let smtp: Awaited<ReturnType<typeof mailbox>>;
	let inst: ThrowawayInstance;

	beforeAll(async () => {
		smtp = await mailbox(login);
		// the mail settings of docker-compose.yml, pointed at the server above
		inst = await throwawayInstance('sqlite', {
			EMAIL_TRANSPORT: 'smtp',
			EMAIL_FROM: 'lead-pool@example.com',
			EMAIL_SMTP_HOST: '127.0.0.1',
			EMAIL_SMTP_PORT: String(smtp.port),
			EMAIL_SMTP_USER: login.user,
			EMAIL_SMTP_PASSWORD: login.password,
			EMAIL_SMTP_SECURE: 'false',
			EMAIL_SMTP_IGNORE_TLS: 'true',
			LEAD_POOL_RECLAIM_SCHEDULE: 'off',
		});
	});
	afterAll(async () => {
		await inst?.stop();
		await smtp?.close();
	});

	it('mails a rep who wants e-mail notifications when a manager transfers a customer to them', async () => {
		const admin = createDirectus(inst.url).with(staticToken(inst.adminToken)).with(rest());
		const tag = randomBytes(3).toString('hex');
		const manager = { id: randomUUID(), token: randomBytes(16).toString('hex') };
		const rep = { id: randomUUID(), email: `rep-${tag}@example.org` };
		const quiet = { id: randomUUID(), email: `quiet-${tag}@example.org` };
		await admin.request(
			createUsers([
				{ id: manager.id, email: `manager-${tag}@example.org`, first_name: 'Mei', last_name: 'Chen', token: manager.token, role: ids.role.manager, status: 'active', email_notifications: false, password: randomBytes(8).toString('hex') },
				{ id: rep.id, email: rep.email, first_name: 'Li', last_name: 'Wei', role: ids.role.rep, status: 'active', email_notifications: true, password: randomBytes(8).toString('hex') },
				{ id: quiet.id, email: quiet.email, role: ids.role.rep, status: 'active', email_notifications: false, password: randomBytes(8).toString('hex') },
			] as any),
		);
		const customer = await admin.request(createItem('crm_customers', { name: `Mail check ${tag} Trading Co., Ltd.`, source: 'website' }));
		const transfer = async (to: string) => {
			const res = await fetch(`${inst.url}/lead-pool/transfer`, {
				method: 'POST',
				headers: { Authorization: `Bearer ${manager.token}`, 'Content-Type': 'application/json' },
				body: JSON.stringify({ keys: [customer.id], to, reason: 'Covers the east region now' }),
			});
			expect(res.status).toBe(200);
		};
		await transfer(rep.id);
		const mail = await waitFor('the transfer mail', () => smtp.received.find((m) => m.to.includes(rep.email)));
		expect(mail.from).toBe('lead-pool@example.com');
		// in the rep's language only (English here), naming the one customer given
		expect(subjectOf(mail.raw)).toBe(`Mail check ${tag} Trading Co., Ltd. given to you by Mei Chen`);

		// a rep who turned e-mail notifications off only sees the bell: by the time the rep's next mail (the customer
		// given back) has arrived, none went to them
		await transfer(quiet.id);
		await transfer(rep.id);
		await waitFor('the second mail to the rep', () => (smtp.received.filter((m) => m.to.includes(rep.email)).length >= 2 ? true : undefined));
		expect(smtp.received.some((m) => m.to.includes(quiet.email))).toBe(false);
	});

	it('mails the morning digest to a rep who wants e-mail, in their language, and only the bell to one who does not', async () => {
		const admin = createDirectus(inst.url).with(staticToken(inst.adminToken)).with(rest());
		const tag = randomBytes(3).toString('hex');
		const rep = { id: randomUUID(), email: `digest-${tag}@example.org` };
		const quiet = { id: randomUUID(), email: `digest-quiet-${tag}@example.org` };
		await admin.request(
			createUsers([
				{ id: rep.id, email: rep.email, role: ids.role.rep, status: 'active', email_notifications: true, language: 'zh-CN', password: randomBytes(8).toString('hex') },
				{ id: quiet.id, email: quiet.email, role: ids.role.rep, status: 'active', email_notifications: false, password: randomBytes(8).toString('hex') },
			] as any),
		);
		const yesterday = new Date(Date.now() - 86_400_000).toISOString();
		for (const owner of [rep.id, quiet.id]) await admin.request(createItem('crm_customers', { name: `Digest ${tag} ${owner.slice(0, 4)} Co.`, source: 'website', owner, next_contact_at: yesterday } as any));
		const res = await fetch(`${inst.url}/lead-pool/digest/run`, { method: 'POST', headers: { Authorization: `Bearer ${inst.adminToken}`, 'Content-Type': 'application/json' }, body: '{}' });
		expect(res.status).toBe(200);
		expect(((await res.json()) as any).data).toMatchObject({ ran: true, mailed: 1 });
		const mail = await waitFor('the digest mail', () => smtp.received.find((m) => m.to.includes(rep.email)));
		expect(subjectOf(mail.raw)).toBe('今日客户：今日待联系 1 个（逾期 1 个）');
		await new Promise((r) => setTimeout(r, 2000));
		expect(smtp.received.some((m) => m.to.includes(quiet.email))).toBe(false);
	});
});
