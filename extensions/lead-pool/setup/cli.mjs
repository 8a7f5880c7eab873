#!/usr/bin/env node
// lead-pool-setup --url https://directus.example.com --token ADMIN_STATIC_TOKEN
import { parseArgs } from 'node:util';
import { SetupError, setupLeadPool } from './setup.mjs';

const { values } = parseArgs({
	options: {
		url: { type: 'string', default: process.env.DIRECTUS_URL },
		token: { type: 'string', default: process.env.DIRECTUS_TOKEN },
		quiet: { type: 'boolean', default: false },
	},
});

if (!values.url || !values.token) {
	console.error('Usage: lead-pool-setup --url <Directus URL> --token <administrator static token>\n(or set DIRECTUS_URL and DIRECTUS_TOKEN)');
	process.exit(2);
}

try {
	const { changes } = await setupLeadPool({ url: values.url, token: values.token, log: values.quiet ? () => {} : (line) => console.log(`  ${line}`) });
	console.log(changes.length === 0 ? 'Lead Pool is already set up: nothing to change.' : `Lead Pool set up: ${changes.length} changes.`);
} catch (error) {
	if (error instanceof SetupError) {
		console.error(`Lead Pool setup stopped: ${error.message}`);
		process.exit(1);
	}
	const detail = error?.errors?.[0]?.message ?? error?.message ?? String(error);
	console.error(`Lead Pool setup failed: ${detail}\nRun it again once the cause is fixed; it only adds what is missing.`);
	process.exit(1);
}
