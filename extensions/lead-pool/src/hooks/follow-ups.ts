import type { Knex } from 'knex';
import { RefusalError } from '../core/refusals';
import { resolveActorKind } from '../data/actors';
import { touchLastContact } from '../data/follow-ups';
import { loadCustomers } from '../data/ownership';
import { withRefusals } from '../shared/errors';
import { claimCustomers } from '../services/ownership';
import { idOf } from './customers';

type Register = { filter: (event: string, handler: (...args: any[]) => any) => void };

export function registerFollowUpHooks({ filter }: Register, database: Knex) {
	/**
	 * A follow-up is written by the rep who made the contact, on a customer they own; on an unowned customer of a
	 * pool that claims by follow-up, writing it claims the customer, in the same transaction. Every follow-up moves
	 * the customer's last contact forward (the reclaim clock), and nothing else does.
	 */
	filter('crm_follow_ups.items.create', async (input: Record<string, unknown>, _meta: unknown, context: any) => {
		const trx: Knex = context.database ?? database;
		const accountability = context.accountability;
		const payload = { ...input };
		const actor: string | null = accountability?.user ?? null;
		const kind = accountability ? await resolveActorKind(trx, accountability) : 'admin';
		return withRefusals(trx, actor, async () => {
			if (kind === 'rep') payload['rep'] = actor;
			const customerId = idOf(payload['customer']);
			if (typeof customerId !== 'number' && typeof customerId !== 'string') return payload; // Directus reports the missing field
			const [customer] = await loadCustomers(trx, [customerId]);
			if (!customer) throw new RefusalError({ code: 'LEAD_POOL_NOT_FOUND', key: customerId, params: { key: customerId } });
			if (kind === 'rep') {
				if (customer.owner === null) {
					await claimCustomers(trx, { rep: actor!, actor, keys: [customer.id], mode: 'follow_up', allOrNothing: true, details: { summary: String(payload['summary'] ?? '').slice(0, 200) } });
				} else if (customer.owner !== actor) {
					throw new RefusalError({ code: 'LEAD_POOL_NOT_OWNER', key: customer.id, params: { key: customer.id, name: customer.name, action: 'log a follow-up on', action_zh: '写跟进' } });
				}
			}
			const contactedAt = payload['contacted_at'] ? new Date(String(payload['contacted_at'])) : new Date();
			if (Number.isNaN(contactedAt.getTime())) return payload;
			if (!payload['contacted_at']) payload['contacted_at'] = contactedAt.toISOString();
			await touchLastContact(trx, customer.id, contactedAt);
			return payload;
		});
	});

	/** A rep edits only their own follow-ups and cannot move one to another customer or rep. */
	filter('crm_follow_ups.items.update', async (input: Record<string, unknown>, meta: any, context: any) => {
		const accountability = context.accountability;
		if (!accountability) return input;
		const knex: Knex = context.database ?? database;
		const kind = await resolveActorKind(knex, accountability);
		if (kind !== 'rep') return input;
		const payload = { ...input };
		delete payload['customer'];
		delete payload['rep'];
		return withRefusals(knex, accountability.user, async () => {
			const rows = await knex('crm_follow_ups').select('id', 'rep', 'customer').whereIn('id', meta?.keys ?? []);
			const other = rows.find((r: any) => r.rep !== accountability.user);
			if (other) throw new RefusalError({ code: 'LEAD_POOL_NOT_OWNER', key: other.customer, params: { key: other.customer, action: 'edit follow-ups of', action_zh: '修改跟进' } });
			if (payload['contacted_at']) for (const r of rows) await touchLastContact(knex, Number(r.customer), new Date(String(payload['contacted_at'])));
			return payload;
		});
	});
}
