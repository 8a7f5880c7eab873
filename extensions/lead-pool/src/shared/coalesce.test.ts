import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Coalescer } from './coalesce';

describe('calls that arrive together run once', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('joins calls of a group within the quiet time into one run, and gives each caller its result', async () => {
		const runs: [string, number[]][] = [];
		const c = new Coalescer<number, string>(async (group, keys) => {
			runs.push([group, keys]);
			return `${group}:${keys.length}`;
		}, { quietMs: 100, maxWaitMs: 1000, maxKeys: 100 });
		const answers = [c.add('a', [1]), c.add('a', [2, 3]), c.add('b', [9]), c.add('a', [3])];
		await vi.advanceTimersByTimeAsync(150);
		expect(await Promise.all(answers)).toEqual(['a:3', 'a:3', 'b:1', 'a:3']);
		expect(runs).toHaveLength(2);
		expect(runs).toEqual(expect.arrayContaining([['a', [1, 2, 3]], ['b', [9]]]));
	});

	it('runs a batch that keeps growing after the longest wait, and a full batch at once', async () => {
		const runs: number[][] = [];
		const c = new Coalescer<number, void>(async (_g, keys) => void runs.push(keys), { quietMs: 100, maxWaitMs: 250, maxKeys: 5 });
		for (let i = 0; i < 4; i++) {
			void c.add('g', [i]);
			await vi.advanceTimersByTimeAsync(90);
		}
		expect(runs).toEqual([[0, 1, 2]]);
		void c.add('h', [1, 2, 3, 4, 5]);
		await vi.advanceTimersByTimeAsync(0);
		expect(runs.at(-1)).toEqual([1, 2, 3, 4, 5]);
	});

	it('passes a failed run to every caller of it', async () => {
		const c = new Coalescer<number, void>(async () => {
			throw new Error('down');
		}, { quietMs: 10, maxWaitMs: 100, maxKeys: 10 });
		const a = c.add('g', [1]);
		const b = c.add('g', [2]);
		const both = Promise.allSettled([a, b]);
		await vi.advanceTimersByTimeAsync(20);
		expect((await both).map((r) => r.status)).toEqual(['rejected', 'rejected']);
	});
});
