import { digestNote, digestRecipients, type DigestContact, type DigestDue } from '../core/digest';
import { languageOf } from '../core/refusals';
import { DAY_MS, formatDay, startOfDayInZone } from '../core/time';
import type { Db } from '../data/dialects';
import { contactsDueBefore, digestSentOn, sendOncePerDay, type NotificationRow } from '../data/digest';
import { readersOf } from '../data/people';
import { dueSoon } from '../data/reports';
import { digestSchedule, loadSettings } from '../data/settings';
import type { NotifyDeps } from './notify';
import { onSchedule } from './scheduled';

export interface DigestResult {
	ran: boolean;
	reason?: string;
	/** the day it was sent for, in the settings' time zone */
	day: string;
	/** reps who got a digest */
	sent: number;
	/** of those, the ones Directus mails */
	mailed: number;
}

/** A customer falling due this many days ahead (or sooner) is listed under "falls due for reclaim". */
const DUE_DAYS = Number(process.env['LEAD_POOL_DIGEST_DUE_DAYS'] ?? 3);

/**
 * The morning digest: one notification per rep per day listing the customers to contact today (next contact today
 * or overdue) and those that fall due for reclaim within a few days, in the rep's language; Directus mails it to
 * reps who have e-mail notifications on. All reps' notifications go in with one insert, together with the day's
 * mark, so however many instances run it and however often the schedule fires, each rep gets one a day.
 */
export async function runDigest(db: Db, opts: NotifyDeps & { now?: Date }): Promise<DigestResult> {
	const now = opts.now ?? new Date();
	const { timezone } = await loadSettings(db);
	const day = formatDay(now, timezone);
	const result: DigestResult = { ran: false, day, sent: 0, mailed: 0 };
	if ((await digestSentOn(db)) === day) return { ...result, reason: 'Already sent today' };

	const today = startOfDayInZone(now, timezone);
	const contacts = groupBy(await contactsDueBefore(db, new Date(today.getTime() + DAY_MS)), (c): DigestContact => c);
	const dueRows = (await dueSoon(db, { days: DUE_DAYS, now, limit: Number.MAX_SAFE_INTEGER })).rows as any[];
	const due = groupBy(dueRows, (r): DigestDue => ({ name: r.name, due_at: new Date(r.due_at), pool_name: r.pool_name }));
	const recipients = digestRecipients(contacts, due);
	const readers = await readersOf(db, recipients);
	const rows: NotificationRow[] = recipients.map((owner) => ({
		recipient: owner,
		...digestNote(languageOf(readers.get(owner)?.language), { contacts: contacts.get(owner) ?? [], due: due.get(owner) ?? [], today, timeZone: timezone }),
		collection: 'crm_customers',
	}));

	if (!(await sendOncePerDay(db, day, rows, now))) return { ...result, reason: 'Already sent today' };
	const mailed = rows.filter((r) => readers.get(r.recipient)?.mailed);
	await mail(opts, mailed);
	return { ran: true, day, sent: rows.length, mailed: mailed.length };
}

function groupBy<R extends { owner: string }, T>(rows: R[], map: (row: R) => T): Map<string, T[]> {
	const out = new Map<string, T[]>();
	for (const row of rows) out.set(row.owner, [...(out.get(row.owner) ?? []), map(row)]);
	return out;
}

/**
 * The notifications went in with one insert, past the service that mails them: Directus's own mail of a
 * notification (its template, the link to the studio) is sent here for the reps who have e-mail notifications on.
 */
async function mail(deps: NotifyDeps, rows: NotificationRow[]) {
	if (!rows.length) return;
	try {
		const service = new deps.services.NotificationsService({ schema: await deps.getSchema() });
		for (const row of rows) await service.sendEmail(row);
	} catch (error) {
		deps.logger?.warn?.(`[lead-pool] morning digest mail failed: ${(error as Error).message}`);
	}
}

/** The digest on its schedule (a setting): see onSchedule. */
export function digestOnSchedule(db: Db, deps: NotifyDeps): () => Promise<void> {
	return onSchedule(
		db,
		{
			name: 'morning digest',
			schedule: digestSchedule,
			run: async (now) => {
				const result = await runDigest(db, { ...deps, now });
				return result.ran ? `${result.sent} reps (${result.mailed} by mail)` : null;
			},
		},
		deps.logger,
	);
}
