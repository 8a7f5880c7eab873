/**
 * Reading values as the drivers hand them back, whatever the database: timestamps as Date, numbers or text;
 * booleans as true, 1 or '1'; JSON as text or parsed. Writing them is the dialect's (data/dialects).
 */

export function readTs(value: unknown): Date | null {
	if (value === null || value === undefined || value === '') return null;
	if (value instanceof Date) return value;
	if (typeof value === 'number') return new Date(value);
	const s = String(value);
	if (/^\d+$/.test(s)) return new Date(Number(s));
	// SQLite CURRENT_TIMESTAMP text is UTC without a zone marker.
	return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : s.replace(' ', 'T') + 'Z');
}

export function readBool(value: unknown): boolean {
	return value === true || value === 1 || value === '1' || value === 'true';
}

export function readJson(value: unknown): any {
	if (value === null || value === undefined || value === '') return null;
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value);
	} catch {
		return null;
	}
}

/** JSON columns: text on SQLite, json on PostgreSQL; a string works for both. */
export function writeJson(value: unknown): string | null {
	return value === undefined || value === null ? null : JSON.stringify(value);
}

export function readInt(value: unknown): number | null {
	return value === null || value === undefined ? null : Number(value);
}
