import type { LockState } from '../core/locks';
import { dialect, type Db, transaction } from './dialects';
import { readBool, readInt, readTs } from './values';

/** The SQL of locks: the lock state of customers, a rep's own active locks, conditional writes and expiry. */

export async function loadLockStates(db: Db, keys: (number | string)[]): Promise<LockState[]> {
	const ids = [...new Set(keys.map(Number))];
	if (ids.length === 0) return [];
	const rows = await db('crm_customers').select('id', 'name', 'owner', 'pool', 'locked', 'locked_until', 'locked_by').whereIn('id', ids);
	const byId = new Map(rows.map((r: any) => [Number(r.id), r]));
	return ids
		.filter((id) => byId.has(id))
		.map((id) => {
			const r: any = byId.get(id);
			const lock = { locked: readBool(r.locked), locked_until: readTs(r.locked_until), locked_by: r.locked_by ?? null };
			return { id, name: r.name, owner: r.owner ?? null, pool: readInt(r.pool), ...lock };
		});
}

/**
 * A rep's own active locks (set by them, with an end still ahead; an older lock without `locked_by`: any with an
 * end): what counts against max_locked_per_rep. A manager's lock with an end is not the rep's to count.
 */
export async function activeRepLocks(db: Db, owner: string, now: Date): Promise<number> {
	const row = await db('crm_customers')
		.count({ n: '*' })
		.where({ owner, locked: true })
		.where('locked_until', '>', dialect(db).writeTs(now) as any)
		.where((q) => q.where('locked_by', owner).orWhereNull('locked_by'))
		.first();
	return Number((row as any)?.n ?? 0);
}

/**
 * Lock (with an end, or none; held by `by`) or unlock customers, each only while still owned by the owner it was
 * seen with; returns the ids changed.
 */
export async function writeLocks(
	trx: Db,
	opts: { customers: { id: number; owner: string | null }[]; locked: boolean; until: Date | null; by: string | null; now: Date },
): Promise<number[]> {
	const d = dialect(trx);
	const byOwner = new Map<string, number[]>();
	for (const c of opts.customers) if (c.owner) byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), c.id]);
	const until = opts.locked && opts.until ? d.writeTs(opts.until) : null;
	const set = { locked: opts.locked, locked_until: until, locked_by: opts.locked ? opts.by : null, date_updated: d.writeTs(opts.now) };
	const changed: number[] = [];
	for (const [owner, ids] of byOwner) {
		const where = (q: any) => q.whereIn('id', ids).where('owner', owner);
		const rows = await d.updateReturning({ table: 'crm_customers', set, where, returning: ['id'] });
		changed.push(...rows.map((r: { id: number }) => Number(r.id)));
	}
	return changed;
}

/**
 * Locks whose end has passed end now, in one set-based statement per chunk, each with its `unlocked` event; returns
 * how many ended.
 */
export async function expireLocks(db: Db, now: Date, eventAction: string): Promise<number> {
	let ended = 0;
	for (;;) {
		const done = await transaction(db, async (trx) => {
			const d = dialect(trx);
			const at = d.writeTs(now);
			const ended = (q: any) => q.where('locked', true).where('locked_until', '<=', at as any);
			const pick = trx('crm_customers').select('id').where(ended).orderBy('id').limit(1000);
			const ids = (await d.forUpdate(pick, { skipLocked: true })).map((r: { id: number }) => Number(r.id));
			if (ids.length === 0) return 0;
			const details = JSON.stringify({ expired: true });
			await trx.raw(
				`INSERT INTO crm_events (customer, action, from_owner, to_owner, pool, actor, reason, details, date_created)
				 SELECT id, ?, owner, owner, pool, NULL, ?, ?${d.jsonCast}, ? FROM crm_customers
				 WHERE id IN (${ids.map(() => '?').join(', ')}) AND locked = ? AND locked_until <= ?`,
				[eventAction, 'Lock ended', details, at, ...ids, true, at] as any[],
			);
			await trx('crm_customers').update({ locked: false, locked_until: null, locked_by: null }).whereIn('id', ids).where(ended);
			return ids.length;
		});
		ended += done;
		if (done === 0) return ended;
	}
}
