import type { Knex } from 'knex';
import { compactReportRollups } from '../services/reports';
import type { HookDeps, Register } from './register';

/**
 * Every ten minutes, the reports' hourly rollup merges the rows each writing statement appended (PostgreSQL; a no-op
 * where the database keeps no rollups). Safe on several instances at once.
 */
export function registerRollupCompaction({ schedule }: Register, database: Knex, deps: HookDeps) {
	schedule('*/10 * * * *', async () => {
		try {
			const merged = await compactReportRollups(database);
			if (merged > 0) deps.logger?.debug?.(`[lead-pool] report rollups: ${merged} rows merged`);
		} catch (error) {
			deps.logger?.warn?.(`[lead-pool] report rollups compaction failed: ${(error as Error).message}`);
		}
	});
}
