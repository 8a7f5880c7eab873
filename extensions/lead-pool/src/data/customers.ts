import { convertedAt } from '../core/events';
import type { CustomerState } from '../core/ownership';
import type { Stage } from '../core/quota';
import { dialect, type Db } from './dialects';
import { readInt, readTs } from './values';

/** The SQL of customers' ownership: reads, conditional writes that report the rows they changed, and the purge. */

export async function loadCustomers(db: Db, keys: (number | string)[]): Promise<CustomerState[]> {
	const ids = [...new Set(keys.map(Number))];
	if (ids.length === 0) return [];
	const rows = await db('crm_customers')
		.select('id', 'name', 'owner', 'pool', 'stage', 'previous_owner', 'released_at')
		.whereIn('id', ids);
	const byId = new Map(rows.map((r: any) => [Number(r.id), r]));
	return ids
		.filter((id) => byId.has(id))
		.map((id) => {
			const r: any = byId.get(id);
			return {
				id,
				name: r.name,
				owner: r.owner ?? null,
				pool: readInt(r.pool),
				stage: (r.stage ?? 'new') as Stage,
				previous_owner: r.previous_owner ?? null,
				released_at: readTs(r.released_at),
			};
		});
}

/** How many customers each of these users owns; users owning none are left out. */
export async function customersPerOwner(db: Db, users: string[]): Promise<Map<string, number>> {
	if (users.length === 0) return new Map();
	const rows = await db('crm_customers').select('owner').count({ n: '*' }).whereIn('owner', users).groupBy('owner');
	return new Map(rows.map((r: any) => [String(r.owner), Number(r.n)]));
}

/** The ids of the customers a rep owns, oldest first (a leaving rep's book). */
export async function customerIdsOwnedBy(db: Db, owner: string, limit: number): Promise<number[]> {
	const rows = await db('crm_customers').select('id').where('owner', owner).orderBy('id').limit(limit);
	return rows.map((r: { id: number }) => Number(r.id));
}

/**
 * Give unowned customers to a rep. The UPDATE only touches rows that are still unowned, so of two racing claims
 * exactly one wins; returns the ids this call won.
 */
export async function writeClaim(trx: Db, opts: { ids: number[]; to: string; now: Date }): Promise<number[]> {
	if (opts.ids.length === 0) return [];
	const d = dialect(trx);
	const at = d.writeTs(opts.now);
	const won = await d.updateReturning({
		table: 'crm_customers',
		set: { owner: opts.to, owned_since: at, date_updated: at },
		where: (q) => q.whereIn('id', opts.ids).whereNull('owner'),
		returning: ['id'],
	});
	return won.map((r: { id: number }) => Number(r.id));
}

/**
 * Move customers from the owner each was seen with to `to` (a rep, or null for the pool: their own, or `toPool`).
 * Conditional on that owner, so a customer that changed hands in between is left alone; returns the ids moved.
 */
export async function writeTransfer(
	trx: Db,
	opts: { customers: { id: number; owner: string | null }[]; to: string | null; now: Date; reason?: string | null; toPool?: number },
): Promise<number[]> {
	const d = dialect(trx);
	const at = d.writeTs(opts.now);
	const byOwner = new Map<string | null, number[]>();
	for (const c of opts.customers) byOwner.set(c.owner, [...(byOwner.get(c.owner) ?? []), c.id]);
	const moved: number[] = [];
	for (const [owner, ids] of byOwner) {
		const set: Record<string, unknown> =
			opts.to === null
				? { ...returnToPool(trx), ...(opts.toPool ? { pool: opts.toPool } : {}), previous_owner: owner, released_at: at, release_reason: opts.reason ?? null, date_updated: at }
				: { owner: opts.to, owned_since: at, date_updated: at, ...(owner ? { previous_owner: owner } : {}) };
		for (let i = 0; i < ids.length; i += 500) {
			const chunk = ids.slice(i, i + 500);
			const rows = await d.updateReturning({
				table: 'crm_customers',
				set,
				where: (q) => (owner === null ? q.whereIn('id', chunk).whereNull('owner') : q.whereIn('id', chunk).where('owner', owner)),
				returning: ['id'],
			});
			moved.push(...rows.map((r: { id: number }) => Number(r.id)));
		}
	}
	return moved;
}

