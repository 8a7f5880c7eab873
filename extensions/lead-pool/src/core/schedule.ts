import { CronTime } from 'cron';
import { invalid, type Refusal } from './refusals';

/**
 * A schedule (reclaim, morning digest) must fire, and at most once a minute: a cron of 5 fields (minute, hour, day, month, weekday),
 * or of 6 with a single second first. An expression that cannot be read, that can never fire (31 February) or that
 * would fire every second is refused when it is saved, in words a manager can act on, instead of failing every run.
 */
export function scheduleRefusal(
	expression: unknown,
	timeZone: string,
	field: 'reclaim_schedule' | 'digest_schedule' = 'reclaim_schedule',
): Refusal | null {
	const [en, zh] = field === 'reclaim_schedule' ? ['Reclaim schedule', '回收计划'] : ['Morning digest schedule', '每日提醒计划'];
	const shown = JSON.stringify(typeof expression === 'string' ? expression.slice(0, 60) : expression);
	const example = ['for instance "0 * * * *" (hourly) or "30 7 * * 1-5" (7:30 on weekdays)', '例如 "0 * * * *"（每小时）或 "30 7 * * 1-5"（工作日 7:30）'];
	if (typeof expression !== 'string' || expression.trim() === '') {
		return invalid(`"${en}" must be a cron expression, ${example[0]}.`, `「${zh}」必须是 cron 表达式，${example[1]}。`, field);
	}
	const parts = expression.trim().split(/\s+/);
	if (parts.length < 5 || parts.length > 6) {
		return invalid(
			`"${en}" ${shown} must have 5 fields (minute hour day month weekday), ${example[0]}.`,
			`「${zh}」${shown} 必须有 5 段（分 时 日 月 周），${example[1]}。`,
			field,
		);
	}
	if (parts.length === 6 && !/^\d{1,2}$/.test(parts[0]!)) {
		return invalid(
			`"${en}" ${shown} would run more often than once a minute; use 5 fields, ${example[0]}.`,
			`「${zh}」${shown} 的运行频率高于每分钟一次；请使用 5 段表达式，${example[1]}。`,
			field,
		);
	}
	try {
		new CronTime(expression.trim(), timeZone).sendAt();
	} catch (error) {
		const never = /no execution date/i.test((error as Error).message);
		return never
			? invalid(`"${en}" ${shown} never fires (no such date); ${example[0]}.`, `「${zh}」${shown} 永远不会运行（没有这样的日期）；${example[1]}。`, field)
			: invalid(
					`"${en}" ${shown} is not a valid cron expression (${(error as Error).message.split('\n')[0]}); ${example[0]}.`,
					`「${zh}」${shown} 不是有效的 cron 表达式；${example[1]}。`,
					field,
				);
	}
	return null;
}

/**
 * Whether a schedule fires in the second of `now` (Directus ticks a schedule hook every second, and the expression
 * itself is a setting that may change): the parsed expression is kept until the setting changes.
 */
export function cronTicker(): (expr: string, timeZone: string, now: Date) => boolean {
	let cached: { expr: string; tz: string; time: CronTime } | null = null;
	return (expr, tz, now) => {
		if (!cached || cached.expr !== expr || cached.tz !== tz) cached = { expr, tz, time: new CronTime(expr, tz) };
		const next = cached.time.getNextDateFrom(new Date(Math.floor(now.getTime() / 1000) * 1000 - 1)).toMillis();
		return next <= now.getTime();
	};
}
