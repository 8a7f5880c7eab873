import { dialect, type Db } from './dialects';

/**
 * A follow-up's facts on its customer, as conditional UPDATEs: the last contact moves forward to `at` (never
 * backward) and carries the follow-up's summary; a planned next contact, when the follow-up gives one, becomes the
 * customer's.
 */
export async function touchLastContact(
	db: Db,
	customer: number,
	at: Date,
	facts: { summary?: string | null; nextContactAt?: Date | null } = {},
): Promise<void> {
	const d = dialect(db);
	const value = d.writeTs(at);
	const summary = 'summary' in facts ? { last_follow_up_summary: summaryOf(facts.summary) } : {};
	await db('crm_customers')
		.update({ last_contact_at: value, ...summary })
		.where('id', customer)
		.andWhere((q) => q.whereNull('last_contact_at').orWhere('last_contact_at', '<=', value as any));
	if (facts.nextContactAt) await db('crm_customers').update({ next_contact_at: d.writeTs(facts.nextContactAt) }).where('id', customer);
}

/** The latest follow-up's summary as the customer keeps it (the list shows the start of it). */
function summaryOf(summary: string | null | undefined): string | null {
	const text = (summary ?? '').trim();
	return text === '' ? null : text.slice(0, 2000);
}

/**
 * A follow-up's summary changed: the customer keeps it when that follow-up is the customer's latest (no other
 * follow-up of the customer was made later).
 */
export async function refreshLatestSummary(db: Db, followUp: number, summary: string | null): Promise<void> {
	const row = await db('crm_follow_ups').first('customer', 'contacted_at').where('id', followUp);
	if (!row || row.contacted_at === null || row.contacted_at === undefined) return;
	const later = await db('crm_follow_ups')
		.first('id')
		.where('customer', row.customer)
		.andWhere((q) =>
			q.where('contacted_at', '>', row.contacted_at).orWhere((w) => w.where('contacted_at', row.contacted_at).andWhere('id', '>', followUp)),
		);
	if (!later) await db('crm_customers').update({ last_follow_up_summary: summaryOf(summary) }).where('id', row.customer);
}

/** A rep's edited follow-up plans the next contact of a customer they still own. */
export async function planNextContact(db: Db, customer: number, owner: string, at: Date): Promise<void> {
	await db('crm_customers').update({ next_contact_at: dialect(db).writeTs(at) }).where({ id: customer, owner });
}

/** Who wrote these follow-ups, and on which customer. */
export async function followUpsByIds(db: Db, ids: (number | string)[]): Promise<{ id: number; rep: string | null; customer: number }[]> {
	const rows = await db('crm_follow_ups').select('id', 'rep', 'customer').whereIn('id', ids);
	return rows.map((r: any) => ({ id: Number(r.id), rep: r.rep ?? null, customer: Number(r.customer) }));
}
