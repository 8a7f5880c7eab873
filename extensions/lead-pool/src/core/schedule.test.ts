import { describe, expect, it } from 'vitest';
import { scheduleRefusal } from './schedule';

const problem = (cron: unknown) => scheduleRefusal(cron, 'Asia/Shanghai')?.params['en'] ?? null;

describe('a reclaim schedule fires, at most once a minute', () => {
	it('accepts hourly, daily and weekday schedules, and 6 fields with one second', () => {
		for (const cron of ['0 * * * *', '*/15 * * * *', '30 7 * * 1-5', '* * * * *', '0 0 8 * * *']) expect(problem(cron)).toBeNull();
	});

	it('refuses expressions that can never fire or cannot be read', () => {
		expect(problem('99 99 * * *')).toMatch(/not a valid cron expression/);
		expect(problem('*/0 * * * *')).toMatch(/not a valid cron expression/);
		expect(problem('0 0 31 2 *')).toMatch(/never fires/);
		expect(problem('every hour')).toMatch(/5 fields/);
		expect(problem(42)).toMatch(/must be a cron expression/);
	});

	it('refuses schedules that fire more often than once a minute', () => {
		expect(problem('* * * * * *')).toMatch(/more often than once a minute/);
		expect(problem('*/30 * * * * *')).toMatch(/more often than once a minute/);
		expect(scheduleRefusal('* * * * * *', 'UTC')?.params['zh']).toMatch(/每分钟/);
	});
});
