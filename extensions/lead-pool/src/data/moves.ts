import { dialect, type Db } from './dialects';
import { readInt } from './values';

/** The SQL of moving unowned customers between pools: which ones, and the conditional write. */

/** The customers of these keys, with the pool each is in now and its owner (the caller refuses owned ones). */
export async function unownedCustomers(db: Db, keys: number[]): Promise<{ id: number; name: string; pool: number | null; owner: string | null }[]> {
	const rows: any[] = [];
	for (let i = 0; i < keys.length; i += 1000) {
		rows.push(...(await db('crm_customers').select('id', 'name', 'pool', 'owner').whereIn('id', keys.slice(i, i + 1000))));
	}
	return rows.map((r) => ({ id: Number(r.id), name: r.name, pool: readInt(r.pool), owner: r.owner ?? null }));
}

/** The unowned customers of a pool, in key order (at most `limit`). */
export async function unownedIdsInPool(db: Db, pool: number, limit: number): Promise<number[]> {
	const rows = await db('crm_customers').select('id').where('pool', pool).whereNull('owner').orderBy('id').limit(limit);
	return rows.map((r: { id: number }) => Number(r.id));
}

/** Move customers to a pool, each only while still unowned; returns the ids moved. */
export async function writeMove(trx: Db, opts: { ids: number[]; from: (number | null)[]; to: number; now: Date }): Promise<number[]> {
	const pools = opts.from.filter((p): p is number => p !== null);
	const orNone = opts.from.includes(null);
	const d = dialect(trx);
	const moved: number[] = [];
	for (let i = 0; i < opts.ids.length; i += 1000) {
		const chunk = opts.ids.slice(i, i + 1000);
		const rows = await d.updateReturning({
			table: 'crm_customers',
			set: { pool: opts.to, date_updated: d.writeTs(opts.now) },
			// still unowned and still in a pool the mover's right was checked for
			where: (q) => q.whereIn('id', chunk).whereNull('owner').where((w) => (orNone ? w.whereIn('pool', pools).orWhereNull('pool') : w.whereIn('pool', pools))),
			returning: ['id'],
		});
		moved.push(...rows.map((r: { id: number }) => Number(r.id)));
	}
	return moved;
}
