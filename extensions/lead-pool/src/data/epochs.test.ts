import { describe, expect, it } from 'vitest';
import { EPOCH_KEEP_MS, stillHolds } from './epochs';

describe('a cached access fact under the access epoch', () => {
	const now = Date.now();
	it('holds under the same epoch for up to a minute, and not a moment once the epoch moved', () => {
		expect(stillHolds({ at: now - 30_000, epoch: 7 }, 7, 5_000)).toBe(true);
		expect(stillHolds({ at: now - EPOCH_KEEP_MS - 1, epoch: 7 }, 7, 5_000)).toBe(false);
		expect(stillHolds({ at: now, epoch: 7 }, 8, 5_000)).toBe(false);
	});
	it('without an epoch (setup not run yet), holds for the short time-to-live only', () => {
		expect(stillHolds({ at: now - 1_000, epoch: null }, null, 5_000)).toBe(true);
		expect(stillHolds({ at: now - 6_000, epoch: null }, null, 5_000)).toBe(false);
		// read before the table existed, checked after: the short time-to-live still bounds it
		expect(stillHolds({ at: now - 6_000, epoch: null }, 3, 5_000)).toBe(false);
	});
});
