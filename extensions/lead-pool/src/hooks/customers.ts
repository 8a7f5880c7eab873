import type { Knex } from 'knex';
import { effectiveQuota, quotaRefusal, type Stage } from '../core/ownership';
import { emailKey, nameKey, phoneKey } from '../core/normalize';
import { invalid, RefusalError, refusalMessage } from '../core/refusals';
import { resolveActorKind } from '../data/actors';
import { dialectOf, lockRep } from '../data/db';
import { holdingsOf, insertEvents, loadCustomers, loadProfile, loadSettings, poolForSource, reserveCustomerId, userNames } from '../data/ownership';
import { withRefusals } from '../shared/errors';
import { assignCustomers, claimCustomers, releaseCustomers } from '../services/ownership';

type Register = { filter: (event: string, handler: (...args: any[]) => any) => void };

/** Fields the extension keeps itself; nobody writes them through the API. */
const COMPUTED = ['name_key', 'phone_key', 'email_key', 'reminded_due_at', 'purge_requested'];
/** Ownership bookkeeping a rep never writes directly (the claim, release and reclaim rules do). */
const REP_READONLY = ['owned_since', 'last_contact_at', 'previous_owner', 'released_at', 'converted_at', 'received_by', 'pool', 'user_created', 'date_created', 'locked'];

export function idOf(value: unknown): any {
	if (value && typeof value === 'object' && 'id' in (value as any)) return (value as any).id;
	return value;
}

function stripFields(payload: Record<string, unknown>, fields: string[]) {
	for (const f of fields) delete payload[f];
}

function withKeys(payload: Record<string, unknown>) {
	if ('name' in payload) payload['name_key'] = nameKey(payload['name'] as string);
	if ('phone' in payload) payload['phone_key'] = phoneKey(payload['phone'] as string);
	if ('email' in payload) payload['email_key'] = emailKey(payload['email'] as string);
}

