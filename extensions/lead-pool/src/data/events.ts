import { CLAIM_ACTIONS, EVENT, WIN_EVENTS, type EventAction } from '../core/events';
import { dialect, type Db } from './dialects';
import { writeJson } from './values';

/** The audit trail (crm_events): appended in SQL, never edited; read back for daily limits and reports. */

export interface EventRow {
	customer: number | null;
	action: EventAction;
	from_owner: string | null;
	to_owner: string | null;
	pool: number | null;
	actor: string | null;
	reason: string | null;
	details?: unknown;
}

export async function insertEvents(db: Db, events: EventRow[], now: Date): Promise<void> {
	if (events.length === 0) return;
	const at = dialect(db).writeTs(now);
	const rows = events.map((e) => ({ ...e, details: writeJson(e.details ?? null), date_created: at }));
	for (let i = 0; i < rows.length; i += 500) await db('crm_events').insert(rows.slice(i, i + 500));
}

/**
 * The first events of a row this transaction inserts right after them (a new customer's): the database is told
 * their reference to the row is checked once the row exists.
 */
export async function insertEventsAhead(db: Db, events: EventRow[], now: Date): Promise<void> {
	await dialect(db).beforeReferenced(() => insertEvents(db, events, now));
}

/** Claims a rep made since `since`, per pool, from the audit trail (index on to_owner, date_created). */
export async function claimsSince(db: Db, user: string, since: Date): Promise<Map<number, number>> {
	const rows = await db('crm_events')
		.select('pool')
		.count({ n: '*' })
		.where('to_owner', user)
		.whereIn('action', CLAIM_ACTIONS as string[])
		.where('date_created', '>=', dialect(db).writeTs(since) as any)
		.groupBy('pool');
	return new Map(rows.filter((r: any) => r.pool !== null).map((r: any) => [Number(r.pool), Number(r.n)]));
}

/**
 * Deals won per rep in [from, to), from the audit trail: a customer counts for the rep it was won by when its latest
 * win event is a `won` dated in the window; a win taken back (the customer left the stage `customer`) counts for
 * nobody, and a customer won, reverted and won again counts once.
 */
export async function winsByRep(db: Db, reps: string[], from: Date, to: Date): Promise<Map<string, number>> {
	if (reps.length === 0) return new Map();
	const d = dialect(db);
	const latest = db('crm_events').max('id').whereIn('action', WIN_EVENTS as string[]).whereNotNull('customer').groupBy('customer');
	const rows = await db('crm_events')
		.select('to_owner')
		.count({ n: '*' })
		.whereIn('id', latest)
		.where('action', EVENT.won)
		.whereIn('to_owner', reps)
		.where('date_created', '>=', d.writeTs(from) as any)
		.where('date_created', '<', d.writeTs(to) as any)
		.groupBy('to_owner');
	return new Map(rows.map((r: any) => [String(r.to_owner), Number(r.n)]));
}
