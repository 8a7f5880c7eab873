import { dialect, type Db } from './dialects';

/** The SQL of claim requests (crm_claim_requests). One pending request per customer is also a database guard. */

export interface ClaimRequestRow {
	id: number;
	customer: number;
	requester: string;
	status: string;
	reason: string | null;
	review_note: string | null;
}

const FIELDS = ['id', 'customer', 'requester', 'status', 'reason', 'review_note'];

const toRow = (r: any): ClaimRequestRow => ({
	id: Number(r.id),
	customer: Number(r.customer),
	requester: r.requester,
	status: r.status,
	reason: r.reason ?? null,
	review_note: r.review_note ?? null,
});

export async function claimRequests(db: Db, ids: (number | string)[]): Promise<ClaimRequestRow[]> {
	return (await db('crm_claim_requests').select(FIELDS).whereIn('id', ids)).map(toRow);
}

/**
 * Hold the customer's row until the transaction ends, so requests for one customer are filed one after the other:
 * the second sees the first and is told it is pending (instead of meeting the database's unique guard).
 */
export async function lockCustomerForRequest(db: Db, customer: number): Promise<void> {
	await dialect(db).forUpdate(db('crm_customers').select('id').where('id', customer));
}

/** Read after lockCustomerForRequest, inside Directus's create transaction: the latest rows, not its snapshot. */
export async function hasPendingRequest(db: Db, customer: number): Promise<boolean> {
	return !!(await dialect(db).latest(db('crm_claim_requests').first('id').where({ customer, status: 'pending' })));
}

/** Record a manager's decision on a request that is still pending (a request is decided once). */
export async function markRequestDecided(
	db: Db,
	id: number,
	decision: { status: 'approved' | 'rejected'; reviewer: string | null; at: Date; note: string | null },
): Promise<void> {
	await db('crm_claim_requests')
		.update({
			status: decision.status,
			reviewer: decision.reviewer,
			reviewed_at: dialect(db).writeTs(decision.at),
			review_note: decision.note,
		})
		.where({ id, status: 'pending' });
}
