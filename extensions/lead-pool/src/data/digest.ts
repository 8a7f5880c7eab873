import { dialect, transaction, type Db } from './dialects';
import { readTs } from './values';

/** The SQL of the morning digest: what it lists, who reads it in which language, and the day's one send. */

/** Owned customers whose next contact falls before `before` (the end of today): today's and the overdue. */
export async function contactsDueBefore(db: Db, before: Date): Promise<{ owner: string; name: string; next_contact_at: Date }[]> {
	const rows = (await db('crm_customers')
		.select('owner', 'name', 'next_contact_at')
		.whereNotNull('owner')
		.where('next_contact_at', '<', dialect(db).writeTs(before) as any)
		.orderBy('next_contact_at')) as any[];
	return rows.map((r) => ({ owner: r.owner, name: r.name, next_contact_at: readTs(r.next_contact_at)! }));
}

export interface NotificationRow {
	recipient: string;
	subject: string;
	message: string;
	collection: string | null;
}

/**
 * The day's digest, sent once: the settings row records the day it went out, taken with a conditional UPDATE, and
 * every notification of the day goes in with it in one transaction. A second run, on this instance or another, finds
 * the day taken and writes nothing; a run that fails leaves the day free for the next.
 */
export async function sendOncePerDay(db: Db, day: string, rows: NotificationRow[], now: Date): Promise<boolean> {
	return transaction(db, async (trx) => {
		const taken = await trx('crm_settings')
			.update({ digest_sent_on: day })
			.where((q) => q.whereNull('digest_sent_on').orWhere('digest_sent_on', '<>', day));
		if (Number(taken) === 0) return false;
		// one statement for all reps (in slices that keep within every database's limit on bound values)
		for (let i = 0; i < rows.length; i += 500) {
			await trx('directus_notifications').insert(rows.slice(i, i + 500).map((r) => ({ ...r, timestamp: dialect(trx).writeTs(now), status: 'inbox', sender: null, item: null })));
		}
		return true;
	});
}

/** The day the digest last went out (`YYYY-MM-DD` in the settings' time zone), or null. */
export async function digestSentOn(db: Db): Promise<string | null> {
	return (await db('crm_settings').first('*'))?.digest_sent_on ?? null;
}
