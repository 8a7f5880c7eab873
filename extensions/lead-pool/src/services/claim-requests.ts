import type { ActorLike } from '../core/actor';
import { EVENT } from '../core/events';
import { planClaims } from '../core/ownership';
import { NO_HOLDINGS } from '../core/quota';
import { RefusalError, say } from '../core/refusals';
import { claimRequests, hasPendingRequest, lockCustomerForRequest, markRequestDecided } from '../data/claim-requests';
import { loadCustomers } from '../data/customers';
import { transaction, type Db } from '../data/dialects';
import { insertEvents } from '../data/events';
import { userNames } from '../data/people';
import { loadPools, memberPoolIds } from '../data/pools';
import { loadSettings } from '../data/settings';
import { callerOf, languageOfUser } from './actors';
import { notify, poolAdminsAndManagers, type NotifyDeps } from './notify';
import { claimCustomers } from './ownership';
import { idOf, type Payload, type UpdateFilter } from './payload';

/**
 * A rep asks for a customer of a pool that claims by request. The customer must be unowned and in one of the rep's
 * pools, the pool must take requests and the cool-down must have passed; one pending request per customer. Caps
 * are checked when a manager approves. Answers the request to create.
 */
export async function fileClaimRequest(db: Db, accountability: ActorLike | null | undefined, input: Payload): Promise<Payload> {
	const caller = await callerOf(db, accountability);
	const payload: Payload = { ...input, status: 'pending', reviewer: null, reviewed_at: null };
	if (caller.kind === 'rep' || !payload['requester']) payload['requester'] = caller.user;
	const requester = idOf(payload['requester']) as string;
	const customerId = idOf(payload['customer']);
	if (customerId === undefined || customerId === null) return payload;
	const [customer] = await loadCustomers(db, [customerId]);
	if (!customer) throw new RefusalError({ code: 'LEAD_POOL_NOT_FOUND', key: customerId, params: { key: customerId } });
	const settings = await loadSettings(db);
	const plan = planClaims([customer], {
		rep: requester,
		mode: 'request',
		memberPools: new Set(await memberPoolIds(db, requester)),
		pools: await loadPools(db, customer.pool === null ? [] : [customer.pool]),
		// the caps are the approval's to check
		quota: { maxNew: null, maxProspects: null },
		holdings: NO_HOLDINGS,
		claimsToday: new Map(),
		now: new Date(),
		timeZone: settings.timezone,
	});
	if (plan.refused.length) throw new RefusalError(plan.refused[0]!);
	await lockCustomerForRequest(db, customer.id);
	if (await hasPendingRequest(db, customer.id)) {
		throw new RefusalError({ code: 'LEAD_POOL_REQUEST_PENDING', key: customer.id, params: { key: customer.id, name: customer.name } });
	}
	return payload;
}

/**
 * Managers approve or reject; approving claims the customer for the requester under the caps of that moment, in
 * the same transaction that marks the request approved. A rep may only cancel their own pending request. Answers
 * what is left for Directus to write.
 */
export const decideClaimRequests: UpdateFilter = async (db, accountability, keys, input) => {
	if (!accountability) return input;
	const caller = await callerOf(db, accountability);
	const actor = caller.user;
	const payload = { ...input };
	for (const field of ['requester', 'customer', 'reviewer', 'reviewed_at']) delete payload[field];
	const requests = await claimRequests(db, keys);
	if (caller.kind === 'rep') {
		const notOwn = requests.find((r) => r.requester !== actor || r.status !== 'pending');
		if (notOwn || (payload['status'] !== undefined && payload['status'] !== 'cancelled') || 'review_note' in payload) {
			throw new RefusalError({
				code: 'LEAD_POOL_MANAGERS_ONLY',
				params: {
					what: 'Deciding on claim requests (you may cancel your own pending request)',
					what_zh: '审批领取申请（你只能撤回自己待审批的申请）',
				},
			});
		}
		return payload;
	}
	const status = payload['status'];
	if (status !== 'approved' && status !== 'rejected') return payload;
	const notPending = requests.find((r) => r.status !== 'pending');
	if (notPending) {
		throw new RefusalError({
			code: 'INVALID_PAYLOAD',
			params: {
				en: `Claim request ${notPending.id} is already ${notPending.status}; only pending requests can be decided.`,
				zh: `领取申请 ${notPending.id} 已是「${notPending.status}」状态，只能审批待审批的申请。`,
			},
		});
	}
	const now = new Date();
	const note = typeof payload['review_note'] === 'string' ? payload['review_note'] : null;
	await transaction(db, async (trx) => {
		for (const r of requests) {
			if (status === 'approved') {
				const approval = { mode: 'request' as const, approval: true, allOrNothing: true, reason: note, details: { request: r.id }, now };
				await claimCustomers(trx, { rep: r.requester, actor, keys: [r.customer], ...approval });
			} else {
				const [customer] = await loadCustomers(trx, [r.customer]);
				const details = { request: r.id, requester: r.requester };
				const change = { from_owner: null, to_owner: null, pool: customer?.pool ?? null };
				await insertEvents(trx, [{ customer: r.customer, action: EVENT.request_rejected, ...change, actor, reason: note, details }], now);
			}
			await markRequestDecided(trx, r.id, { status, reviewer: actor, at: now, note });
		}
	});
	return { ...payload, reviewer: actor, reviewed_at: now.toISOString() };
};

/** After a request is filed: its pool's admins (or the sales managers) hear of it. */
export async function tellReviewers(db: Db, key: number | string, deps: NotifyDeps): Promise<void> {
	const [request] = await claimRequests(db, [key]);
	if (!request) return;
	const [customer] = await loadCustomers(db, [request.customer]);
	const recipients = await poolAdminsAndManagers(db, customer?.pool ?? null);
	const names = await userNames(db, [request.requester]);
	const name = customer?.name ?? request.customer;
	const requester = names.get(request.requester);
	const schema = await deps.getSchema();
	for (const reviewer of recipients.filter((r) => r !== request.requester)) {
		const lang = await languageOfUser(db, reviewer);
		const who = requester ?? say(lang, 'A rep', '业务员');
		await notify(deps.services, schema, [reviewer], {
			subject: say(lang, `Claim request: ${name}`, `领取申请：${name}`, [name]),
			message: say(lang, `${who} asks to claim **${name}**: ${request.reason ?? ''}`, `${who} 申请领取 **${name}**：${request.reason ?? ''}`, [who, name, request.reason]),
			collection: 'crm_claim_requests',
			item: String(request.id),
		});
	}
}

/** After requests are decided: each requester hears the outcome. */
export async function tellRequesters(db: Db, keys: (number | string)[], deps: NotifyDeps): Promise<void> {
	const requests = await claimRequests(db, keys);
	const schema = await deps.getSchema();
	for (const r of requests) {
		const [customer] = await loadCustomers(db, [r.customer]);
		const approved = r.status === 'approved';
		const note = r.review_note ? `\n\n${r.review_note}` : '';
		const lang = await languageOfUser(db, r.requester);
		const name = String(customer?.name ?? r.customer);
		await notify(deps.services, schema, [r.requester], {
			subject: approved ? say(lang, `Approved: ${name}`, `领取申请已通过：${name}`, [name]) : say(lang, `Rejected: ${name}`, `领取申请被驳回：${name}`, [name]),
			message:
				(approved
					? say(lang, 'Your claim request was approved; the customer is now yours.', '你的领取申请已通过，客户已归你。')
					: say(lang, 'Your claim request was rejected.', '你的领取申请被驳回。')) + note,
			collection: 'crm_customers',
			item: String(r.customer),
		});
	}
}
