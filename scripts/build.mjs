// Build the Lead Pool bundle (extensions/lead-pool/dist) with the Directus extensions SDK, and put a copy of the
// schema snapshot next to it: the package's setup reads it from there once installed (`npm pack` ships both).
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, nodeBinary } from './lib/instance.mjs';

const bundle = path.join(ROOT, 'extensions/lead-pool');
const cli = path.join(ROOT, 'node_modules/@directus/extensions-sdk/cli.js');
copyFileSync(path.join(ROOT, 'schema-snapshot.yaml'), path.join(bundle, 'schema-snapshot.yaml'));
execFileSync(nodeBinary(), [cli, 'build', ...(process.argv.includes('--watch') ? ['-w', '--no-minify'] : [])], { cwd: bundle, stdio: 'inherit' });
