import type { ActorLike } from '../core/actor';
import { checkFields } from '../core/field-rules';
import { emailKey, nameKey, phoneKey } from '../core/normalize';
import { RefusalError } from '../core/refusals';
import type { Db } from '../data/dialects';

/** Reading and shaping the payloads Directus hands to hooks. */

export type Payload = Record<string, unknown>;

/**
 * A service behind an `items.update` filter: who writes, which keys, the partial payload (one for all keys); it
 * answers what is left for Directus to write.
 */
export type UpdateFilter = (
	db: Db,
	accountability: ActorLike | null | undefined,
	keys: (number | string)[],
	input: Payload,
) => Promise<Payload>;

/** The key of a relational value: a plain key, or an object with an id (a nested create or update). */
export function idOf(value: unknown): any {
	if (value && typeof value === 'object' && 'id' in value) return (value as { id: unknown }).id;
	return value;
}

export function stripFields(payload: Record<string, unknown>, fields: readonly string[]): void {
	for (const f of fields) delete payload[f];
}

/** The stored duplicate-check keys of the name, phone and e-mail a payload sets. */
export function withKeys(payload: Record<string, unknown>): void {
	if ('name' in payload) payload['name_key'] = nameKey(payload['name'] as string);
	if ('phone' in payload) payload['phone_key'] = phoneKey(payload['phone'] as string);
	if ('email' in payload) payload['email_key'] = emailKey(payload['email'] as string);
}

/**
 * Every create and update of Lead Pool's collections, before anything else reads it: each field against its rule
 * (core/field-rules), a field without one against its column's type (`types`, from the Directus schema). A bad value
 * is refused with a short message naming the field, the same on every database.
 */
export function checkPayload(collection: string, payload: unknown, opts: { creating: boolean; types?: Record<string, string> }): void {
	if (!payload || typeof payload !== 'object') return;
	const refusal = checkFields(collection, payload as Payload, opts);
	if (refusal) throw new RefusalError(refusal);
}
