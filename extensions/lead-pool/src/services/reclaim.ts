import { randomUUID } from 'node:crypto';
import type { Db } from '../data/dialects';
import {
	acquireRunLock,
	dryRunCounts,
	reclaimChunk,
	reclaimPools,
	releaseRunLock,
	remindChunk,
	renewRunLock,
	teamManagersOf,
} from '../data/reclaim';
import { userNames } from '../data/people';
import { poolNames } from '../data/pools';
import { reclaimSchedule } from '../data/settings';
import { endExpiredLocks } from './locks';
import { notifyEach, poolAdminsAndManagers, type Note } from './notify';
import { onSchedule } from './scheduled';
import { say } from '../core/refusals';
import { languagesOfUsers } from './actors';

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
			const stats = (result.by_pool[pool.name] ??= { reclaimed: 0, reminded: 0 });
			stats.reclaimed += counts.due;
			stats.reminded += counts.remind;
			result.reclaimed += counts.due;
			result.reminded += counts.remind;
			result.sample.push(...counts.sample.slice(0, 100 - result.sample.length));
		}
		result.seconds = (Date.now() - started) / 1000;
		return result;
	}

	const holder = randomUUID();
	if (!(await acquireRunLock(db, holder, now, leaseMs()))) {
		return { ...result, ran: false, reason: 'Another reclaim run is in progress' };
	}

	const reclaimedFrom = new Map<string, { count: number; names: string[] }>();
	const remindedOf = new Map<string, { count: number; names: string[]; due: Date | null }>();
	const poolDigest = new Map<number, { name: string; count: number }>();
	const escalatedOf = new Map<string, { count: number; names: string[]; due: Date | null }>();
	const size = opts.chunkSize ?? CHUNK;
	try {
		// a rep's lock whose end has passed is a lock no more: ended (with its event) before anything falls due
		await endExpiredLocks(db, now);
		const names = pools.some((p) => p.reclaimTo) ? await poolNames(db) : new Map<number, string>();
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
				for (const r of rows) tally(remindedOf, r.owner, r.name, r.due);
				await renewRunLock(db, holder, new Date(), leaseMs());
			}
			for (let after = 0; pool.escalationDays > 0; ) {
				const { rows, lastId } = await remindChunk(db, pool, now, after, size, 'escalated_due_at');
				if (lastId === null) break;
				after = lastId;
				for (const r of rows) tally(escalatedOf, r.owner, r.name, r.due);
				await renewRunLock(db, holder, new Date(), leaseMs());
			}
			const into = pool.reclaimTo ?? pool.id;
			if (stats.reclaimed) {
				const name = pool.reclaimTo ? (names.get(pool.reclaimTo) ?? `#${pool.reclaimTo}`) : pool.name;
				const digest = poolDigest.get(into) ?? { name, count: 0 };
				poolDigest.set(into, { ...digest, count: digest.count + stats.reclaimed });
			}
			const total = (result.by_pool[pool.name] ??= { reclaimed: 0, reminded: 0 });
			total.reclaimed += stats.reclaimed;
			total.reminded += stats.reminded;
			result.reclaimed += stats.reclaimed;
			result.reminded += stats.reminded;
		}
	} finally {
		result.seconds = (Date.now() - started) / 1000;
		await releaseRunLock(db, holder, result, new Date()).catch(() => {});
	}

	if (opts.services && opts.getSchema) {
		try {
			const schema = await opts.getSchema();
			await sendDigests(db, opts.services, schema, reclaimedFrom, remindedOf, poolDigest);
			await sendEscalations(db, opts.services, schema, escalatedOf);
		} catch (error) {
			opts.logger?.warn?.(`[lead-pool] reclaim notifications failed: ${(error as Error).message}`);
		}
	}
	return result;
}

function tally(map: Map<string, { count: number; names: string[]; due: Date | null }>, owner: string, name: string, due: Date | null) {
	const entry = map.get(owner) ?? { count: 0, names: [], due };
	entry.count++;
	if (entry.names.length < MAX_NAMES) entry.names.push(name);
	if (due && (!entry.due || due < entry.due)) entry.due = due;
	map.set(owner, entry);
}

/**
 * One digest per team manager per run: their team's customers that fall due within the pools' escalation days,
 * by owner, so a neglected key customer reaches someone who can act. All of them in one insert.
 */
