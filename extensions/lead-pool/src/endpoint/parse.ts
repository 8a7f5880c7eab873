import { invalid, RefusalError } from '../core/refusals';

/**
 * Reading a request's body: what every route that takes customers or a reason expects. A bad value is refused with
 * INVALID_PAYLOAD in the reader's language (the endpoint turns the refusal into Directus's error, see index.ts).
 */

/** Refuse a request's value, in English and Chinese (the reader gets one). */
export function badInput(en: string, zh: string, field?: string): RefusalError {
	return new RefusalError(invalid(en, zh, field));
}

/** Customers one request may name. */
const MAX_KEYS = 500;

export function parseKeys(value: unknown, max = MAX_KEYS): number[] {
	if (!Array.isArray(value) || value.length === 0) {
		throw badInput('"keys" must be a non-empty list of customer ids', '"keys" 必须是非空的客户 id 列表', 'keys');
	}
	if (value.length > max) throw badInput(`At most ${max} customers at a time`, `一次最多 ${max} 个客户`, 'keys');
	const keys = value.map((v) => Number(v));
	if (keys.some((k) => !Number.isInteger(k) || k <= 0)) {
		throw badInput('"keys" must be customer ids (positive whole numbers)', '"keys" 必须是客户 id（正整数）', 'keys');
	}
	return keys;
}

export function parseReason(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw badInput('Say why: "reason" is required', '请说明原因："reason" 为必填', 'reason');
	}
	return value.trim().slice(0, 2000);
}

/** An optional whole-number id (a pool, a rule); `undefined` when absent, NaN when not a number. */
export function parseOptionalId(value: unknown): number | undefined {
	return value === undefined || value === null ? undefined : Number(value);
}
