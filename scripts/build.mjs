// Build the Lead Pool bundle (extensions/lead-pool/dist) with the Directus extensions SDK.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, nodeBinary } from './lib/instance.mjs';

const bundle = path.join(ROOT, 'extensions/lead-pool');
const cli = path.join(ROOT, 'node_modules/@directus/extensions-sdk/cli.js');
execFileSync(nodeBinary(), [cli, 'build', ...(process.argv.includes('--watch') ? ['-w', '--no-minify'] : [])], { cwd: bundle, stdio: 'inherit' });
