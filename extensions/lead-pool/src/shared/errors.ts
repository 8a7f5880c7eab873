import { createError, InvalidPayloadError } from '@directus/errors';
import type { Knex } from 'knex';
import { refusalMessage, RefusalError, STATUS, type Refusal, type RefusalCode } from '../core/refusals';
import { languageOfUser } from '../services/actors';
import { redactRefusals } from '../services/read-guard';

/** Directus error classes for our codes; the message is the refusal's text in the user's language. */
const classes = new Map<RefusalCode, any>();
function classFor(code: RefusalCode) {
	let cls = classes.get(code);
	if (!cls) {
		cls = createError(code, (ext: { message: string }) => ext.message, STATUS[code]);
		classes.set(code, cls);
	}
	return cls;
}

/** A refusal as the error a client sees: code, status, message (English or Chinese), and per-key details. */
export async function toDirectusError(knex: Knex, user: string | null | undefined, given: Refusal, allGiven: Refusal[] = [given]) {
	const lang = await languageOfUser(knex, user);
	const redacted = await redactRefusals(knex, user, [given, ...allGiven]);
	const refusal = redacted[0]!;
	const all = allGiven.length > 1 ? redacted.slice(1) : [refusal];
	const message = refusalMessage(refusal, lang);
	// Directus frames the reason as "Invalid payload. <reason>.": no full stop of our own
	if (refusal.code === 'INVALID_PAYLOAD') return new InvalidPayloadError({ reason: message.replace(/[.。]\s*$/, '') });
	const Cls = classFor(refusal.code);
	return new Cls({
		message,
		...(refusal.key !== undefined ? { key: refusal.key } : {}),
		...(all.length > 1 ? { refusals: all.map((r) => ({ key: r.key, code: r.code, message: refusalMessage(r, lang) })) } : {}),
	});
}

/** Run `fn`; turn a RefusalError from the rules into the matching Directus error. */
export async function withRefusals<T>(knex: Knex, user: string | null | undefined, fn: () => Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		if (error instanceof RefusalError) throw await toDirectusError(knex, user, error.refusal, error.all);
		throw error;
	}
}

export async function describeRefusals(knex: Knex, user: string | null | undefined, refusals: Refusal[]) {
	const lang = await languageOfUser(knex, user);
	return (await redactRefusals(knex, user, refusals)).map((r) => ({ key: r.key ?? null, code: r.code, message: refusalMessage(r, lang) }));
}
