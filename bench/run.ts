// npm run bench [-- --db sqlite|postgres|both] [--size N] [--rounds N] [--only spreadsheets --import-rows N]
// npm run bench -- --only load --instances 3 --reps 200 --seconds 60 [--load-customers N] [--concurrency N] (PostgreSQL + Redis)
//   [--instance-heap MB] caps each instance's V8 old space (--max-old-space-size), to tell a leak from a lazy heap
// npm run bench -- --only scale --sizes 1000000,3000000,10000000 (PostgreSQL: reclaim, duplicate check, reports, assignment at each size)
//   [--reuse-db NAME] measures again on a database kept by LEAD_POOL_BENCH_KEEP_DB=1, at its size
// Prints each benchmark's figures and its ratio against the baseline measured in the same run.
import { parseArgs } from 'node:util';
import { benchInstance } from './instance';
import { benchOwnership } from './ownership';
import { benchReclaim } from './reclaim';
import { benchAssignment } from './assignment';
import { benchDuplicates } from './duplicates';
import { benchSpreadsheets } from './spreadsheets';
import { benchLoad } from './load';
import { benchScale, growth } from './scale';

const { values } = parseArgs({
	options: {
		db: { type: 'string', default: 'both' },
		size: { type: 'string', default: '100000' },
		rounds: { type: 'string', default: '100' },
		only: { type: 'string', default: 'ownership,reclaim,assignment,duplicates,spreadsheets' },
		'import-rows': { type: 'string', default: '10000' },
		'duplicates-size-sqlite': { type: 'string', default: '100000' },
		'duplicates-size-postgres': { type: 'string', default: '1000000' },
		'duplicates-keywords': { type: 'string', default: '400' },
		'assign-customers': { type: 'string', default: '10000' },
		'assign-candidates': { type: 'string', default: '200' },
		'assign-follow-ups': { type: 'string', default: '1000000' },
		'reclaim-size-sqlite': { type: 'string', default: '100000' },
		'reclaim-size-postgres': { type: 'string', default: '1000000' },
		'reclaim-sample': { type: 'string', default: '300' },
		instances: { type: 'string', default: '3' },
		reps: { type: 'string', default: '200' },
		seconds: { type: 'string', default: '60' },
		'load-customers': { type: 'string', default: '1000000' },
		concurrency: { type: 'string', default: '' },
		'daily-limit': { type: 'string', default: '30' },
		'instance-heap': { type: 'string', default: '' },
		sizes: { type: 'string', default: '1000000,3000000,10000000' },
		'scale-keywords': { type: 'string', default: '30' },
		'scale-icontains': { type: 'string', default: '4' },
		'reuse-db': { type: 'string', default: '' },
	},
});
const kinds = values.db === 'both' ? (['sqlite', 'postgres'] as const) : ([values.db] as ('sqlite' | 'postgres')[]);
const fmt = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));

const only = new Set(values.only.split(','));

