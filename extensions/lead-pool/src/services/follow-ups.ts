import type { ActorLike } from '../core/actor';
import { RefusalError } from '../core/refusals';
import { loadCustomers } from '../data/customers';
import type { Db } from '../data/dialects';
import { followUpsByIds, planNextContact, refreshLatestSummary, touchLastContact } from '../data/follow-ups';
import { callerOf } from './actors';
import { claimCustomers } from './ownership';
import { idOf, type Payload, type UpdateFilter } from './payload';

/**
 * A follow-up is written by the rep who made the contact, on a customer they own; on an unowned customer of a pool
 * that claims by follow-up, writing it claims the customer, in the same transaction. Every follow-up moves the
 * customer's last contact forward (the reclaim clock) with its summary, and nothing else does; a follow-up that plans
 * the next contact sets the customer's. Answers the follow-up to create.
 */
export async function logFollowUp(trx: Db, accountability: ActorLike | null | undefined, input: Payload): Promise<Payload> {
	const payload = { ...input };
	const caller = await callerOf(trx, accountability);
	const actor = caller.user;
	if (caller.kind === 'rep') payload['rep'] = actor;
	const customerId = idOf(payload['customer']);
	if (typeof customerId !== 'number' && typeof customerId !== 'string') return payload; // Directus reports the missing field
	const [customer] = await loadCustomers(trx, [customerId]);
	if (!customer) throw new RefusalError({ code: 'LEAD_POOL_NOT_FOUND', key: customerId, params: { key: customerId } });
	if (caller.kind === 'rep') {
		if (customer.owner === null) {
			const details = { summary: String(payload['summary'] ?? '').slice(0, 200) };
			await claimCustomers(trx, { rep: actor!, actor, keys: [customer.id], mode: 'follow_up', allOrNothing: true, details });
		} else if (customer.owner !== actor) {
			throw new RefusalError({
				code: 'LEAD_POOL_NOT_OWNER',
				key: customer.id,
				params: { key: customer.id, name: customer.name, action: 'log a follow-up on', action_zh: '写跟进' },
			});
		}
	}
	const contactedAt = payload['contacted_at'] ? new Date(String(payload['contacted_at'])) : new Date();
	if (Number.isNaN(contactedAt.getTime())) return payload;
	if (!payload['contacted_at']) payload['contacted_at'] = contactedAt.toISOString();
	// the next contact is the owner's plan: a follow-up on a customer nobody owns (a manager's note) plans nothing
	const owned = customer.owner !== null || caller.kind === 'rep';
	const next = owned ? dateOf(payload['next_contact_at']) : null;
	const facts = { summary: (payload['summary'] as string | null) ?? null, nextContactAt: next };
	await touchLastContact(trx, customer.id, notAfterNow(contactedAt), facts);
	return payload;
}

/**
 * A rep edits only their own follow-ups, and only while they own the customer; nobody moves a follow-up to another
 * customer or rep by editing it. A follow-up moves its customer's clock only while its writer owns the customer, so
 * it never changes another owner's clock, and never past now.
 */
export const editFollowUps: UpdateFilter = async (db, accountability, keys, input) => {
	if (!accountability) return input;
	const caller = await callerOf(db, accountability);
	const payload = { ...input };
	const rows = await followUpsByIds(db, keys);
	const owners = new Map((await loadCustomers(db, rows.map((r) => r.customer))).map((c) => [c.id, c.owner]));
	if (caller.kind === 'rep') {
		delete payload['customer'];
		delete payload['rep'];
		const colleagues = rows.find((r) => r.rep !== caller.user);
		const lost = rows.find((r) => owners.get(r.customer) !== caller.user);
		const refused = colleagues ?? lost;
		if (refused) {
			const why = colleagues ? 'author' : 'owner';
			throw new RefusalError({ code: 'LEAD_POOL_FOLLOW_UP_NOT_YOURS', params: { follow_up: refused.id, why } });
		}
	}
	if (payload['contacted_at']) {
		const at = notAfterNow(new Date(String(payload['contacted_at'])));
		await touchLastContact(db, unique(rows.filter((r) => r.rep !== null && owners.get(r.customer) === r.rep).map((r) => r.customer)), at);
	}
	if ('summary' in payload) await refreshLatestSummary(db, rows.map((r) => r.id), (payload['summary'] as string | null) ?? null);
	const next = dateOf(payload['next_contact_at']);
	if (next) await planNextContact(db, unique(rows.map((r) => r.customer)), caller.user!, next);
	return payload;
};

/** A date from a payload, or null when absent or not a date (the field rules answer a bad one). */
function dateOf(value: unknown): Date | null {
	if (value === null || value === undefined || value === '') return null;
	const date = new Date(value as string);
	return Number.isNaN(date.getTime()) ? null : date;
}

/** The reclaim clock never runs ahead: a contact dated a little ahead (clock skew) counts as now. */
function notAfterNow(at: Date): Date {
	const now = new Date();
	return at.getTime() > now.getTime() ? now : at;
}

function unique(ids: number[]): number[] {
	return [...new Set(ids)];
}
