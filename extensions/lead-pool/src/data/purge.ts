import type { Knex } from 'knex';
import { insertEvents } from './ownership';

/**
 * The only way rows leave crm_customers: mark them, record the purge (the event keeps the id and name), delete.
 * The delete trigger lets marked rows through; follow-ups and claim requests go with them (ON DELETE CASCADE).
 */
export async function purgeCustomers(knex: Knex, opts: { keys: number[]; reason: string; actor: string | null }): Promise<{ purged: number[] }> {
	const now = new Date();
	return knex.transaction(async (trx) => {
		const rows = await trx('crm_customers').select('id', 'name', 'owner', 'pool').whereIn('id', opts.keys);
		if (rows.length === 0) return { purged: [] };
		const ids = rows.map((r: any) => Number(r.id));
		await insertEvents(
			trx,
			rows.map((r: any) => ({ customer: Number(r.id), action: 'purged', from_owner: r.owner ?? null, to_owner: null, pool: r.pool ?? null, actor: opts.actor, reason: opts.reason, details: { customer_id: Number(r.id), name: r.name } })),
			now,
		);
		await trx('crm_customers').update({ purge_requested: true }).whereIn('id', ids);
		await trx('crm_customers').delete().whereIn('id', ids);
		return { purged: ids };
	});
}
