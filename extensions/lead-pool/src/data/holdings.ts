import { CAPPED_STAGES, type Holdings, type Stage } from '../core/quota';
import { dialect, type Db } from './dialects';

/**
 * What counts against a cap, in SQL: the customers a rep owns of each capped stage (core/quota.ts says which). An
 * index-only count on (owner, stage), never a scan of the customers table. Every reader of holdings uses these.
 */
export async function holdingsOf(db: Db, user: string): Promise<Holdings> {
	return (await holdingsByOwner(db, [user])).get(user) ?? { new: 0, prospect: 0 };
}

/** Holdings of several reps at once (one grouped query); every owner when `owners` is omitted. */
export async function holdingsByOwner(db: Db, owners?: string[]): Promise<Map<string, Holdings>> {
	const q = db('crm_customers')
		.select('owner', 'stage')
		.count({ n: '*' })
		.whereIn('stage', CAPPED_STAGES as string[])
		.groupBy('owner', 'stage');
	if (owners) q.whereIn('owner', owners);
	else q.whereNotNull('owner');
	const byOwner = new Map<string, Holdings>();
	// some reps' holdings are read after their locks (lockReps), also inside Directus's own transactions: the latest rows
	for (const row of (await (owners ? dialect(db).latest(q) : q)) as { owner: string; stage: Stage; n: number | string }[]) {
		const holdings = byOwner.get(row.owner) ?? { new: 0, prospect: 0 };
		if (row.stage === 'new' || row.stage === 'prospect') holdings[row.stage] = Number(row.n);
		byOwner.set(row.owner, holdings);
	}
	return byOwner;
}

/**
 * Serialise changes of these reps' holdings across requests, processes and Directus instances, for the length of
 * the transaction. Taken in a fixed order, so that two runs never wait on each other in a circle.
 */
export async function lockReps(trx: Db, users: (string | null | undefined)[]): Promise<void> {
	const sorted = [...new Set(users.filter((u): u is string => !!u))].sort();
	if (sorted.length > 0) await dialect(trx).lockReps(sorted);
}
