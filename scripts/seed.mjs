// npm run seed -- --url http://127.0.0.1:8055 --token <admin static token> [--size 300] [--password <demo password>]
// Fills a Lead Pool instance (set up already) with the demo data: a manager, eight reps, teams, pools, rules and
// customers with follow-ups and events. People and settings go through the API; the bulk rows are written straight
// into the database, so run it with the DB_* variables of that Directus (DB_CLIENT, DB_FILENAME or DB_HOST...).
// Running it again adds nothing once the demo structure is there.
import { parseArgs } from 'node:util';
import { setupLeadPool, SetupError, preflight } from '../extensions/lead-pool/setup/setup.mjs';
import { seedInstance } from '../seeds/seed.mjs';
import { knexFromEnv } from './lib/database.mjs';

const { values } = parseArgs({
	options: {
		url: { type: 'string', default: process.env.DIRECTUS_URL },
		token: { type: 'string', default: process.env.DIRECTUS_TOKEN },
		size: { type: 'string', default: process.env.LEAD_POOL_DEMO_SIZE ?? '300' },
		password: { type: 'string', default: process.env.LEAD_POOL_DEMO_PASSWORD ?? 'lead-pool-demo' },
	},
});

if (!values.url || !values.token) {
	console.error(
		'Usage: npm run seed -- --url <Directus URL> --token <administrator static token> [--size 300] [--password <demo password>]\n' +
			'with the DB_* variables of that Directus in the environment (DB_CLIENT=sqlite3 DB_FILENAME=..., or DB_CLIENT=pg DB_HOST=...).',
	);
	process.exit(2);
}

let knex;
try {
	knex = knexFromEnv();
	// the same checks as setup: reachable, an administrator's token, Lead Pool loaded (and set up: settings exist)
	await preflight(values.url, values.token);
	const size = Number(values.size);
	if (!Number.isInteger(size) || size < 0) throw new SetupError(`--size must be a whole number, not "${values.size}"`);
	const result = await seedInstance({ url: values.url, token: values.token, knex, size, password: values.password, log: (line) => console.log(`  ${line}`) });
	// the bulk rows were written without their duplicate-check keys; setup fills them
	await setupLeadPool({ url: values.url, token: values.token });
	console.log(`Demo data in place. Sign in as manager@example.com or rep1@example.com … rep8@example.com with the demo password.${result.created === 0 ? '' : ` (${result.created} people created)`}`);
} catch (error) {
	const detail = error instanceof SetupError ? error.message : (error?.errors?.[0]?.message ?? error?.message ?? String(error));
	console.error(`Seeding stopped: ${detail}`);
	process.exitCode = 1;
} finally {
	await knex?.destroy();
}
