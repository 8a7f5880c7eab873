import { InvalidPayloadError } from '@directus/errors';

/** Reading a request's body: what every route that takes customers or a reason expects. */

/** Customers one request may name. */
const MAX_KEYS = 500;

export function parseKeys(value: unknown, max = MAX_KEYS): number[] {
	if (!Array.isArray(value) || value.length === 0) {
		throw new InvalidPayloadError({ reason: '"keys" must be a non-empty list of customer ids' });
	}
	if (value.length > max) throw new InvalidPayloadError({ reason: `At most ${max} customers at a time` });
	const keys = value.map((v) => Number(v));
	if (keys.some((k) => !Number.isInteger(k) || k <= 0)) {
		throw new InvalidPayloadError({ reason: '"keys" must be customer ids (positive whole numbers)' });
	}
	return keys;
}

export function parseReason(value: unknown): string {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new InvalidPayloadError({ reason: 'Say why: "reason" is required' });
	}
	return value.trim().slice(0, 2000);
}

/** An optional whole-number id (a pool, a rule); `undefined` when absent, NaN when not a number. */
export function parseOptionalId(value: unknown): number | undefined {
	return value === undefined || value === null ? undefined : Number(value);
}
