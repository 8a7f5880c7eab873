import type { Knex } from 'knex';
import { cutoffs, parseList, reclaimReason, type ReclaimRules } from '../core/reclaim';
import { DAY_MS } from '../core/time';
import { dialectOf, readBool, readTs, writeTs } from './db';

/**
 * The SQL of automatic reclaim: set-based, chunked by primary key, one transaction per chunk, every statement
 * re-checking the conditions it relies on. Fragments are constants with bound values, never strings built from
 * input.
 */

export interface ReclaimPool {
	id: number;
	name: string;
	rules: ReclaimRules;
}

export async function reclaimPools(knex: Knex): Promise<ReclaimPool[]> {
	const rows = await knex('crm_pools')
		.select('id', 'name', 'reclaim_enabled', 'reclaim_no_contact_days', 'reclaim_not_converted_days', 'reclaim_reminder_days', 'reclaim_exempt_tiers')
		.where('status', 'active')
		.orderBy('id');
	return rows
		.filter((r: any) => readBool(r.reclaim_enabled) && (r.reclaim_no_contact_days !== null || r.reclaim_not_converted_days !== null))
		.map((r: any) => ({
			id: Number(r.id),
			name: r.name,
			rules: {
				noContactDays: r.reclaim_no_contact_days === null ? null : Number(r.reclaim_no_contact_days),
				notConvertedDays: r.reclaim_not_converted_days === null ? null : Number(r.reclaim_not_converted_days),
				reminderDays: Number(r.reclaim_reminder_days ?? 0),
				exemptTiers: parseList(r.reclaim_exempt_tiers),
			},
		}));
}

interface Fragment {
	sql: string;
	bindings: unknown[];
}

const OWNED = '(owned_since <= ? OR (owned_since IS NULL AND date_created <= ?))';

/** Owned, not locked, not won, not of an exempt tier, in this pool. */
function scope(pool: ReclaimPool): Fragment {
	const tiers = pool.rules.exemptTiers;
	return {
		sql: `pool = ? AND owner IS NOT NULL AND locked = ? AND stage <> 'customer'${tiers.length ? ` AND (tier IS NULL OR tier NOT IN (${tiers.map(() => '?').join(', ')}))` : ''}`,
		bindings: [pool.id, false, ...tiers],
	};
}

function noContactBefore(knex: Knex, cut: Date): Fragment {
	const v = writeTs(knex, cut);
	return { sql: `((last_contact_at IS NULL OR last_contact_at <= ?) AND ${OWNED})`, bindings: [v, v, v] };
}

function ownedBefore(knex: Knex, cut: Date): Fragment {
	const v = writeTs(knex, cut);
	return { sql: OWNED, bindings: [v, v] };
}

function or(parts: (Fragment | null)[]): Fragment {
	const present = parts.filter((p): p is Fragment => p !== null);
	if (present.length === 0) return { sql: '1 = 0', bindings: [] };
	return { sql: `(${present.map((p) => p.sql).join(' OR ')})`, bindings: present.flatMap((p) => p.bindings) };
}

function and(...parts: Fragment[]): Fragment {
	return { sql: parts.map((p) => `(${p.sql})`).join(' AND '), bindings: parts.flatMap((p) => p.bindings) };
}

/** Due now: the reclaim condition of a pool. */
export function dueCondition(knex: Knex, pool: ReclaimPool, now: Date): Fragment {
	const c = cutoffs(now, pool.rules);
	return and(scope(pool), or([c.noContact ? noContactBefore(knex, c.noContact) : null, c.notConverted ? ownedBefore(knex, c.notConverted) : null]));
}

/** Falls due within the reminder window (K days), and is not due yet. */
export function remindCondition(knex: Knex, pool: ReclaimPool, now: Date): Fragment | null {
	if (pool.rules.reminderDays <= 0) return null;
	const c = cutoffs(now, pool.rules);
	return and(
		scope(pool),
		or([c.remindNoContact ? noContactBefore(knex, c.remindNoContact) : null, c.remindNotConverted ? ownedBefore(knex, c.remindNotConverted) : null]),
	);
}

