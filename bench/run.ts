// npm run bench [-- --db sqlite|postgres|both] [--size N] [--rounds N]
// Prints each benchmark's figures and its ratio against the baseline measured in the same run.
import { parseArgs } from 'node:util';
import { benchInstance } from './instance';
import { benchOwnership } from './ownership';

const { values } = parseArgs({
	options: {
		db: { type: 'string', default: 'both' },
		size: { type: 'string', default: '100000' },
		rounds: { type: 'string', default: '100' },
	},
});
const kinds = values.db === 'both' ? (['sqlite', 'postgres'] as const) : ([values.db] as ('sqlite' | 'postgres')[]);
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

for (const kind of kinds) {
	const inst = await benchInstance(kind, { LEAD_POOL_RECLAIM_SCHEDULE: 'off' });
	try {
		const r = await benchOwnership(inst, { size: Number(values.size), rounds: Number(values.rounds) });
		console.log(`\n== ownership on ${kind}, ${r.customers.toLocaleString('en')} customers (seeded in ${r.seedSeconds.toFixed(1)} s) ==`);
		console.log(`claim by PATCH owner      median ${fmt(r.claimPatchMs)} ms   vs plain-field PATCH ${fmt(r.plainPatchMs)} ms   ratio ${r.claimRatio.toFixed(2)}x (goal <= 1.3x)`);
		console.log(`rep list of 100           median ${fmt(r.repListMs)} ms (p95 ${fmt(r.repListP95)})   vs admin ${fmt(r.adminListMs)} ms (p95 ${fmt(r.adminListP95)})   ratio ${r.listRatio.toFixed(2)}x (goal <= 1.3x)`);
		for (const [name, plan] of Object.entries(r.plans)) console.log(`plan ${name}: ${plan}`);
	} finally {
		await inst.stop();
	}
}