async function sendEscalations(db: Db, services: any, schema: any, escalatedOf: Map<string, { count: number; names: string[]; due: Date | null }>) {
	if (escalatedOf.size === 0) return;
	const managers = await teamManagersOf(db, [...escalatedOf.keys()]);
	const names = await userNames(db, [...escalatedOf.keys()]);
	const byManager = new Map<string, string[]>();
	const counts = new Map<string, number>();
	for (const [owner, entry] of escalatedOf) {
		const manager = managers.get(owner);
		if (!manager) continue;
		const due = entry.due ? ` (${entry.due.toISOString().slice(0, 10)})` : '';
		byManager.set(manager, [...(byManager.get(manager) ?? []), `- ${names.get(owner) ?? owner}: ${more(entry)}${due}`]);
		counts.set(manager, (counts.get(manager) ?? 0) + entry.count);
	}
	const languages = await languagesOfUsers(db, [...byManager.keys()]);
	const notes: (Note & { recipient: string })[] = [];
	for (const [manager, lines] of byManager) {
		const n = counts.get(manager) ?? 0;
		const lang = languages.get(manager)!;
		const list = lines.join('\n');
		notes.push({
			recipient: manager,
			subject: say(lang, `${n} of your team's customers fall due for reclaim soon`, `团队有 ${n} 个客户即将被回收`),
			message: say(
				lang,
				`Their owners have been reminded; these go back to the pool unless someone follows up (due date in brackets):\n${list}`,
				`负责人已收到提醒；如无人跟进，以下客户将回到公海（括号内为到期日）：\n${list}`,
				[list],
			),
			collection: 'crm_customers',
		});
	}
	await notifyEach(services, schema, notes);
}

const more = (entry: { count: number; names: string[] }) =>
	`${entry.names.join(', ')}${entry.count > entry.names.length ? ` … (+${entry.count - entry.names.length})` : ''}`;

/**
 * The run's digests: one per owner whose customers went back, one per owner reminded, one per pool admin (or sales
 * manager) of each pool that received customers, each in the reader's language; all of them in one insert, however
 * many reps a run touched.
 */
async function sendDigests(
	db: Db,
	services: any,
	schema: any,
	reclaimedFrom: Map<string, { count: number; names: string[] }>,
	remindedOf: Map<string, { count: number; names: string[]; due: Date | null }>,
	poolDigest: Map<number, { name: string; count: number }>,
) {
	const adminsOf = new Map<number, string[]>();
	for (const pool of poolDigest.keys()) adminsOf.set(pool, await poolAdminsAndManagers(db, pool));
	const languages = await languagesOfUsers(db, [...new Set([...reclaimedFrom.keys(), ...remindedOf.keys(), ...[...adminsOf.values()].flat()])]);
	const notes: (Note & { recipient: string })[] = [];
	for (const [owner, entry] of reclaimedFrom) {
		const lang = languages.get(owner)!;
		notes.push({
			recipient: owner,
			subject: say(lang, `${entry.count} customers returned to the pool`, `${entry.count} 个客户已被自动回收`),
			message: `${say(lang, 'Not followed up or not converted in time, these customers went back to their pool:', '以下客户因未及时跟进或成交，已回到公海：')} ${more(entry)}`,
			collection: 'crm_customers',
		});
	}
	for (const [owner, entry] of remindedOf) {
		const due = entry.due ? entry.due.toISOString().slice(0, 10) : '';
		const lang = languages.get(owner)!;
		notes.push({
			recipient: owner,
			subject: say(lang, `${entry.count} customers fall due for reclaim${due ? ` from ${due}` : ''}`, `${entry.count} 个客户即将被回收${due ? `（${due} 起）` : ''}`),
			message: `${say(lang, 'Log a follow-up to keep them:', '请尽快跟进，否则这些客户将回到公海：')} ${more(entry)}`,
			collection: 'crm_customers',
		});
	}
	for (const [pool, digest] of poolDigest) {
		for (const admin of new Set(adminsOf.get(pool))) {
			const lang = languages.get(admin)!;
			notes.push({
				recipient: admin,
				subject: say(lang, `${digest.count} customers reclaimed into "${digest.name}"`, `${digest.count} 个客户回收至公海「${digest.name}」`, [digest.name]),
				message: say(
					lang,
					`The reclaim run returned ${digest.count} neglected customers to pool "${digest.name}".`,
					`自动回收把 ${digest.count} 个未跟进的客户退回公海「${digest.name}」。`,
					[digest.name],
				),
				collection: 'crm_customers',
			});
		}
	}
	await notifyEach(services, schema, notes);
}

/** The reclaim on its schedule (a setting): see onSchedule. */
export function reclaimOnSchedule(db: Db, deps: { services: any; getSchema: () => Promise<any>; logger: any }): () => Promise<void> {
	return onSchedule(
		db,
		{
			name: 'reclaim',
			schedule: reclaimSchedule,
			run: async () => {
				const result = await runReclaim(db, deps);
				if (!result.ran || !(result.reclaimed || result.reminded)) return null;
				return `${result.reclaimed} reclaimed, ${result.reminded} reminded in ${result.seconds?.toFixed(1)} s`;
			},
		},
		deps.logger,
	);
}