/** The reason of a reclaim, per row: the no-contact rule when it applies, else the not-converted rule. */
function reasonExpr(knex: Knex, pool: ReclaimPool, now: Date): Fragment {
	const c = cutoffs(now, pool.rules);
	const { noContactDays, notConvertedDays } = pool.rules;
	if (c.noContact && notConvertedDays !== null) {
		const nc = noContactBefore(knex, c.noContact);
		return { sql: `CASE WHEN ${nc.sql} THEN ? ELSE ? END`, bindings: [...nc.bindings, reclaimReason('no_contact', noContactDays!), reclaimReason('not_converted', notConvertedDays)] };
	}
	return { sql: '?', bindings: [noContactDays !== null ? reclaimReason('no_contact', noContactDays) : reclaimReason('not_converted', notConvertedDays!)] };
}

function detailsExpr(knex: Knex, pool: ReclaimPool, now: Date): Fragment {
	const c = cutoffs(now, pool.rules);
	const cast = dialectOf(knex) === 'pg' ? '::json' : '';
	const json = (rule: string, days: number | null) => JSON.stringify({ rule, days, pool: pool.name });
	if (c.noContact && pool.rules.notConvertedDays !== null) {
		const nc = noContactBefore(knex, c.noContact);
		return { sql: `CASE WHEN ${nc.sql} THEN ?${cast} ELSE ?${cast} END`, bindings: [...nc.bindings, json('no_contact', pool.rules.noContactDays), json('not_converted', pool.rules.notConvertedDays)] };
	}
	return { sql: `?${cast}`, bindings: [pool.rules.noContactDays !== null ? json('no_contact', pool.rules.noContactDays) : json('not_converted', pool.rules.notConvertedDays)] };
}

export interface ReclaimedRow {
	id: number;
	previous_owner: string;
	name: string;
}

/**
 * Reclaim the next chunk of due customers of a pool after `afterId`. In one transaction: pick the chunk (locking its
 * rows on PostgreSQL, skipping rows another run holds), append one event per customer, clear the owner. The event
 * INSERT and the UPDATE re-check the same conditions on the same locked rows, so they cover the same customers;
 * a customer claimed, contacted or reclaimed in between is left out of both.
 */
export async function reclaimChunk(knex: Knex, pool: ReclaimPool, now: Date, afterId: number, size: number): Promise<{ rows: ReclaimedRow[]; lastId: number | null }> {
	if (dialectOf(knex) === 'pg') return reclaimChunkPg(knex, pool, now, afterId, size);
	return knex.transaction(async (trx) => {
		const due = dueCondition(trx, pool, now);
		const pick = trx('crm_customers').select('id').whereRaw(due.sql, due.bindings as any[]).andWhere('id', '>', afterId).orderBy('id').limit(size);
		if (dialectOf(trx) === 'pg') pick.forUpdate().skipLocked();
		const ids = (await pick).map((r: { id: number }) => Number(r.id));
		if (ids.length === 0) return { rows: [], lastId: null };
		const inIds = { sql: `id IN (${ids.map(() => '?').join(', ')})`, bindings: ids };
		const where = and(inIds, due);
		const reason = reasonExpr(trx, pool, now);
		const details = detailsExpr(trx, pool, now);
		const nowTs = writeTs(trx, now);
		await trx.raw(
			`INSERT INTO crm_events (customer, action, from_owner, to_owner, pool, actor, reason, details, date_created)
			 SELECT id, 'reclaimed', owner, NULL, pool, NULL, ${reason.sql}, ${details.sql}, ? FROM crm_customers WHERE ${where.sql}`,
			[...reason.bindings, ...details.bindings, nowTs, ...where.bindings] as any[],
		);
		const mysql = dialectOf(trx) === 'mysql';
		const updated = await trx.raw(
			`UPDATE crm_customers SET previous_owner = owner, owner = NULL, released_at = ?, release_reason = ${reason.sql}, reminded_due_at = NULL, date_updated = ?
			 WHERE ${where.sql}${mysql ? '' : ' RETURNING id, previous_owner, name'}`,
			[nowTs, ...reason.bindings, nowTs, ...where.bindings] as any[],
		);
		// MySQL has no RETURNING: read back the rows of this chunk that this transaction just released.
		const returned = mysql
			? await trx('crm_customers').select('id', 'previous_owner', 'name').whereIn('id', ids).whereNull('owner').where('released_at', nowTs as any)
			: Array.isArray(updated)
				? updated
				: updated.rows;
		const rows: ReclaimedRow[] = returned.map((r: any) => ({ id: Number(r.id), previous_owner: r.previous_owner, name: r.name }));
		return { rows, lastId: ids[ids.length - 1]! };
	});
}

/**
 * PostgreSQL does the same in one statement per chunk: pick and lock the chunk, clear the owners (re-checking the
 * conditions on the locked rows) and append the events from the UPDATE's RETURNING, all in one snapshot.
 */
