import { defineHook } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
// setup/ is plain JavaScript shared with the `lead-pool-setup` program; the bundle carries a copy of it
import { installLeadPool, setupLeadPool, SetupError } from '../../setup/setup.mjs';
import { prepareDatabase } from '../services/setup';
import { servicesClient } from './services-client';

/**
 * `npx directus lead-pool setup`: install or update Lead Pool from the Directus CLI, where the bundle is installed
 * (a Directus container needs nothing else). Without options it works on the database of this Directus
 * configuration (its DB_* variables) through the Directus services, with no token and no running server; run it
 * before starting Directus, or restart Directus afterwards (instances that share Redis hear of the schema change).
 * With --url and --token it sets up a running instance over its API instead, like `lead-pool-setup`.
 */
export default defineHook(({ init }, { services, database, getSchema, logger }) => {
	init('cli.before', ({ program }: any) => {
		const leadPool = program.command('lead-pool').description('Lead Pool for Directus');
		leadPool
			.command('setup')
			.description('Add the Lead Pool collections, indexes, guards, roles, permissions, dashboards and defaults (only what is missing)')
			.option('--url <url>', 'set up a running Directus over its API instead of this configuration\'s database')
			.option('--token <token>', 'an administrator\'s static token (with --url)')
			.option('--quiet', 'print only the summary and what could not be installed')
			.action(async (options: { url?: string; token?: string; quiet?: boolean }) => {
				const knex = database as unknown as Knex;
				// Directus warns here about what only a server does ("Flows have to be loaded before they can be
				// reloaded" after each flow setup creates); setup prints its own lines. LOG_LEVEL=debug shows everything.
				if ((logger as any).level === 'info' || (logger as any).level === 'warn') (logger as any).level = 'error';
				const print = (line: string) => console.log(`  ${line}`);
				const log = options.quiet ? (line: string) => (line.startsWith('NOT INSTALLED') ? print(line) : undefined) : print;
				let code = 0;
				try {
					if (options.url || options.token) {
						if (!options.url || !options.token) throw new SetupError('--url and --token go together: the address of a running Directus and an administrator\'s static token.');
						await report(await setupLeadPool({ url: options.url, token: options.token, log }));
					} else {
						const version = String(program.version() ?? '');
						log(`Directus ${version}, database ${String(knex.client.config.client)} (this configuration)`);
						const client = servicesClient(services, knex, () => getSchema());
						await report(await installLeadPool({ client, version, prepareDatabase: () => prepareDatabase(knex), log }));
					}
				} catch (error: any) {
					code = 1;
					if (error instanceof SetupError) console.error(`Lead Pool setup stopped: ${error.message}`);
					else console.error(`Lead Pool setup failed: ${error?.errors?.[0]?.message ?? error?.message ?? String(error)}\nRun it again once the cause is fixed; it only adds what is missing.`);
				} finally {
					await knex.destroy().catch(() => undefined);
				}
				// the Directus CLI leaves connections (Redis, timers) open; its own commands end the same way
				process.exit(code);
			});
	});
});

async function report({ changes, missing }: { changes: string[]; missing: unknown[] }) {
	console.log(changes.length === 0 ? 'Lead Pool is already set up: nothing to change.' : `Lead Pool set up: ${changes.length} changes.`);
	if (missing.length > 0) console.log(`${missing.length} optional part(s) could not be installed on this database (see NOT INSTALLED above).`);
}
