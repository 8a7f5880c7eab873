import type { Knex } from 'knex';
import { digestOnSchedule } from '../services/digest';
import type { HookDeps, Register } from './register';

/**
 * The morning digest, on the schedule set in the settings (as reclaim): Directus ticks every second and the service
 * sends when the configured expression fires. `LEAD_POOL_DIGEST_SCHEDULE=off` keeps an instance out of it.
 */
export function registerDigestSchedule({ schedule }: Register, database: Knex, deps: HookDeps) {
	if (process.env['LEAD_POOL_DIGEST_SCHEDULE'] === 'off') return;
	schedule('* * * * * *', digestOnSchedule(database, deps));
}
