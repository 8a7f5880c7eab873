import ids from './ids.json' with { type: 'json' };
import { LANGUAGES, STUDIO_TEXTS, type Label, type Language } from './labels';

const TEXTS = STUDIO_TEXTS as unknown as Record<string, Label>;

/** Lead Pool's dashboards and the catalogue entries of their name and note. */
const SHIPPED: Record<string, { name: string; note: string }> = {
	[ids.dashboard.lead_pool]: { name: 'dashboard_lead_pool', note: 'dashboard_lead_pool_note' },
	[ids.dashboard.reports]: { name: 'dashboard_reports', note: 'dashboard_reports_note' },
};

const shipped = (entry: string, text: unknown) =>
	typeof text === 'string' && LANGUAGES.some((language) => TEXTS[entry]?.[language] === text);

/**
 * Directus shows a dashboard's name as stored (it translates no dashboard names), so setup stores them in the
 * project's default language and each reader is shown theirs: a name or note that is one Lead Pool shipped, in any
 * language, reads in the reader's language; one an admin wrote themselves stays as written.
 */
export function dashboardInLanguage<T extends { id?: unknown; name?: unknown; note?: unknown }>(dashboard: T, language: Language): T {
	const entries = SHIPPED[String(dashboard?.id)];
	if (!entries) return dashboard;
	const out: any = { ...dashboard };
	if (shipped(entries.name, out.name)) out.name = TEXTS[entries.name]![language];
	if (shipped(entries.note, out.note)) out.note = TEXTS[entries.note]![language];
	return out;
}
