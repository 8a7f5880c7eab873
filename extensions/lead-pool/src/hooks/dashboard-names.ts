import type { Knex } from 'knex';
import { dashboardInLanguage } from '../core/dashboard-names';
import { languageKey } from '../core/labels';
import { userLanguage } from '../data/people';
import type { Register } from './register';

/** Every read of dashboards, the studio's Insights included, names Lead Pool's dashboards in the reader's language. */
export function registerDashboardNames({ filter }: Register, database: Knex) {
	filter('dashboards.read', async (records: unknown, _meta: any, context: any) => {
		const user = context?.accountability?.user;
		if (!user || !Array.isArray(records)) return records;
		const language = languageKey(await userLanguage(context?.database ?? database, user));
		return records.map((record) => (record && typeof record === 'object' ? dashboardInLanguage(record as any, language) : record));
	});
}
