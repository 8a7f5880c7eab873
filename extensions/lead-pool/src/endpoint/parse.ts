import { InvalidPayloadError } from '@directus/errors';

/** Reading a request's body: what every route that takes customers or a reason expects. */

/** Customers one request may name. */
const MAX_KEYS = 500;

export function parseKeys(value: unknown, max = MAX_KEYS): number[] {
	if (!Array.isArray(value) || value.length === 0) {
		throw new InvalidPayloadError({ reason: '"keys" must be a non-empty list of customer ids · "keys" 必须是客户 id 列表' });
	}
	if (value.length > max) throw new InvalidPayloadError({ reason: `At most ${max} customers at a time · 每次最多 ${max} 个客户` });
	const keys = value.map((v) => Number(v));
	if (keys.some((k) => !Number.isInteger(k) || k <= 0)) {
		throw new InvalidPayloadError({ reason: '"keys" must be customer ids (positive whole numbers) · "keys" 必须是正整数 id' });
	}
	return keys;
}

export function parseReason(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new InvalidPayloadError({ reason: 'Say why: "reason" is required · 请填写原因（reason）' });
	}
	return value.trim().slice(0, 2000);
}

/** An optional whole-number id (a pool, a rule); `undefined` when absent, NaN when not a number. */
export function parseOptionalId(value: unknown): number | undefined {
	return value === undefined || value === null ? undefined : Number(value);
}
