import { emailKey, nameKey } from './normalize';
import { phoneCandidates } from './phone';

/**
 * The duplicate check: what a typed keyword is compared with. Names compare by their stored normalised key
 * (anywhere in the name), e-mails whole and without case, phones as whole numbers only (core/phone: international
 * keys and local numbers, never fragments, so the check cannot be used to rebuild a hidden customer's number). Exact
 * matches rank before prefix matches before matches inside the name.
 */
export interface DuplicateQuery {
	name: string | null;
	/** the digits of the whole numbers the keyword may be (international form, or as typed) */
	phones: string[];
	/** local numbers (without area code) the keyword may be */
	phoneLocals: string[];
	email: string | null;
}

export function duplicateQuery(keyword: string): DuplicateQuery {
	const trimmed = keyword.trim();
	const { keys, locals } = phoneCandidates(trimmed);
	return {
		name: nameKey(trimmed),
		phones: keys,
		phoneLocals: locals,
		email: trimmed.includes('@') ? emailKey(trimmed) : null,
	};
}

/** Escape LIKE wildcards (and the escape character itself) so a keyword is matched literally. */
export function likeEscape(value: string, escape = '\\'): string {
	let out = '';
	for (const c of value) out += c === '%' || c === '_' || c === escape ? `${escape}${c}` : c;
	return out;
}

/**
 * A small per-user allowance (a token bucket), so the check answers people typing but cannot be used to page
 * through the whole customer table.
 */
export class RateLimiter {
	private buckets = new Map<string, { tokens: number; at: number }>();
	constructor(
		private readonly perMinute: number,
		private readonly burst = perMinute,
	) {}

	take(key: string, now = Date.now()): boolean {
		const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
		b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 60_000) * this.perMinute);
		b.at = now;
		if (b.tokens < 1) {
			this.buckets.set(key, b);
			return false;
		}
		b.tokens -= 1;
		this.buckets.set(key, b);
		if (this.buckets.size > 10_000) this.buckets.clear();
		return true;
	}
}
