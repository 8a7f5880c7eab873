import { randomUUID } from 'node:crypto';
import { CronTime } from 'cron';
import type { Db } from '../data/dialects';
import { acquireRunLock, dryRunCounts, reclaimChunk, reclaimPools, releaseRunLock, remindChunk, renewRunLock } from '../data/reclaim';
import { leadPoolInstalled, reclaimSchedule } from '../data/settings';
import { endExpiredLocks } from './locks';
import { notify, poolAdminsAndManagers } from './notify';

export interface ReclaimResult {
	ran: boolean;
	dry_run: boolean;
	reason?: string;
	reclaimed: number;
	reminded: number;
	by_pool: Record<string, { reclaimed: number; reminded: number }>;
	sample?: number[];
	seconds?: number;
}

const CHUNK = Number(process.env['LEAD_POOL_RECLAIM_CHUNK'] ?? 1000);
const MAX_NAMES = 20;

function leaseMs() {
	return Number(process.env['LEAD_POOL_RECLAIM_LEASE_SECONDS'] ?? 120) * 1000;
}

/**
 * One reclaim run: for every pool with reclaim on, return due customers to the pool chunk by chunk, then mark and
 * remind the owners of customers that fall due within the reminder window; then one digest per owner and one per
 * pool admin. Safe to run twice at once (the second finds the lease taken, and the statements re-check anyway).
 */
export async function runReclaim(
	db: Db,
	opts: { dryRun?: boolean; now?: Date; services?: any; getSchema?: () => Promise<any>; logger?: any; chunkSize?: number },
): Promise<ReclaimResult> {
	const now = opts.now ?? new Date();
	const started = Date.now();
	const pools = await reclaimPools(db);
	const result: ReclaimResult = { ran: true, dry_run: !!opts.dryRun, reclaimed: 0, reminded: 0, by_pool: {} };

	if (opts.dryRun) {
		result.sample = [];
		for (const pool of pools) {
			const counts = await dryRunCounts(db, pool, now);
			result.by_pool[pool.name] = { reclaimed: counts.due, reminded: counts.remind };
			result.reclaimed += counts.due;
			result.reminded += counts.remind;
			result.sample.push(...counts.sample.slice(0, 100 - result.sample.length));
		}
		result.seconds = (Date.now() - started) / 1000;
		return result;
	}

	const holder = randomUUID();
	if (!(await acquireRunLock(db, holder, now, leaseMs()))) {
		return { ...result, ran: false, reason: 'Another reclaim run is in progress · 另一个回收任务正在进行' };
	}

	// a rep's lock whose end has passed is a lock no more: ended (with its event) before anything falls due
	await endExpiredLocks(db, now);
	const reclaimedFrom = new Map<string, { count: number; names: string[] }>();
	const remindedOf = new Map<string, { count: number; names: string[]; due: Date | null }>();
	const poolDigest = new Map<number, { name: string; count: number }>();
	const size = opts.chunkSize ?? CHUNK;
	try {
		for (const pool of pools) {
			const stats = { reclaimed: 0, reminded: 0 };
			for (let after = 0; ; ) {
				const { rows, lastId } = await reclaimChunk(db, pool, now, after, size);
				if (lastId === null) break;
				after = lastId;
				stats.reclaimed += rows.length;
				for (const r of rows) {
					const entry = reclaimedFrom.get(r.previous_owner) ?? { count: 0, names: [] };
					entry.count++;
					if (entry.names.length < MAX_NAMES) entry.names.push(r.name);
					reclaimedFrom.set(r.previous_owner, entry);
				}
				await renewRunLock(db, holder, new Date(), leaseMs());
			}
			for (let after = 0; ; ) {
				const { rows, lastId } = await remindChunk(db, pool, now, after, size);
				if (lastId === null) break;
				after = lastId;
				stats.reminded += rows.length;
				for (const r of rows) {
					const entry = remindedOf.get(r.owner) ?? { count: 0, names: [], due: r.due };
					entry.count++;
					if (entry.names.length < MAX_NAMES) entry.names.push(r.name);
					if (r.due && (!entry.due || r.due < entry.due)) entry.due = r.due;
					remindedOf.set(r.owner, entry);
				}
				await renewRunLock(db, holder, new Date(), leaseMs());
			}
			if (stats.reclaimed) poolDigest.set(pool.id, { name: pool.name, count: stats.reclaimed });
			result.by_pool[pool.name] = stats;
			result.reclaimed += stats.reclaimed;
			result.reminded += stats.reminded;
		}
	} finally {
		result.seconds = (Date.now() - started) / 1000;
		await releaseRunLock(db, holder, result, new Date()).catch(() => {});
	}

	if (opts.services && opts.getSchema) {
		try {
			await sendDigests(db, opts.services, await opts.getSchema(), reclaimedFrom, remindedOf, poolDigest);
		} catch (error) {
			opts.logger?.warn?.(`[lead-pool] reclaim notifications failed: ${(error as Error).message}`);
		}
	}
	return result;
}

