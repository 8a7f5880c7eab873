import type { Knex } from 'knex';
import { writeTs } from './db';

/** Move a customer's last contact forward to `at` (never backward), as one conditional UPDATE. */
export async function touchLastContact(knex: Knex, customer: number, at: Date): Promise<void> {
	const value = writeTs(knex, at);
	await knex('crm_customers')
		.update({ last_contact_at: value })
		.where('id', customer)
		.andWhere((q) => q.whereNull('last_contact_at').orWhere('last_contact_at', '<', value as any));
}
