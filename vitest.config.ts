import { defineConfig } from 'vitest/config';

/** A project with a real Directus of its own (global setup), whose test files run one after another. */
const withInstance = (name: 'sqlite' | 'postgres' | 'browser', include: string[], testTimeout = 60_000) => ({
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
			// The studio in Debian's Chromium, against an instance on SQLite.
			withInstance('browser', ['test/browser/**/*.test.ts'], 120_000),
		],
	},
});
