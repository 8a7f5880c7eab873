// Benchmark of the duplicate check: GET /lead-pool/duplicates against Directus's own
// `filter[name][_icontains]` on the same data, same instance, same keywords, in the same run.
// Keywords are 2 to 10 characters cut from real names of the seeded table (Chinese and English), plus a share that
// matches nothing (the worst case for a scan). Both are timed end to end over HTTP.
import { createUsers, readSingleton, rest, staticToken, createDirectus } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import ids from '../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { seedBulk } from '../seeds/seed.mjs';
import { prng } from '../seeds/generate.mjs';
import { connect } from '../test/harness/database';
import { nameKey } from '../extensions/lead-pool/src/core/normalize';
import type { BenchInstance } from './instance';
import { pct, rssMb } from './measure';

async function timed(url: string, token: string) {
	const t = performance.now();
	const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
	const body = (await res.json()) as any;
	if (!res.ok) throw new Error(`HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
	return { ms: performance.now() - t, hits: (body.data as any[]).length };
}

export async function benchDuplicates(inst: BenchInstance, opts: { size: number; keywords: number }) {
	const { url, adminToken, db } = inst;
	const admin = createDirectus(url).with(staticToken(adminToken)).with(rest());
	const knex = connect(db);
	try {
		const settings = (await admin.request(readSingleton('crm_settings'))) as any;
		const owners = Array.from({ length: 6 }, (_, i) => ({ id: randomUUID(), email: `dup-bench-${i}-${randomBytes(3).toString('hex')}@example.org`, role: ids.role.rep, status: 'active' }));
		await admin.request(createUsers(owners as any));
		const t0 = performance.now();
		await seedBulk({ knex, size: opts.size, seed: 17, poolIds: { company: settings.default_pool, east: settings.default_pool, web: settings.default_pool }, reps: owners.map((o) => o.id) });
		const seedSeconds = (performance.now() - t0) / 1000;
		const t1 = performance.now();
		// the key backfill answers within its time budget and says what is left: each call continues where it stopped
		let setupBody: any;
		const indexesCreated: string[] = [];
		do {
			const setup = await fetch(`${url}/lead-pool/setup`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` } });
			setupBody = (await setup.json()) as any;
			if (!setup.ok) throw new Error(`setup: HTTP ${setup.status} ${JSON.stringify(setupBody).slice(0, 200)}`);
			indexesCreated.push(...(setupBody.data.indexes_created ?? []));
		} while (setupBody.data.keys_pending > 0);
		const setupSeconds = (performance.now() - t1) / 1000;

		// keywords: pieces of names, each within one word, so both searches look for the same thing
		const rand = prng(5);
		const total = Number((await knex('crm_customers').count({ n: '*' }))[0]!.n);
		const keywords: string[] = [];
		while (keywords.length < opts.keywords) {
			const len = 2 + (keywords.length % 9);
			if (keywords.length % 5 === 4) {
				keywords.push(['zq', 'xkq', '鳯鸞', 'qwzv', '龘龘龘', 'xyzzyq', 'vvvqqqx', '豳豳鼗鼗', 'qqqqzzzxx', 'zzxxqqvvkk'][len - 2]!.slice(0, len));
				continue;
			}
			const row = await knex('crm_customers').select('name').where('id', '>=', 1 + Math.floor(rand() * total)).orderBy('id').first();
			const words = String(row?.name ?? '').split(/[\s.,]+/).filter((w) => [...w].length >= len);
			if (words.length === 0) continue;
			const word = [...words[Math.floor(rand() * words.length)]!];
			const start = Math.floor(rand() * (word.length - len + 1));
			const piece = word.slice(start, start + len).join('').toLowerCase();
			// a piece both searches can find: not part of a company suffix the stored key leaves out (有限公司, Ltd.)
			if (nameKey(piece) !== piece || !nameKey(String(row.name))!.includes(piece)) continue;
			keywords.push(piece);
		}

		const ours = (kw: string) => timed(`${url}/lead-pool/duplicates?q=${encodeURIComponent(kw)}&limit=10`, adminToken);
		const theirs = (kw: string) => timed(`${url}/items/crm_customers?filter[name][_icontains]=${encodeURIComponent(kw)}&limit=10&fields=id,name,owner,pool,date_created`, adminToken);
		for (const kw of keywords.slice(0, 5)) {
			await ours(kw);
			await theirs(kw);
		}
		const pid = inst.instance.child.pid!;
		const rssBefore = rssMb(pid);
		let rssPeak = rssBefore;
		// One pass each, so neither side runs right after the other's full-table scans; then the floor: an
		// authenticated request to an endpoint that does no work, on the same instance.
		const oursMs: number[] = [];
		const byLength = new Map<number, number[]>();
		let oursHits = 0;
		for (const kw of keywords) {
			const a = await ours(kw);
			oursMs.push(a.ms);
			oursHits += a.hits > 0 ? 1 : 0;
			const n = [...kw].length;
			byLength.set(n, [...(byLength.get(n) ?? []), a.ms]);
			rssPeak = Math.max(rssPeak, rssMb(pid));
		}
		const theirsMs: number[] = [];
		let theirsHits = 0;
		for (const kw of keywords) {
			const b = await theirs(kw);
			theirsMs.push(b.ms);
			theirsHits += b.hits > 0 ? 1 : 0;
		}
		const floorMs: number[] = [];
		for (let i = 0; i < 200; i++) {
			const t = performance.now();
			await (await fetch(`${url}/lead-pool/status`, { headers: { Authorization: `Bearer ${adminToken}` } })).arrayBuffer();
			floorMs.push(performance.now() - t);
		}
		return {
			customers: total,
			seedSeconds,
			setupSeconds,
			indexes: indexesCreated,
			keywords: keywords.length,
			oursP50: pct(oursMs, 0.5),
			oursP95: pct(oursMs, 0.95),
			theirsP50: pct(theirsMs, 0.5),
			theirsP95: pct(theirsMs, 0.95),
			ratioP95: pct(theirsMs, 0.95) / pct(oursMs, 0.95),
			ratioP50: pct(theirsMs, 0.5) / pct(oursMs, 0.5),
			byLength: [...byLength.entries()].sort((a, b) => a[0] - b[0]).map(([n, xs]) => `${n}: ${pct(xs, 0.95).toFixed(1)}`),
			oursHits,
			theirsHits,
			rssBefore,
			rssPeak,
			floorP50: pct(floorMs, 0.5),
			floorP95: pct(floorMs, 0.95),
		};
	} finally {
		await knex.destroy();
	}
}