for (const kind of kinds) {
	if (!only.has('ownership')) break;
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

for (const kind of kinds) {
	if (!only.has('reclaim')) break;
	const size = Number(values[kind === 'sqlite' ? 'reclaim-size-sqlite' : 'reclaim-size-postgres']);
	const inst = await benchInstance(kind, { LEAD_POOL_RECLAIM_SCHEDULE: 'off', ...(process.env.LEAD_POOL_RECLAIM_CHUNK ? { LEAD_POOL_RECLAIM_CHUNK: process.env.LEAD_POOL_RECLAIM_CHUNK } : {}) });
	try {
		const r = await benchReclaim(inst, { size, due: Math.round(size / 10), sample: Number(values['reclaim-sample']) });
		console.log(`\n== reclaim on ${kind}, ${r.customers.toLocaleString('en')} customers, ${r.due.toLocaleString('en')} due (seeded in ${r.seedSeconds.toFixed(1)} s) ==`);
		console.log(`one reclaim run (HTTP, chunks of ${process.env.LEAD_POOL_RECLAIM_CHUNK ?? 1000})  ${r.ours.toFixed(2)} s   vs plain-SQL baseline ${r.baseline1.toFixed(2)} s / ${r.baseline2.toFixed(2)} s (before/after)   ratio ${r.ratio.toFixed(2)}x to the faster (goal <= 1.3x)`);
		console.log(`one by one through Directus             ${r.perItemMs.toFixed(1)} ms per customer on a sample of ${r.sample}, extrapolated to ${r.due.toLocaleString('en')}: ${r.oneByOne.toFixed(0)} s   ours is ${r.speedup.toFixed(0)}x faster (goal >= 50x)`);
		console.log(`Directus RSS during the run            ${r.rssBefore.toFixed(0)} MB before, ${r.rssPeak.toFixed(0)} MB peak, growth ${r.rssGrowth.toFixed(0)} MB (goal < 100 MB)`);
	} finally {
		await inst.stop();
	}
}

for (const kind of kinds) {
	if (!only.has('assignment')) break;
	const inst = await benchInstance(kind, { LEAD_POOL_RECLAIM_SCHEDULE: 'off' });
	try {
		const followUps = kind === 'sqlite' ? Math.min(Number(values['assign-follow-ups']), 100_000) : Number(values['assign-follow-ups']);
		const r = await benchAssignment(inst, { customers: Number(values['assign-customers']), candidates: Number(values['assign-candidates']), followUps, sample: 200 });
		console.log(`\n== assignment on ${kind}: ${r.customers.toLocaleString('en')} customers to ${r.candidates} candidates, weighted performance over ${r.followUps.toLocaleString('en')} follow-ups (seeded in ${r.seedSeconds.toFixed(1)} s) ==`);
		console.log(`POST /lead-pool/assign end to end       ${r.seconds.toFixed(2)} s, ${r.assigned.toLocaleString('en')} assigned (goal < 3 s on PostgreSQL)`);
		console.log(`one by one through Directus             ${r.perItemMs.toFixed(1)} ms per customer on a sample of ${r.sample}, extrapolated: ${r.loop.toFixed(0)} s   ours is ${r.speedup.toFixed(0)}x faster (goal >= 20x)`);
	} finally {
		await inst.stop();
	}
}

for (const kind of kinds) {
	if (!only.has('duplicates')) break;
	const inst = await benchInstance(kind, { LEAD_POOL_RECLAIM_SCHEDULE: 'off', LEAD_POOL_DUPLICATES_PER_MINUTE: '1000000', LEAD_POOL_DUPLICATES_BURST: '1000000' });
	try {
		const size = Number(values[kind === 'sqlite' ? 'duplicates-size-sqlite' : 'duplicates-size-postgres']);
		const r = await benchDuplicates(inst, { size, keywords: Number(values['duplicates-keywords']) });
		console.log(`\n== duplicate check on ${kind}, ${r.customers.toLocaleString('en')} customers (seeded in ${r.seedSeconds.toFixed(1)} s, setup incl. search indexes ${r.setupSeconds.toFixed(1)} s: ${r.indexes.join(', ') || 'none new'}) ==`);
		console.log(`GET /lead-pool/duplicates   p50 ${fmt(r.oursP50)} ms   p95 ${fmt(r.oursP95)} ms (goal <= 30 ms on PostgreSQL)   ${r.keywords} keywords of 2-10 characters, ${r.oursHits} with hits`);
		console.log(`filter[name][_icontains]    p50 ${fmt(r.theirsP50)} ms   p95 ${fmt(r.theirsP95)} ms   ${r.theirsHits} with hits`);
		console.log(`ratio                       p95 ${r.ratioP95.toFixed(1)}x   p50 ${r.ratioP50.toFixed(1)}x faster (goal >= 20x)`);
		console.log(`p95 by keyword length (ms)  ${r.byLength.join('   ')}`);
		console.log(`floor: GET /lead-pool/status p50 ${fmt(r.floorP50)} ms   p95 ${fmt(r.floorP95)} ms (an authenticated request doing no work)`);
		console.log(`Directus RSS                ${r.rssBefore.toFixed(0)} MB before the timed checks, ${r.rssPeak.toFixed(0)} MB peak`);
	} finally {
		await inst.stop();
	}
}

for (const kind of kinds) {
	if (!only.has('spreadsheets')) break;
	const inst = await benchInstance(kind, { LEAD_POOL_RECLAIM_SCHEDULE: 'off', IMPORT_TIMEOUT: '30m' });
	try {
		const r = await benchSpreadsheets(inst, { rows: Number(values['import-rows']) });
		console.log(`\n== spreadsheet import on ${kind}, ${r.rows.toLocaleString('en')} rows each, every row a new customer ==`);
		console.log(`POST /utils/import/crm_customers (CSV, keys)   ${r.directus1.toFixed(1)} s before ours, ${r.directus2.toFixed(1)} s after ours`);
		console.log(`POST /lead-pool/import .xlsx (${(r.xlsxBytes / 1024 / 1024).toFixed(1)} MB, Chinese)  ${r.xlsx.toFixed(1)} s   ratio ${r.ratioXlsx.toFixed(2)}x to Directus's mean (goal <= 1.0x)`);
		console.log(`POST /lead-pool/import .csv (Chinese labels)   ${r.csv.toFixed(1)} s   ratio ${r.ratioCsv.toFixed(2)}x`);
		console.log(`Directus RSS                                  ${r.rssBefore.toFixed(0)} MB before, ${r.rssPeak.toFixed(0)} MB peak`);
	} finally {
		await inst.stop();
	}
}

if (only.has('load')) {
	const reps = Number(values.reps);
	const r = await benchLoad({
		instances: Number(values.instances),
		reps,
		seconds: Number(values.seconds),
		customers: Number(values['load-customers']),
		// one request in flight per rep up to 32 (two cores serve them; more only lengthens the queue)
		concurrency: Number(values.concurrency || Math.min(reps, 32)),
		dailyLimit: Number(values['daily-limit']),
		heapMb: values['instance-heap'] ? Number(values['instance-heap']) : undefined,
		log: (line) => console.log(`  ${line}`),
	});
	console.log(`\n== load on postgres + Redis: ${r.instances} instances, ${r.reps} API-only reps, ${r.concurrency} requests in flight, ${r.customers.toLocaleString('en')} customers (seeded in ${r.seedSeconds.toFixed(1)} s), ${r.runSeconds.toFixed(0)} s${values['instance-heap'] ? `, V8 old space capped at ${values['instance-heap']} MB` : ''} ==`);
	console.log(`${'operation'.padEnd(14)} ${'n'.padStart(6)} ${'p50 ms'.padStart(9)} ${'p95 ms'.padStart(9)} ${'p99 ms'.padStart(9)}`);
	for (const row of r.rows) console.log(`${row.op.padEnd(14)} ${String(row.n).padStart(6)} ${fmt(row.p50).padStart(9)} ${fmt(row.p95).padStart(9)} ${fmt(row.p99).padStart(9)}`);
	const p95 = (op: string) => r.rows.find((x) => x.op === op)!.p95;
	console.log(`claim p95 / rep PATCH p95 ${(p95('claim') / p95('rep_patch')).toFixed(2)}x, / admin PATCH p95 ${(p95('claim') / p95('admin_patch')).toFixed(2)}x (goal <= 1.3x); rep list p95 / admin list p95 ${(p95('my_list') / p95('admin_list')).toFixed(2)}x (goal <= 1.3x)`);
	console.log(`throughput ${r.throughput.toFixed(1)} requests/s (${r.requests} requests)`);
	console.log(`refusals and errors by code: ${r.errors.map(([k, n]) => `${k}: ${n}`).join('; ') || 'none'}`);
	console.log(`reclaim run: ${JSON.stringify(r.side.reclaim)?.slice(0, 300)}; assignment run: ${JSON.stringify(r.side.assign)?.slice(0, 200)}`);
	console.log(`anomalies (goal 0): claimed twice ${r.anomalies.claimedTwice}, reps over the new cap ${r.anomalies.overNew}, over the prospect cap ${r.anomalies.overProspect}, over the daily limit ${r.anomalies.overDaily}, events out of step with owners ${r.anomalies.outOfStep}`);
	console.log(`Directus RSS per instance (MB): ${r.rssBefore.map((b, i) => `${b.toFixed(0)} -> peak ${r.rssPeak[i]!.toFixed(0)} (+${(r.rssPeak[i]! - b).toFixed(0)}), 15 s idle after ${r.rssAfter[i]!.toFixed(0)} (+${(r.rssAfter[i]! - b).toFixed(0)})`).join(', ')} (goal growth < 100 MB)`);
	console.log(`Directus RSS every 10 s (MB, per instance): ${r.rssSeries.map((xs) => xs.map((x) => x.toFixed(0)).join('/')).join('  ')}`);
}

if (only.has('scale')) {
	const sizes = values.sizes.split(',').map(Number);
	const rs = await benchScale({ sizes, keywordsPerLength: Number(values['scale-keywords']), icontainsPerLength: Number(values['scale-icontains']), assign: Number(values['assign-customers']), reps: Number(values.reps), reuseDb: values['reuse-db'] || undefined, log: (line) => console.log(`  ${line}`) });
	const col = (label: string, f: (r: (typeof rs)[number]) => string) => console.log(`${label.padEnd(46)} ${rs.map((r) => f(r).padStart(12)).join(' ')}`);
	console.log(`\n== scale on postgres: ${sizes.map((s) => s.toLocaleString('en')).join(' -> ')} customers, ${values.reps} reps ==`);
	col('customers', (r) => r.customers.toLocaleString('en'));
	col('seed of this step (s)', (r) => r.seedSeconds.toFixed(0));
	col('crm_customers with indexes (MB)', (r) => String(r.tableMb));
	col('reclaim: due', (r) => r.due.toLocaleString('en'));
	col('reclaim: ours (s)', (r) => r.reclaimSeconds.toFixed(1));
	col('reclaim: plain SQL baseline (s)', (r) => r.baselineSeconds.toFixed(1));
	col('reclaim: ratio (goal <= 1.3x)', (r) => `${r.reclaimRatio.toFixed(2)}x`);
	for (let len = 2; len <= 10; len++) col(`duplicate check p95, ${len} characters (ms)`, (r) => (r.dupP95ByLength.find(([l]) => l === len)?.[1] ?? NaN).toFixed(1));
	col('duplicate check p50 / p95 (ms)', (r) => `${r.dupP50.toFixed(1)} / ${r.dupP95.toFixed(1)}`);
	col('_icontains p50 / p95 (ms)', (r) => `${r.icontainsP50.toFixed(0)} / ${r.icontainsP95.toFixed(0)}`);
	col('_icontains p95 / ours p95, same keywords', (r) => `${r.dupRatioP95.toFixed(0)}x`);
	for (const name of rs[0]!.reports.map((x) => x.name)) col(`report ${name}, manager / rep (ms)`, (r) => { const x = r.reports.find((y) => y.name === name)!; return `${x.adminMs.toFixed(0)}/${x.status.endsWith('200') ? x.repMs.toFixed(0) : x.status.split('/')[1]}`; });
	col(`assignment of ${values['assign-customers']} (s)`, (r) => `${r.assignSeconds.toFixed(2)} (${r.assigned})`);
	col('Directus RSS growth (MB, goal < 100)', (r) => r.rssGrowthMb.toFixed(0));
	if (rs.length > 1) {
		const a = rs[0]!, b = rs[rs.length - 1]!;
		console.log(`growth ${a.customers.toLocaleString('en')} -> ${b.customers.toLocaleString('en')}:`);
		console.log(`  reclaim per due customer: ${growth(a.reclaimSeconds / a.due, b.reclaimSeconds / b.due, a.customers, b.customers)}`);
		console.log(`  duplicate check p95: ${growth(a.dupP95, b.dupP95, a.customers, b.customers)}`);
		for (const x of a.reports) { const y = b.reports.find((z) => z.name === x.name)!; console.log(`  report ${x.name} (manager): ${growth(x.adminMs, y.adminMs, a.customers, b.customers)}`); }
		console.log(`  assignment: ${growth(a.assignSeconds, b.assignSeconds, a.customers, b.customers)}`);
	}
}