async function reclaimChunkPg(knex: Knex, pool: ReclaimPool, now: Date, afterId: number, size: number): Promise<{ rows: ReclaimedRow[]; lastId: number | null }> {
	const due = dueCondition(knex, pool, now);
	const reason = reasonExpr(knex, pool, now);
	const nowTs = writeTs(knex, now);
	const json = (rule: string, days: number | null) => JSON.stringify({ rule, days, pool: pool.name });
	const noContactReason = pool.rules.noContactDays !== null ? reclaimReason('no_contact', pool.rules.noContactDays) : null;
	const details = { sql: `CASE WHEN release_reason = ? THEN ?::json ELSE ?::json END`, bindings: [noContactReason, json('no_contact', pool.rules.noContactDays), json('not_converted', pool.rules.notConvertedDays)] };
	const result = await knex.raw(
		`WITH picked AS (
			SELECT id FROM crm_customers WHERE ${due.sql} AND id > ? ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED
		), moved AS (
			UPDATE crm_customers SET previous_owner = owner, owner = NULL, released_at = ?, release_reason = ${reason.sql}, reminded_due_at = NULL, date_updated = ?
			WHERE id IN (SELECT id FROM picked) AND ${due.sql}
			RETURNING id, previous_owner, name, pool, release_reason
		), events AS (
			INSERT INTO crm_events (customer, action, from_owner, to_owner, pool, actor, reason, details, date_created)
			SELECT id, 'reclaimed', previous_owner, NULL, pool, NULL, release_reason, ${details.sql}, ? FROM moved
		)
		SELECT (SELECT MAX(id) FROM picked) AS last_id, (SELECT COALESCE(json_agg(json_build_object('id', id, 'previous_owner', previous_owner, 'name', name)), '[]'::json) FROM moved) AS rows`,
		[...due.bindings, afterId, size, nowTs, ...reason.bindings, nowTs, ...due.bindings, ...details.bindings, nowTs] as any[],
	);
	const row = result.rows[0];
	if (row.last_id === null) return { rows: [], lastId: null };
	const rows = (typeof row.rows === 'string' ? JSON.parse(row.rows) : row.rows).map((r: any) => ({ id: Number(r.id), previous_owner: r.previous_owner, name: r.name }));
	return { rows, lastId: Number(row.last_id) };
}

/** The due date of a row in SQL: the earlier of (clock + N days) and (owned + M days). */
function dueDateExpr(knex: Knex, pool: ReclaimPool): Fragment {
	const { noContactDays: n, notConvertedDays: m } = pool.rules;
	const owned = 'COALESCE(owned_since, date_created)';
	if (dialectOf(knex) === 'sqlite') {
		const parts: Fragment[] = [];
		if (n !== null) parts.push({ sql: `MAX(COALESCE(last_contact_at, 0), ${owned}) + ?`, bindings: [n * DAY_MS] });
		if (m !== null) parts.push({ sql: `${owned} + ?`, bindings: [m * DAY_MS] });
		return parts.length === 1 ? parts[0]! : { sql: `MIN(${parts[0]!.sql}, ${parts[1]!.sql})`, bindings: [...parts[0]!.bindings, ...parts[1]!.bindings] };
	}
	const parts: Fragment[] = [];
	const plusDays = (expr: string) => (dialectOf(knex) === 'mysql' ? `DATE_ADD(${expr}, INTERVAL ? DAY)` : `${expr} + (? * INTERVAL '1 day')`);
	if (n !== null) parts.push({ sql: plusDays(`GREATEST(COALESCE(last_contact_at, ${owned}), ${owned})`), bindings: [n] });
	if (m !== null) parts.push({ sql: plusDays(owned), bindings: [m] });
	return parts.length === 1 ? parts[0]! : { sql: `LEAST(${parts[0]!.sql}, ${parts[1]!.sql})`, bindings: [...parts[0]!.bindings, ...parts[1]!.bindings] };
}

export interface ReminderRow {
	id: number;
	owner: string;
	name: string;
	due: Date | null;
}

/**
 * Mark the next chunk of customers that fall due within the reminder window with their due date, and return those
 * whose mark changed: each owner is reminded once per customer per due date, however often the job runs.
 */
