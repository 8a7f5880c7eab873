import type { Knex } from 'knex';

/**
 * Composite indexes the ownership, quota, reclaim and duplicate rules filter by. Single-column indexes come from the
 * schema snapshot (`is_indexed`); composite ones cannot be expressed there, so setup creates them here.
 */
export const COMPOSITE_INDEXES: { name: string; table: string; columns: string[] }[] = [
	{ name: 'crm_customers_owner_stage_idx', table: 'crm_customers', columns: ['owner', 'stage'] },
	{ name: 'crm_customers_pool_owner_idx', table: 'crm_customers', columns: ['pool', 'owner'] },
	// reclaim walks a pool in primary-key order, chunk by chunk
	{ name: 'crm_customers_pool_id_idx', table: 'crm_customers', columns: ['pool', 'id'] },
	{ name: 'crm_customers_owner_last_contact_idx', table: 'crm_customers', columns: ['owner', 'last_contact_at'] },
	{ name: 'crm_customers_owner_owned_since_idx', table: 'crm_customers', columns: ['owner', 'owned_since'] },
	{ name: 'crm_customers_prev_owner_released_idx', table: 'crm_customers', columns: ['previous_owner', 'released_at'] },
	{ name: 'crm_follow_ups_customer_contacted_idx', table: 'crm_follow_ups', columns: ['customer', 'contacted_at'] },
	{ name: 'crm_follow_ups_rep_contacted_idx', table: 'crm_follow_ups', columns: ['rep', 'contacted_at'] },
	{ name: 'crm_events_actor_action_date_idx', table: 'crm_events', columns: ['actor', 'action', 'date_created'] },
	{ name: 'crm_events_to_owner_date_idx', table: 'crm_events', columns: ['to_owner', 'date_created'] },
	{ name: 'crm_events_customer_date_idx', table: 'crm_events', columns: ['customer', 'date_created'] },
	{ name: 'crm_performance_rep_date_idx', table: 'crm_performance', columns: ['rep', 'date'] },
	{ name: 'crm_claim_requests_customer_status_idx', table: 'crm_claim_requests', columns: ['customer', 'status'] },
];

/** Create the composite indexes that are missing; returns the names it created. Safe to run any number of times. */
export async function ensureIndexes(knex: Knex): Promise<string[]> {
	const created: string[] = [];
	for (const index of COMPOSITE_INDEXES) {
		if (!(await knex.schema.hasTable(index.table))) continue;
		if (await indexExists(knex, index.table, index.name)) continue;
		await knex.schema.alterTable(index.table, (table) => {
			table.index(index.columns, index.name);
		});
		created.push(index.name);
	}
	return created;
}

async function indexExists(knex: Knex, table: string, name: string): Promise<boolean> {
	const client = String(knex.client.config.client);
	if (client.includes('sqlite')) {
		const rows = await knex('sqlite_master').where({ type: 'index', name }).select('name');
		return rows.length > 0;
	}
	if (client === 'pg' || client === 'postgres' || client === 'postgresql') {
		const rows = await knex('pg_indexes').where({ indexname: name }).select('indexname');
		return rows.length > 0;
	}
	if (client.includes('mysql')) {
		const rows = await knex('information_schema.statistics')
			.where({ table_schema: knex.raw('database()'), table_name: table, index_name: name })
			.select('index_name');
		return rows.length > 0;
	}
	return false;
}
