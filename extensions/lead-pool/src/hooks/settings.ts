import type { Knex } from 'knex';
import { withRefusals } from '../shared/errors';
import { checkNewPool, checkPoolChange, checkRepProfile, checkSettings, settingsChanged } from '../services/settings';
import type { Register } from './register';


/** Pools, the global settings and rep profiles are validated where they are stored (services/settings). */
export function registerSettingsValidation({ filter, action }: Register, database: Knex) {
	const check = async (context: any, payload: Record<string, unknown>, fn: (db: Knex) => void | Promise<void>) => {
		const db: Knex = context?.database ?? database;
		await withRefusals(db, context?.accountability?.user, async () => fn(db));
		return payload;
	};

	filter('crm_pools.items.create', (payload: Record<string, unknown>, _meta: unknown, context: any) =>
		check(context, payload, () => checkNewPool(payload)),
	);
	filter('crm_pools.items.update', (payload: Record<string, unknown>, meta: any, context: any) =>
		check(context, payload, (db) => checkPoolChange(db, meta?.keys ?? [], payload)),
	);
	for (const event of ['crm_settings.items.create', 'crm_settings.items.update']) {
		filter(event, (payload: Record<string, unknown>, _meta: unknown, context: any) =>
			check(context, payload, () => checkSettings(payload)),
		);
		action(event, () => settingsChanged());
	}
	for (const event of ['crm_rep_profiles.items.create', 'crm_rep_profiles.items.update']) {
		filter(event, (payload: Record<string, unknown>, _meta: unknown, context: any) =>
			check(context, payload, () => checkRepProfile(payload)),
		);
	}
}
