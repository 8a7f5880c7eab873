import { CronTime } from 'cron';
import { invalid, type Refusal } from './refusals';

/**
 * A reclaim schedule must fire, and at most once a minute: a cron of 5 fields (minute, hour, day, month, weekday),
 * or of 6 with a single second first. An expression that cannot be read, that can never fire (31 February) or that
 * would fire every second is refused when it is saved, in words a manager can act on, instead of failing every run.
 */
export function scheduleRefusal(expression: unknown, timeZone: string): Refusal | null {
	const field = 'reclaim_schedule';
	const shown = JSON.stringify(typeof expression === 'string' ? expression.slice(0, 60) : expression);
	const example = ['for instance "0 * * * *" (hourly) or "30 7 * * 1-5" (7:30 on weekdays)', '例如 "0 * * * *"（每小时）或 "30 7 * * 1-5"（工作日 7:30）'];
	if (typeof expression !== 'string' || expression.trim() === '') {
		return invalid(`"Reclaim schedule" must be a cron expression, ${example[0]}.`, `「回收计划」必须是 cron 表达式，${example[1]}。`, field);
	}
	const parts = expression.trim().split(/\s+/);
	if (parts.length < 5 || parts.length > 6) {
		return invalid(
			`"Reclaim schedule" ${shown} must have 5 fields (minute hour day month weekday), ${example[0]}.`,
			`「回收计划」${shown} 必须有 5 段（分 时 日 月 周），${example[1]}。`,
			field,
		);
	}
	if (parts.length === 6 && !/^\d{1,2}$/.test(parts[0]!)) {
		return invalid(
			`"Reclaim schedule" ${shown} would run more often than once a minute; use 5 fields, ${example[0]}.`,
			`「回收计划」${shown} 的运行频率高于每分钟一次；请使用 5 段表达式，${example[1]}。`,
			field,
		);
	}
	try {
		new CronTime(expression.trim(), timeZone).sendAt();
	} catch (error) {
		const never = /no execution date/i.test((error as Error).message);
		return never
			? invalid(`"Reclaim schedule" ${shown} never fires (no such date); ${example[0]}.`, `「回收计划」${shown} 永远不会运行（没有这样的日期）；${example[1]}。`, field)
			: invalid(
					`"Reclaim schedule" ${shown} is not a valid cron expression (${(error as Error).message.split('\n')[0]}); ${example[0]}.`,
					`「回收计划」${shown} 不是有效的 cron 表达式；${example[1]}。`,
					field,
				);
	}
	return null;
}
