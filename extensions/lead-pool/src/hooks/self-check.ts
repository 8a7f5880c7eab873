import type { Knex } from 'knex';
import { assertInstalled, checkAtStart, shapeGuardedStatements } from '../services/self-check';
import { withRefusals } from '../shared/errors';
import type { HookDeps, Register } from './register';

/**
 * The self-check (services/self-check.ts): at start, repair what setup adds and record what is missing; before every
 * user's write to a Lead Pool collection, refuse it while a guard is missing. Where the database cannot skip a row its
 * guards keep (MySQL), Directus's own statements are shaped first.
 */
export function registerSelfCheck({ filter, action }: Register, database: Knex, deps: HookDeps) {
	shapeGuardedStatements(database);
	action('server.start', () => checkAtStart(database, deps));
	for (const event of ['items.create', 'items.update', 'items.delete']) {
		filter(event, async (payload: unknown, meta: any, context: any) => {
			// users' writes; Directus's own (no accountability: setup through the services, the CLI) pass
			if (!context?.accountability || !String(meta?.collection ?? '').startsWith('crm_')) return payload;
			await withRefusals(database, context?.accountability?.user, () => assertInstalled(database));
			return payload;
		});
	}
}
