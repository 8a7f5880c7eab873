import type { Knex } from 'knex';

const schedCache: { at: number; expr: string } = { at: 0, expr: '0 * * * *' };

/** The reclaim cron expression and time zone from settings (read at most every few seconds). */
export async function readSettingsSchedule(knex: Knex, loadSettings: (k: Knex) => Promise<{ timezone: string }>): Promise<{ expr: string; tz: string }> {
	const settings = await loadSettings(knex);
	if (Date.now() - schedCache.at > 5_000) {
		const row = await knex('crm_settings').first('reclaim_schedule');
		schedCache.expr = row?.reclaim_schedule || '0 * * * *';
		schedCache.at = Date.now();
	}
	return { expr: schedCache.expr, tz: settings.timezone };
}

export function clearScheduleCache() {
	schedCache.at = 0;
}
