import type { Knex } from 'knex';
import { FIELD_RULES } from '../core/field-rules';
import { withRefusals } from '../shared/errors';
import { checkPayload } from '../services/payload';
import type { Register } from './register';


/**
 * Every create and update of a Lead Pool collection (REST single and batch, GraphQL, imports, nested writes) checks
 * its fields first, registered before every other hook so nothing is claimed or written for a payload that is then
 * refused. Fields without a rule of their own are checked against their column's type.
 */
export function registerFieldRules({ filter }: Register, database: Knex) {
	for (const collection of Object.keys(FIELD_RULES)) {
		for (const action of ['create', 'update'] as const) {
			filter(`${collection}.items.${action}`, async (payload: unknown, _meta: unknown, context: any) => {
				const db: Knex = context?.database ?? database;
				const types = columnTypes(context?.schema, collection);
				await withRefusals(db, context?.accountability?.user, async () => checkPayload(collection, payload, { creating: action === 'create', types }));
				return payload;
			});
		}
	}
}

/** The Directus type of each stored field of a collection (aliases have no column). */
function columnTypes(schema: any, collection: string): Record<string, string> {
	const fields = schema?.collections?.[collection]?.fields ?? {};
	return Object.fromEntries(
		Object.values(fields as Record<string, { field: string; type: string; alias?: boolean }>)
			.filter((f) => !f.alias && f.type !== 'alias')
			.map((f) => [f.field, f.type]),
	);
}
