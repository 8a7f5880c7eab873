/**
 * Day boundaries in the settings' time zone, for "claims per day": a rep in Shanghai gets a fresh daily allowance
 * at midnight Shanghai time, not at midnight UTC. Uses the platform's Intl time-zone data.
 */
export function startOfDayInZone(now: Date, timeZone: string): Date {
	const parts = zonedParts(now, timeZone);
	const utcGuess = Date.UTC(parts.year, parts.month - 1, parts.day, 0, 0, 0);
	// Offset of the zone at that moment, then correct once more across a DST change.
	const offset1 = zoneOffsetMs(new Date(utcGuess), timeZone);
	const candidate = utcGuess - offset1;
	const offset2 = zoneOffsetMs(new Date(candidate), timeZone);
	return new Date(utcGuess - offset2);
}

export function isValidTimeZone(timeZone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone });
		return true;
	} catch {
		return false;
	}
}

function zonedParts(date: Date, timeZone: string) {
	const fmt = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	});
	const get = (type: string) => Number(fmt.formatToParts(date).find((p) => p.type === type)?.value);
	return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

function zoneOffsetMs(date: Date, timeZone: string): number {
	const p = zonedParts(date, timeZone);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** Offset of a time zone from UTC at `at`, in seconds (for databases without zone rules, such as SQLite). */
export function zoneOffsetSeconds(timeZone: string, at: Date): number {
	return Math.round(zoneOffsetMs(at, timeZone) / 1000);
}

/**
 * Whether the zone's offset from UTC is a whole number of hours throughout [from, to] (checked once a day), so that
 * counts kept per UTC hour fall into the zone's days and weeks exactly. Not so in India (+5:30), Nepal (+5:45) or on
 * Lord Howe Island (+10:30 in winter).
 */
export function wholeHourOffsets(timeZone: string, from: Date, to: Date): boolean {
	for (let t = from.getTime(); ; t = Math.min(t + DAY_MS, to.getTime())) {
		if (zoneOffsetSeconds(timeZone, new Date(t)) % 3600 !== 0) return false;
		if (t >= to.getTime()) return true;
	}
}

export function formatDay(date: Date, timeZone: string): string {
	const p = zonedParts(date, timeZone);
	return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The first moment of the month of `now` in a time zone (for "this month's" inquiries). */
export function startOfMonthInZone(now: Date, timeZone: string): Date {
	const day = Number(formatDay(now, timeZone).slice(8, 10));
	return startOfDayInZone(new Date(startOfDayInZone(now, timeZone).getTime() - (day - 1) * DAY_MS + DAY_MS / 2), timeZone);
}

/**
 * The days (YYYY-MM-DD in a time zone) that a window of instants covers, for rows dated by day (performance
 * entries): the window's last day counts in full; an open end (`to` null) takes every later day.
 */
export function daysOfWindow(window: { from: Date; to: Date | null }, timeZone: string): [string, string] {
	return [formatDay(window.from, timeZone), window.to ? formatDay(new Date(window.to.getTime() - 1), timeZone) : '9999-12-31'];
}
