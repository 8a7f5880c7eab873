import { defineConfig } from 'vitest/config';

const integration = (name: 'sqlite' | 'postgres') => ({
	test: {
		name,
		include: ['test/integration/**/*.test.ts'],
		globalSetup: ['test/harness/global-setup.ts'],
		// One Directus per database; test files share it and run one after another.
		fileParallelism: false,
		testTimeout: 60_000,
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
			integration('sqlite'),
			integration('postgres'),
			{
				// The studio in Debian's Chromium, against a harness instance on SQLite.
				test: {
					name: 'browser',
					include: ['test/browser/**/*.test.ts'],
					globalSetup: ['test/harness/global-setup.ts'],
					fileParallelism: false,
					testTimeout: 120_000,
					hookTimeout: 240_000,
					teardownTimeout: 60_000,
				},
			},
		],
	},
});
