import type { Knex } from 'knex';
import { CronTime } from 'cron';
import { loadSettings } from '../data/ownership';
import { readSettingsSchedule } from '../data/schedule';
import { runReclaim } from '../services/reclaim';

type Register = { schedule: (cron: string, handler: () => any) => void };

/**
 * The reclaim schedule is a setting (a cron expression in the settings' time zone), so it can change without a
 * restart: Directus ticks this hook every second (one instance per tick where SYNCHRONIZATION_STORE=redis), and the
 * tick runs the job when the configured expression fires in that second.
 */
export function registerReclaimSchedule({ schedule }: Register, database: Knex, services: any, getSchema: () => Promise<any>, logger: any) {
	if (process.env['LEAD_POOL_RECLAIM_SCHEDULE'] === 'off') return;
	let cached: { expr: string; tz: string; time: CronTime } | null = null;
	let installed = false;
	schedule('* * * * * *', async () => {
		try {
			// Quiet until setup has created Lead Pool's tables (the bundle can load before that).
			if (!installed) {
				installed = (await database.schema.hasTable('crm_settings')) && (await database.schema.hasTable('crm_customers'));
				if (!installed) return;
			}
			const now = new Date();
			const { expr, tz } = await readSettingsSchedule(database, loadSettings);
			if (!cached || cached.expr !== expr || cached.tz !== tz) cached = { expr, tz, time: new CronTime(expr, tz) };
			const next = cached.time.getNextDateFrom(new Date(Math.floor(now.getTime() / 1000) * 1000 - 1)).toMillis();
			if (next > now.getTime()) return;
			const result = await runReclaim(database, { services, getSchema, logger });
			if (result.ran && (result.reclaimed || result.reminded)) logger.info(`[lead-pool] reclaim: ${result.reclaimed} reclaimed, ${result.reminded} reminded in ${result.seconds?.toFixed(1)} s`);
		} catch (error) {
			logger.warn(`[lead-pool] reclaim run failed: ${(error as Error).message}`);
		}
	});
}