export function registerCustomerHooks({ filter }: Register, database: Knex) {
	/**
	 * A new or imported customer lands in a pool, tagged with its source. One created for a rep who is over a cap goes
	 * to the pool instead, with an event saying why: nothing is rejected or lost. Runs inside the create transaction.
	 */
	filter('crm_customers.items.create', async (input: Record<string, unknown>, _meta: unknown, context: any) => {
		const trx: Knex = context.database;
		const accountability = context.accountability;
		const payload = { ...input };
		stripFields(payload, COMPUTED);
		withKeys(payload);
		const kind = accountability ? await resolveActorKind(trx, accountability) : 'admin';
		const actor: string | null = accountability?.user ?? null;
		return withRefusals(trx, actor, async () => {
			if (kind === 'rep') {
				stripFields(payload, ['owned_since', 'previous_owner', 'released_at', 'last_contact_at']);
				const intended = idOf(payload['owner']);
				if (intended === undefined) payload['owner'] = actor;
				else if (intended !== null && intended !== actor) throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Creating a customer for another rep', what_zh: '为其他业务员创建客户' } });
			}
			const now = new Date();
			const settings = await loadSettings(trx);
			const owner: string | null = idOf(payload['owner']) ?? null;
			const stage = (payload['stage'] as Stage) ?? 'new';
			if (payload['pool'] === undefined || payload['pool'] === null) payload['pool'] = await poolForSource(trx, (payload['source'] as string) ?? 'manual', settings.default_pool);
			if (payload['received_by'] === undefined) payload['received_by'] = owner ?? actor;
			if (stage === 'customer' && !payload['converted_at']) payload['converted_at'] = now.toISOString();
			const id = payload['id'] ?? (await reserveCustomerId(trx));
			// The customer's first event is written just before the customer row, in this transaction; SQLite checks
			// that reference at commit when told to (PostgreSQL's constraint is made deferrable by setup).
			if (dialectOf(trx) === 'sqlite') await trx.raw('PRAGMA defer_foreign_keys = ON');
			if (id !== null && id !== undefined) payload['id'] = id;
			const pool = idOf(payload['pool']) ?? null;
			const base = { customer: id === null || id === undefined ? null : Number(id), pool, actor, details: { source: payload['source'] ?? 'manual' } };
			if (!owner) {
				await insertEvents(trx, [{ ...base, action: 'created_in_pool', from_owner: null, to_owner: null, reason: null }], now);
				return payload;
			}
			await lockRep(trx, owner);
			const [profile, holdings, names] = await Promise.all([loadProfile(trx, owner), holdingsOf(trx, owner), userNames(trx, [owner])]);
			const overCap = quotaRefusal(holdings, effectiveQuota(settings, profile), stage, undefined, names.get(owner));
			if (overCap) {
				payload['owner'] = null;
				delete payload['owned_since'];
				await insertEvents(
					trx,
					[{ ...base, action: 'over_cap_to_pool', from_owner: null, to_owner: null, reason: refusalMessage(overCap, 'en'), details: { ...base.details, intended_owner: owner, cap: overCap.params['cap'], count: overCap.params['count'], stage } }],
					now,
				);
				return payload;
			}
			payload['owned_since'] = payload['owned_since'] ?? now.toISOString();
			await insertEvents(trx, [{ ...base, action: 'created_owned', from_owner: null, to_owner: owner, reason: null }], now);
			return payload;
		});
	});

	/**
	 * Edits. Setting `owner` is an ownership change and goes through the rules: a rep claims (owner = themself) or
	 * releases (owner = null, with a reason) their own customers; only managers give customers to someone else. Other
	 * fields of a customer are the owner's (or a manager's) to edit. Runs before Directus's permission check, for
	 * every key of a single, batch or by-query update.
	 */
	filter('crm_customers.items.update', async (input: Record<string, unknown>, meta: any, context: any) => {
		const accountability = context.accountability;
		if (!accountability) return input;
		const knex: Knex = context.database ?? database;
		const keys: (number | string)[] = meta?.keys ?? [];
		const payload = { ...input };
		stripFields(payload, COMPUTED);
		withKeys(payload);
		const kind = await resolveActorKind(knex, accountability);
		const actor: string | null = accountability.user ?? null;
		return withRefusals(knex, actor, async () => {
			if (kind === 'rep') stripFields(payload, REP_READONLY);
			if (payload['stage'] === 'customer' && !payload['converted_at']) payload['converted_at'] = new Date().toISOString();
			if ('owner' in payload) {
				const to: string | null = idOf(payload['owner']) ?? null;
				const reason = typeof payload['release_reason'] === 'string' ? (payload['release_reason'] as string).trim() : '';
				stripFields(payload, ['owner', 'owned_since', 'previous_owner', 'released_at', 'release_reason']);
				if (kind === 'rep') {
					if (to === actor) await claimCustomers(knex, { rep: actor!, actor, keys, mode: 'direct', allOrNothing: true });
					else if (to === null) {
						if (!reason) throw new RefusalError(invalid('Say why you release the customer: fill in "Release reason".', '请填写放回原因。', 'release_reason'));
						await releaseCustomers(knex, { actor, keys, reason, action: 'released', onlyOwner: actor! });
					} else throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Giving a customer to another rep', what_zh: '将客户分给其他业务员' } });
				} else if (to === null) {
					await releaseCustomers(knex, { actor, keys, reason: reason || 'Returned to the pool by a manager', action: 'released' });
				} else {
					await assignCustomers(knex, { actor, keys, to, reason: reason || null });
				}
			} else if ('release_reason' in payload && kind === 'rep') {
				delete payload['release_reason'];
			}
			if (kind === 'rep' && Object.keys(payload).length > 0) {
				const customers = await loadCustomers(knex, keys);
				const notMine = customers.find((c) => c.owner !== actor);
				if (notMine) throw new RefusalError({ code: 'LEAD_POOL_NOT_OWNER', key: notMine.id, params: { key: notMine.id, name: notMine.name } });
			}
			return payload;
		});
	});

	/**
	 * Deleting never destroys a customer: every DELETE (single, batch, by query, GraphQL, studio) returns the customers
	 * to their pools with who and when; follow-ups stay. The database trigger installed by setup skips the row
	 * deletion itself; only an admin purge (POST /lead-pool/purge) removes rows.
	 */
	filter('crm_customers.items.delete', async (keys: (number | string)[], _meta: unknown, context: any) => {
		const accountability = context?.accountability;
		const actor: string | null = accountability?.user ?? null;
		const knex: Knex = context?.database ?? database;
		const kind = accountability ? await resolveActorKind(knex, accountability) : 'admin';
		return withRefusals(knex, actor, async () => {
			const reason = 'Deleted, returned to the pool · 删除，退回公海';
			if (kind === 'rep') await releaseCustomers(knex, { actor, keys, reason, action: 'deleted_to_pool', onlyOwner: actor! });
			else await releaseCustomers(knex, { actor, keys, reason, action: 'deleted_to_pool' });
			return keys;
		});
	});
}
