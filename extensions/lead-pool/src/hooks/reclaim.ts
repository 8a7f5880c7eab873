import type { Knex } from 'knex';
import { reclaimOnSchedule } from '../services/reclaim';
import type { HookDeps, Register } from './register';


/**
 * The reclaim job, on the schedule set in the settings: Directus ticks every second and the service runs the job
 * when the configured expression fires. `LEAD_POOL_RECLAIM_SCHEDULE=off` keeps an instance out of it.
 */
export function registerReclaimSchedule({ schedule }: Register, database: Knex, deps: HookDeps) {
	if (process.env['LEAD_POOL_RECLAIM_SCHEDULE'] === 'off') return;
	schedule('* * * * * *', reclaimOnSchedule(database, deps));
}
