import { describe, expect, it } from 'vitest';
import { customerBatches, followUpsFor, performanceRows, prng } from '../../seeds/generate.mjs';

const NOW = Date.UTC(2026, 0, 15);
const all = (seed: number, count: number) => [...customerBatches({ seed, count, now: NOW, batchSize: 37 })].flat();

describe('the demo data generator', () => {
	it('gives the same rows for the same seed, size and date', () => {
		expect(JSON.stringify(all(3, 500))).toBe(JSON.stringify(all(3, 500)));
		expect(JSON.stringify(performanceRows({ seed: 3, now: NOW }))).toBe(JSON.stringify(performanceRows({ seed: 3, now: NOW })));
	});

	it('gives other rows for another seed', () => {
		expect(JSON.stringify(all(3, 200))).not.toBe(JSON.stringify(all(4, 200)));
	});

	it('streams in batches with consecutive ids, so memory stays flat at any size', () => {
		const sizes = [...customerBatches({ seed: 1, count: 2500, now: NOW, batchSize: 1000 })].map((b) => b.length);
		expect(sizes).toEqual([1000, 1000, 500]);
		expect(all(1, 100).map((c) => c.id)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
	});

	it('never has a follow-up after now or an owner among the unavailable reps', () => {
		const rows = all(9, 800);
		expect(rows.every((c) => c.owner == null || c.owner < 6)).toBe(true);
		const fus = followUpsFor(rows, 9);
		expect(fus.length).toBeGreaterThan(0);
		expect(fus.every((f) => f.contacted_at.getTime() <= NOW)).toBe(true);
	});

	it('prng is uniform enough for demo data', () => {
		const r = prng(42);
		const buckets = [0, 0, 0, 0];
		for (let i = 0; i < 40_000; i++) buckets[Math.floor(r() * 4)]!++;
		for (const b of buckets) expect(Math.abs(b - 10_000)).toBeLessThan(500);
	});
});
