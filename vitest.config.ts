import { defineConfig } from 'vitest/config';

/** A project with a real Directus of its own (global setup), whose test files run one after another. */
const withInstance = (name: 'sqlite' | 'postgres' | 'mariadb' | 'browser', include: string[], testTimeout = 60_000) => ({
	test: {
		name,
		include,
		globalSetup: ['test/harness/global-setup.ts'],
		// One Directus per project; test files share it and run one after another.
		fileParallelism: false,
		testTimeout,
		hookTimeout: 240_000,
		teardownTimeout: 60_000,
	},
});

/** The README's install run literally: packed tarball, plain Directus instances of their own, the mail path. */
const install = {
	test: {
		name: 'install',
		include: ['test/install/**/*.test.ts'],
		// each file starts its own Directus instances; one file at a time on a small machine
		fileParallelism: false,
		testTimeout: 600_000,
		hookTimeout: 600_000,
	},
};

export default defineConfig({
	test: {
		projects: [
			{
				test: {
					name: 'unit',
					include: ['extensions/lead-pool/src/**/*.test.ts', 'test/unit/**/*.test.ts'],
				},
			},
			withInstance('sqlite', ['test/integration/**/*.test.ts']),
			withInstance('postgres', ['test/integration/**/*.test.ts']),
			// MariaDB 10.11 (DB_CLIENT=mysql), the machine's server at 127.0.0.1:3306; in `npm test`; `npm run test:mariadb` alone
			withInstance('mariadb', ['test/integration/**/*.test.ts']),
			// The studio in Debian's Chromium, against an instance on SQLite.
			withInstance('browser', ['test/browser/**/*.test.ts'], 120_000),
			install,
		],
	},
});
