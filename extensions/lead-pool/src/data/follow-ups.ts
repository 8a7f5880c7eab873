import { dialect, type Db } from './dialects';

/**
 * A follow-up's facts on its customer, as conditional UPDATEs: the last contact moves forward to `at` (never
 * backward) and carries the follow-up's summary; a planned next contact, when the follow-up gives one, becomes the
 * customer's.
 */
export async function touchLastContact(
	db: Db,
	customers: number | number[],
	at: Date,
	facts: { summary?: string | null; nextContactAt?: Date | null } = {},
): Promise<void> {
	const ids = Array.isArray(customers) ? customers : [customers];
	if (ids.length === 0) return;
	const d = dialect(db);
	const value = d.writeTs(at);
	const summary = 'summary' in facts ? { last_follow_up_summary: summaryOf(facts.summary) } : {};
	await db('crm_customers')
		.update({ last_contact_at: value, ...summary })
		.whereIn('id', ids)
		.andWhere((q) => q.whereNull('last_contact_at').orWhere('last_contact_at', '<=', value as any));
	if (facts.nextContactAt) await db('crm_customers').update({ next_contact_at: d.writeTs(facts.nextContactAt) }).whereIn('id', ids);
}

/** The latest follow-up's summary as the customer keeps it (the list shows the start of it). */
function summaryOf(summary: string | null | undefined): string | null {
	const text = (summary ?? '').trim();
	return text === '' ? null : text.slice(0, 2000);
}

/**
 * Follow-ups' summary changed: each customer keeps it where one of these follow-ups is the customer's latest (no
 * other follow-up of the customer was made later). One UPDATE for all of them.
 */
export async function refreshLatestSummary(db: Db, followUps: number[], summary: string | null): Promise<void> {
	if (followUps.length === 0) return;
	const latest = db('crm_follow_ups as f')
		.select('f.customer')
		.whereIn('f.id', followUps)
		.whereNotNull('f.contacted_at')
		.whereNotExists((q) =>
			q
				.select(db.raw('1'))
				.from('crm_follow_ups as later')
				.whereRaw('later.customer = f.customer')
				.andWhere((w) =>
					w
						.whereRaw('later.contacted_at > f.contacted_at')
						.orWhere((same) => same.whereRaw('later.contacted_at = f.contacted_at').andWhereRaw('later.id > f.id')),
				),
		);
	await db('crm_customers').update({ last_follow_up_summary: summaryOf(summary) }).whereIn('id', latest);
}

/** A rep's edited follow-ups plan the next contact of the customers they still own. */
export async function planNextContact(db: Db, customers: number[], owner: string, at: Date): Promise<void> {
	if (customers.length === 0) return;
	await db('crm_customers').update({ next_contact_at: dialect(db).writeTs(at) }).whereIn('id', customers).where({ owner });
}
/** Who wrote these follow-ups, and on which customer. */
export async function followUpsByIds(db: Db, ids: (number | string)[]): Promise<{ id: number; rep: string | null; customer: number }[]> {
	const rows = await db('crm_follow_ups').select('id', 'rep', 'customer').whereIn('id', ids);
	return rows.map((r: any) => ({ id: Number(r.id), rep: r.rep ?? null, customer: Number(r.customer) }));
}