const more = (entry: { count: number; names: string[] }) =>
	`${entry.names.join(', ')}${entry.count > entry.names.length ? ` … (+${entry.count - entry.names.length})` : ''}`;

async function sendDigests(
	db: Db,
	services: any,
	schema: any,
	reclaimedFrom: Map<string, { count: number; names: string[] }>,
	remindedOf: Map<string, { count: number; names: string[]; due: Date | null }>,
	poolDigest: Map<number, { name: string; count: number }>,
) {
	for (const [owner, entry] of reclaimedFrom) {
		await notify(services, schema, [owner], {
			subject: `${entry.count} customers returned to the pool · ${entry.count} 个客户已被自动回收`,
			message: `Not followed up or not converted in time, these customers went back to their pool: ${more(entry)}\n\n以下客户因未及时跟进或成交已回到公海。`,
			collection: 'crm_customers',
		});
	}
	for (const [owner, entry] of remindedOf) {
		const due = entry.due ? entry.due.toISOString().slice(0, 10) : '';
		await notify(services, schema, [owner], {
			subject: `${entry.count} customers fall due for reclaim${due ? ` from ${due}` : ''} · ${entry.count} 个客户即将被回收`,
			message: `Log a follow-up to keep them: ${more(entry)}\n\n请尽快跟进，否则这些客户将回到公海。`,
			collection: 'crm_customers',
		});
	}
	for (const [pool, digest] of poolDigest) {
		const admins = await poolAdminsAndManagers(db, pool);
		await notify(services, schema, admins, {
			subject: `${digest.count} customers reclaimed into "${digest.name}" · ${digest.count} 个客户回收至公海`,
			message: `The reclaim run returned ${digest.count} neglected customers to pool "${digest.name}".`,
			collection: 'crm_customers',
		});
	}
}

/**
 * The reclaim schedule is a setting (a cron expression in the settings' time zone), so it can change without a
 * restart: Directus ticks the returned function every second (one instance per tick where SYNCHRONIZATION_STORE=
 * redis), and the tick runs the job when the configured expression fires in that second.
 */
export function reclaimOnSchedule(db: Db, deps: { services: any; getSchema: () => Promise<any>; logger: any }): () => Promise<void> {
	let cached: { expr: string; tz: string; time: CronTime } | null = null;
	let installed = false;
	return async () => {
		try {
			// Quiet until setup has created Lead Pool's tables (the bundle can load before that).
			if (!installed) {
				installed = await leadPoolInstalled(db);
				if (!installed) return;
			}
			const now = new Date();
			const { expr, tz } = await reclaimSchedule(db);
			if (!cached || cached.expr !== expr || cached.tz !== tz) cached = { expr, tz, time: new CronTime(expr, tz) };
			const next = cached.time.getNextDateFrom(new Date(Math.floor(now.getTime() / 1000) * 1000 - 1)).toMillis();
			if (next > now.getTime()) return;
			const result = await runReclaim(db, deps);
			if (result.ran && (result.reclaimed || result.reminded)) {
				const took = result.seconds?.toFixed(1);
				deps.logger.info(`[lead-pool] reclaim: ${result.reclaimed} reclaimed, ${result.reminded} reminded in ${took} s`);
			}
		} catch (error) {
			deps.logger.warn(`[lead-pool] reclaim run failed: ${(error as Error).message}`);
		}
	};
}
