import { cronTicker } from '../core/schedule';
import type { Db } from '../data/dialects';
import { leadPoolInstalled } from '../data/settings';

/**
 * A job on a schedule that is a setting (a cron expression in the settings' time zone), so it can change without a
 * restart: Directus ticks the returned function every second (one instance per tick where SYNCHRONIZATION_STORE=
 * redis), and the tick runs the job when the configured expression fires in that second. Quiet until setup has
 * created Lead Pool's tables (the bundle can load before that); a failed run is logged, never thrown.
 */
export function onSchedule(
	db: Db,
	job: { name: string; schedule: (db: Db) => Promise<{ expr: string; tz: string }>; run: (now: Date) => Promise<string | null> },
	logger: any,
): () => Promise<void> {
	const fires = cronTicker();
	let installed = false;
	return async () => {
		try {
			if (!installed) {
				installed = await leadPoolInstalled(db);
				if (!installed) return;
			}
			const now = new Date();
			const { expr, tz } = await job.schedule(db);
			if (!fires(expr, tz, now)) return;
			const done = await job.run(now);
			if (done) logger?.info?.(`[lead-pool] ${job.name}: ${done}`);
		} catch (error) {
			logger?.warn?.(`[lead-pool] ${job.name} failed: ${(error as Error).message}`);
		}
	};
}