/**
 * What every return to a pool writes (release, delete, a manager's release, reclaim): no owner, one more return,
 * no planned contact and no lock (a pool customer is nobody's to contact or keep). The reclaim SQL says the same.
 */
export function returnToPool(db: Db): Record<string, unknown> {
	return { owner: null, return_count: db.raw('COALESCE(return_count, 0) + 1'), next_contact_at: null, locked: false, locked_until: null, locked_by: null };
}

/**
 * Set the stage of customers, only while each is unowned or owned by one of `owners` (reps whose holdings the
 * caller has locked and checked), with its conversion stamp (core/events convertedAt); returns the ids changed.
 */
export async function writeStage(trx: Db, opts: { ids: number[]; stage: Stage; owners: string[]; now: Date }): Promise<number[]> {
	if (opts.ids.length === 0) return [];
	const d = dialect(trx);
	const converted = convertedAt(opts.stage, opts.now);
	const changed = await d.updateReturning({
		table: 'crm_customers',
		set: { stage: opts.stage, converted_at: converted ? d.writeTs(converted) : null, date_updated: d.writeTs(opts.now) },
		where: (q) => q.whereIn('id', opts.ids).andWhere((w) => w.whereNull('owner').orWhereIn('owner', opts.owners)),
		returning: ['id'],
	});
	return changed.map((r: { id: number }) => Number(r.id));
}

/** The next id of crm_customers, reserved inside the create transaction so its event can be written with it. */
export async function reserveCustomerId(trx: Db): Promise<number | null> {
	return dialect(trx).reserveId('crm_customers');
}

/**
 * The new customer's first event is written just before its row, in the same transaction: have the database check
 * the row's references at commit. Returns a reference that points at nothing, when there is one.
 */
export async function deferCustomerReferences(trx: Db, payload: Record<string, unknown>): Promise<[string, unknown] | null> {
	return dialect(trx).deferReferences('crm_customers', payload);
}

/** Customers about to be purged: what their event keeps (id, name, last owner and pool). */
export async function customersForPurge(trx: Db, keys: number[]): Promise<Pick<CustomerState, 'id' | 'name' | 'owner' | 'pool'>[]> {
	const rows = await trx('crm_customers').select('id', 'name', 'owner', 'pool').whereIn('id', keys);
	return rows.map((r: any) => ({ id: Number(r.id), name: r.name, owner: r.owner ?? null, pool: readInt(r.pool) }));
}

/**
 * The only way rows leave crm_customers: mark them, then delete. The delete trigger lets marked rows through;
 * follow-ups and claim requests go with them (ON DELETE CASCADE).
 */
export async function deleteCustomersForGood(trx: Db, ids: number[]): Promise<void> {
	await trx('crm_customers').update({ purge_requested: true }).whereIn('id', ids);
	await trx('crm_customers').delete().whereIn('id', ids);
}

/** What the contact clock of each customer needs (core/contact-cycle), for the ids given. */
export async function contactClockFacts(db: Db, ids: number[]): Promise<Map<number, { last_contact_at: unknown; owned_since: unknown; contact_cycle_days: unknown; tier: string | null; owner: string | null }>> {
	const out = new Map();
	for (let i = 0; i < ids.length; i += 1000) {
		const rows = await db('crm_customers').select('id', 'last_contact_at', 'owned_since', 'contact_cycle_days', 'tier', 'owner').whereIn('id', ids.slice(i, i + 1000));
		for (const r of rows as any[]) out.set(Number(r.id), r);
	}
	return out;
}
