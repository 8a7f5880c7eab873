import type { Knex } from 'knex';
import { planClaims } from '../core/ownership';
import { RefusalError } from '../core/refusals';
import { resolveActorKind } from '../data/actors';
import { writeTs } from '../data/db';
import { insertEvents, loadCustomers, loadPools, loadSettings, memberPoolIds, userNames } from '../data/ownership';
import { withRefusals } from '../shared/errors';
import { claimCustomers } from '../services/ownership';
import { idOf } from './customers';
import { notify, poolAdminsAndManagers } from '../services/notify';

type Register = { filter: (event: string, handler: (...args: any[]) => any) => void; action: (event: string, handler: (...args: any[]) => any) => void };

export function registerClaimRequestHooks({ filter, action }: Register, database: Knex, services: any, getSchema: () => Promise<any>, logger: any) {
	/**
	 * A rep asks for a customer of a pool that claims by request. The customer must be unowned and in one of the rep's
	 * pools, the pool must take requests and the cool-down must have passed; one pending request per customer. Caps
	 * are checked when a manager approves.
	 */
	filter('crm_claim_requests.items.create', async (input: Record<string, unknown>, _meta: unknown, context: any) => {
		const trx: Knex = context.database ?? database;
		const accountability = context.accountability;
		const actor: string | null = accountability?.user ?? null;
		const kind = accountability ? await resolveActorKind(trx, accountability) : 'admin';
		const payload: Record<string, unknown> = { ...input, status: 'pending', reviewer: null, reviewed_at: null };
		if (kind === 'rep' || !payload['requester']) payload['requester'] = actor;
		return withRefusals(trx, actor, async () => {
			const requester = idOf(payload['requester']) as string;
			const customerId = idOf(payload['customer']);
			if (customerId === undefined || customerId === null) return payload;
			const [customer] = await loadCustomers(trx, [customerId]);
			if (!customer) throw new RefusalError({ code: 'LEAD_POOL_NOT_FOUND', key: customerId, params: { key: customerId } });
			const settings = await loadSettings(trx);
			const now = new Date();
			const plan = planClaims([customer], {
				rep: requester,
				mode: 'request',
				memberPools: new Set(await memberPoolIds(trx, requester)),
				pools: await loadPools(trx, customer.pool === null ? [] : [customer.pool]),
				quota: { maxNew: null, maxProspects: null },
				holdings: { new: 0, prospect: 0 },
				claimsToday: new Map(),
				now,
				timeZone: settings.timezone,
			});
			if (plan.refused.length) throw new RefusalError(plan.refused[0]!);
			const pending = await trx('crm_claim_requests').first('id').where({ customer: customer.id, status: 'pending' });
			if (pending) throw new RefusalError({ code: 'LEAD_POOL_REQUEST_PENDING', key: customer.id, params: { key: customer.id, name: customer.name } });
			return payload;
		});
	});

	/**
	 * Managers approve or reject; approving claims the customer for the requester under the caps of that moment, in
	 * the same transaction that marks the request approved. A rep may only cancel their own pending request.
	 */
	filter('crm_claim_requests.items.update', async (input: Record<string, unknown>, meta: any, context: any) => {
		const accountability = context.accountability;
		if (!accountability) return input;
		const knex: Knex = context.database ?? database;
		const kind = await resolveActorKind(knex, accountability);
		const actor: string | null = accountability.user ?? null;
		const keys: (number | string)[] = meta?.keys ?? [];
		const payload = { ...input };
		delete payload['requester'];
		delete payload['customer'];
		delete payload['reviewer'];
		delete payload['reviewed_at'];
		return withRefusals(knex, actor, async () => {
			const requests = await knex('crm_claim_requests').select('id', 'customer', 'requester', 'status').whereIn('id', keys);
			if (kind === 'rep') {
				const notOwn = requests.find((r: any) => r.requester !== actor || r.status !== 'pending');
				if (notOwn || (payload['status'] !== undefined && payload['status'] !== 'cancelled') || 'review_note' in payload) {
					throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Deciding on claim requests (you may cancel your own pending request)', what_zh: '审批领取申请（你只能撤回自己待审批的申请）' } });
				}
				return payload;
			}
			const status = payload['status'];
			if (status !== 'approved' && status !== 'rejected') return payload;
			const notPending = requests.find((r: any) => r.status !== 'pending');
			if (notPending) throw new RefusalError({ code: 'INVALID_PAYLOAD', params: { en: `Claim request ${notPending.id} is already ${notPending.status}; only pending requests can be decided.`, zh: `领取申请 ${notPending.id} 已是「${notPending.status}」状态，只能审批待审批的申请。` } });
			const now = new Date();
			const note = typeof payload['review_note'] === 'string' ? payload['review_note'] : null;
			await knex.transaction(async (trx) => {
				for (const r of requests) {
					if (status === 'approved') {
						await claimCustomers(trx, { rep: r.requester, actor, keys: [r.customer], mode: 'request', approval: true, allOrNothing: true, reason: note, details: { request: r.id }, now });
					} else {
						const [customer] = await loadCustomers(trx, [r.customer]);
						await insertEvents(trx, [{ customer: Number(r.customer), action: 'request_rejected', from_owner: null, to_owner: null, pool: customer?.pool ?? null, actor, reason: note, details: { request: r.id, requester: r.requester } }], now);
					}
					await trx('crm_claim_requests').update({ status, reviewer: actor, reviewed_at: writeTs(trx, now), review_note: note }).where({ id: r.id, status: 'pending' });
				}
			});
			return { ...payload, reviewer: actor, reviewed_at: now.toISOString() };
		});
	});

	// Notifications go out after commit (action hooks), never from inside a filter that may be retried.
	action('crm_claim_requests.items.create', async (meta: any) => {
		try {
			const knex = database;
			const request = await knex('crm_claim_requests').first('id', 'customer', 'requester', 'reason').where('id', meta.key);
			if (!request) return;
			const [customer] = await loadCustomers(knex, [request.customer]);
			const recipients = await poolAdminsAndManagers(knex, customer?.pool ?? null);
			const names = await userNames(knex, [request.requester]);
			await notify(services, await getSchema(), recipients.filter((r) => r !== request.requester), {
				subject: `Claim request: ${customer?.name ?? request.customer} · 领取申请`,
				message: `${names.get(request.requester) ?? 'A rep'} asks to claim **${customer?.name ?? request.customer}**: ${request.reason ?? ''}\n\n${names.get(request.requester) ?? '业务员'} 申请领取该客户。`,
				collection: 'crm_claim_requests',
				item: String(request.id),
			});
		} catch (error) {
			logger.warn(`[lead-pool] claim request notification failed: ${(error as Error).message}`);
		}
	});

	action('crm_claim_requests.items.update', async (meta: any) => {
		if (!['approved', 'rejected'].includes(meta?.payload?.status)) return;
		try {
			const rows = await database('crm_claim_requests').select('id', 'customer', 'requester', 'status', 'review_note').whereIn('id', meta.keys);
			const schema = await getSchema();
			for (const r of rows) {
				const [customer] = await loadCustomers(database, [r.customer]);
				const approved = r.status === 'approved';
				await notify(services, schema, [r.requester], {
					subject: `${approved ? 'Approved' : 'Rejected'}: ${customer?.name ?? r.customer} · 领取申请${approved ? '已通过' : '被驳回'}`,
					message: approved ? `Your claim request was approved; the customer is now yours.${r.review_note ? `\n\n${r.review_note}` : ''}` : `Your claim request was rejected.${r.review_note ? `\n\n${r.review_note}` : ''}`,
					collection: 'crm_customers',
					item: String(r.customer),
				});
			}
		} catch (error) {
			logger.warn(`[lead-pool] claim decision notification failed: ${(error as Error).message}`);
		}
	});
}
