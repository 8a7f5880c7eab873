import { dialect, type Db } from './dialects';

/** Move a customer's last contact forward to `at` (never backward), as one conditional UPDATE. */
export async function touchLastContact(db: Db, customer: number, at: Date): Promise<void> {
	const value = dialect(db).writeTs(at);
	await db('crm_customers')
		.update({ last_contact_at: value })
		.where('id', customer)
		.andWhere((q) => q.whereNull('last_contact_at').orWhere('last_contact_at', '<', value as any));
}

/** Who wrote these follow-ups, and on which customer. */
export async function followUpsByIds(db: Db, ids: (number | string)[]): Promise<{ id: number; rep: string | null; customer: number }[]> {
	const rows = await db('crm_follow_ups').select('id', 'rep', 'customer').whereIn('id', ids);
	return rows.map((r: any) => ({ id: Number(r.id), rep: r.rep ?? null, customer: Number(r.customer) }));
}