export async function remindChunk(knex: Knex, pool: ReclaimPool, now: Date, afterId: number, size: number): Promise<{ rows: ReminderRow[]; lastId: number | null }> {
	const cond = remindCondition(knex, pool, now);
	if (!cond) return { rows: [], lastId: null };
	return knex.transaction(async (trx) => {
		const pick = trx('crm_customers').select('id').whereRaw(cond.sql, cond.bindings as any[]).andWhere('id', '>', afterId).orderBy('id').limit(size);
		if (dialectOf(trx) === 'pg') pick.forUpdate().skipLocked();
		const ids = (await pick).map((r: { id: number }) => Number(r.id));
		if (ids.length === 0) return { rows: [], lastId: null };
		const due = dueDateExpr(trx, pool);
		const where = and({ sql: `id IN (${ids.map(() => '?').join(', ')})`, bindings: ids }, cond, { sql: `(reminded_due_at IS NULL OR reminded_due_at <> ${due.sql})`, bindings: due.bindings });
		const mysql = dialectOf(trx) === 'mysql';
		const before = mysql ? new Map((await trx('crm_customers').select('id', 'reminded_due_at').whereIn('id', ids)).map((r: any) => [Number(r.id), String(r.reminded_due_at)])) : null;
		const updated = await trx.raw(`UPDATE crm_customers SET reminded_due_at = ${due.sql} WHERE ${where.sql}${mysql ? '' : ' RETURNING id, owner, name, reminded_due_at'}`, [...due.bindings, ...where.bindings] as any[]);
		const returned = mysql
			? (await trx('crm_customers').select('id', 'owner', 'name', 'reminded_due_at').whereIn('id', ids)).filter((r: any) => before!.get(Number(r.id)) !== String(r.reminded_due_at))
			: Array.isArray(updated)
				? updated
				: updated.rows;
		const rows = returned.map((r: any) => ({ id: Number(r.id), owner: r.owner, name: r.name, due: readTs(r.reminded_due_at) }));
		return { rows, lastId: ids[ids.length - 1]! };
	});
}

/** Counts for a dry run: what a run now would reclaim and remind, without changing anything. */
export async function dryRunCounts(knex: Knex, pool: ReclaimPool, now: Date): Promise<{ due: number; remind: number; sample: number[] }> {
	const due = dueCondition(knex, pool, now);
	const dueCount = Number((await knex('crm_customers').count({ n: '*' }).whereRaw(due.sql, due.bindings as any[]))[0]?.n ?? 0);
	const sample = (await knex('crm_customers').select('id').whereRaw(due.sql, due.bindings as any[]).orderBy('id').limit(100)).map((r: any) => Number(r.id));
	const cond = remindCondition(knex, pool, now);
	let remind = 0;
	if (cond) {
		const d = dueDateExpr(knex, pool);
		const notDue = { sql: `NOT (${due.sql})`, bindings: due.bindings };
		const w = and(cond, notDue, { sql: `(reminded_due_at IS NULL OR reminded_due_at <> ${d.sql})`, bindings: d.bindings });
		remind = Number((await knex('crm_customers').count({ n: '*' }).whereRaw(w.sql, w.bindings as any[]))[0]?.n ?? 0);
	}
	return { due: dueCount, remind, sample };
}

/**
 * One reclaim run at a time across processes and instances: a lease on the settings row, taken with a conditional
 * UPDATE and renewed while the run works. A crashed run's lease simply expires.
 */
export async function acquireRunLock(knex: Knex, holder: string, now: Date, leaseMs: number): Promise<boolean> {
	const until = writeTs(knex, new Date(now.getTime() + leaseMs));
	const taken = await knex('crm_settings')
		.update({ reclaim_lock: holder, reclaim_lock_until: until })
		.where((q) => q.whereNull('reclaim_lock').orWhereNull('reclaim_lock_until').orWhere('reclaim_lock_until', '<', writeTs(knex, now) as any).orWhere('reclaim_lock', holder));
	return Number(taken) > 0;
}

export async function renewRunLock(knex: Knex, holder: string, now: Date, leaseMs: number): Promise<void> {
	await knex('crm_settings').update({ reclaim_lock_until: writeTs(knex, new Date(now.getTime() + leaseMs)) }).where('reclaim_lock', holder);
}

export async function releaseRunLock(knex: Knex, holder: string, result: unknown, now: Date): Promise<void> {
	await knex('crm_settings').update({ reclaim_lock: null, reclaim_lock_until: null, reclaim_last_run_at: writeTs(knex, now), reclaim_last_result: JSON.stringify(result) }).where('reclaim_lock', holder);
}
