import type { Db } from './dialects';

/**
 * The access epoch: one counter in the database that moves whenever who may see what changes (a pool, a membership, a
 * rep profile, a user's team or role, a policy granted or taken), on whichever instance it changed. Each process keeps
 * its per-user access facts (member pools, Lead Pool policies, the pools that hide contacts) tagged with the epoch they
 * were read under, and reads the counter at most once a second: a change made on another instance reaches every
 * instance within about a second, while a rep's facts are read once a minute rather than every few seconds (200 reps
 * reading their lists through three instances kept missing a 5-second cache).
 *
 * Where the table is not there yet (a bundle newer than its setup), `accessEpoch` answers null and the caches keep
 * their facts for a few seconds only, as before.
 */
const TABLE = 'lead_pool_epochs';
const ACCESS = 'access';
/** How often a process reads the counter. */
const READ_EVERY_MS = 1_000;
/** How long a fact tagged with the current epoch is kept at most (a write around Lead Pool moves no counter). */
export const EPOCH_KEEP_MS = 60_000;

let current: { at: number; value: number | null } | null = null;

/**
 * The access epoch as this process last read it (at most a second old), or null where setup has not made it. Each
 * caller that finds it old reads it on its own connection or transaction: one read shared between requests ran on the
 * first caller's transaction, and a second request holding a row lock that transaction waited for then waited on it in
 * turn, unseen by the database (MariaDB ended it after its 50 s lock wait timeout).
 */
export async function accessEpoch(db: Db): Promise<number | null> {
	if (current && Date.now() - current.at < READ_EVERY_MS) return current.value;
	return readEpoch(db);
}

/** Whether setup made the table: once seen it stays; until then looked for every half minute. */
let made: { at: number; value: boolean } | null = null;

async function readEpoch(db: Db): Promise<number | null> {
	const at = Date.now();
	// asked of the catalogue first: a failed read inside the caller's transaction would abort it on PostgreSQL
	if (!made?.value && (!made || at - made.at > 30_000)) made = { at, value: await db.schema.hasTable(TABLE) };
	// no table (setup has not run since this version): short-lived caches, as before the epoch
	const row = made.value ? await db(TABLE).first('n').where('name', ACCESS) : null;
	const value = row ? Number(row.n) : null;
	current = { at, value };
	return value;
}

/**
 * Whether a cached fact still holds: read under the epoch that is current and less than a minute ago; without an
 * epoch, younger than `ttlMs`.
 */
export function stillHolds(entry: { at: number; epoch: number | null }, epoch: number | null, ttlMs: number): boolean {
	const age = Date.now() - entry.at;
	if (epoch === null || entry.epoch === null) return age < ttlMs;
	return entry.epoch === epoch && age < EPOCH_KEEP_MS;
}

/** Who may see what changed: every instance drops its access facts at its next look (this one at once). */
export async function moveAccessEpoch(db: Db): Promise<void> {
	current = null;
	try {
		await db(TABLE).where('name', ACCESS).increment('n', 1);
	} catch {
		// no table yet: the other instances' caches expire within seconds
	}
}

/** Setup: the counter's table and row (idempotent). */
export async function ensureEpochs(db: Db): Promise<string[]> {
	const created: string[] = [];
	if (!(await db.schema.hasTable(TABLE))) {
		try {
			// one-column primary key: Directus reads it as a table of its own (no collection, no permission: nobody's reads)
			await db.schema.createTable(TABLE, (t) => {
				t.string('name', 64).primary();
				t.bigInteger('n').notNullable().defaultTo(0);
			});
			created.push(`table ${TABLE}`);
		} catch (error) {
			// another instance's start made it at the same moment
			if (!(await db.schema.hasTable(TABLE))) throw error;
		}
	}
	if (!(await db(TABLE).first('name').where('name', ACCESS))) {
		try {
			await db(TABLE).insert({ name: ACCESS, n: 0 });
		} catch (error) {
			if (!(await db(TABLE).first('name').where('name', ACCESS))) throw error;
		}
	}
	current = null;
	made = null;
	return created;
}
