import { SETTINGS_DEFAULTS, type SettingsDefaults } from '../core/settings-defaults';
import type { Db } from './dialects';
import { readJson } from './values';

/** The global settings (crm_settings, a singleton); an empty setting falls back to the shipped default. */
export interface Settings {
	max_new_per_rep: number | null;
	max_prospects_per_rep: number | null;
	default_pool: number | null;
	timezone: string;
	duplicate_form_mode: SettingsDefaults['duplicate_form_mode'];
	duplicate_import_mode: SettingsDefaults['duplicate_import_mode'];
	max_locked_per_rep: number;
	lock_max_days: number;
	contact_cycle_days_by_tier: Record<string, number>;
}

const SETTINGS_TTL_MS = 5_000;
let settingsCache: { at: number; value: Settings } | null = null;
type ScheduleField = 'reclaim_schedule' | 'digest_schedule';
const scheduleCache: Record<ScheduleField, { at: number; expr: string }> = {
	reclaim_schedule: { at: 0, expr: SETTINGS_DEFAULTS.reclaim_schedule },
	digest_schedule: { at: 0, expr: SETTINGS_DEFAULTS.digest_schedule },
};

/** The global settings, cached for a few seconds per process (every claim needs them); writes clear the cache. */
export async function loadSettings(db: Db): Promise<Settings> {
	if (settingsCache && Date.now() - settingsCache.at < SETTINGS_TTL_MS) return settingsCache.value;
	const value = await readSettings(db);
	settingsCache = { at: Date.now(), value };
	return value;
}

/** Settings or their schedule changed: read them again at once. */
export function clearSettingsCache(): void {
	settingsCache = null;
	scheduleCache.reclaim_schedule.at = 0;
	scheduleCache.digest_schedule.at = 0;
}

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
	allowed.includes(value as T) ? (value as T) : fallback;

async function readSettings(db: Db): Promise<Settings> {
	// every column, so that a bundle newer than its schema (setup not yet run) still reads the settings it knows
	const row = await db('crm_settings').first('*');
	return {
		max_new_per_rep: row?.max_new_per_rep ?? SETTINGS_DEFAULTS.max_new_per_rep,
		max_prospects_per_rep: row?.max_prospects_per_rep ?? SETTINGS_DEFAULTS.max_prospects_per_rep,
		default_pool: row?.default_pool ?? null,
		timezone: row?.timezone || SETTINGS_DEFAULTS.timezone,
		duplicate_form_mode: oneOf(row?.duplicate_form_mode, ['warn', 'block'], SETTINGS_DEFAULTS.duplicate_form_mode),
		duplicate_import_mode: oneOf(row?.duplicate_import_mode, ['skip', 'merge', 'flag'], SETTINGS_DEFAULTS.duplicate_import_mode),
		max_locked_per_rep: wholeNumber(row?.max_locked_per_rep) ?? SETTINGS_DEFAULTS.max_locked_per_rep,
		lock_max_days: wholeNumber(row?.lock_max_days) ?? SETTINGS_DEFAULTS.lock_max_days,
		contact_cycle_days_by_tier: contactCycles(row?.contact_cycle_days_by_tier),
	};
}

const wholeNumber = (value: unknown): number | null => (value === null || value === undefined || value === '' ? null : Number(value));

/** The contact cycle of each tier: the setting's days where it names a tier, the shipped default elsewhere. */
function contactCycles(value: unknown): Record<string, number> {
	const parsed: unknown = readJson(value);
	const cycles = { ...SETTINGS_DEFAULTS.contact_cycle_days_by_tier };
	if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
		for (const [tier, days] of Object.entries(parsed)) if (Number.isInteger(Number(days)) && Number(days) > 0) cycles[tier] = Number(days);
	}
	return cycles;
}

/** The reclaim cron expression and time zone from settings (read at most every few seconds). */
export async function reclaimSchedule(db: Db): Promise<{ expr: string; tz: string }> {
	return scheduleOf(db, 'reclaim_schedule');
}

/** The morning digest's cron expression and time zone from settings (read at most every few seconds). */
export async function digestSchedule(db: Db): Promise<{ expr: string; tz: string }> {
	return scheduleOf(db, 'digest_schedule');
}

async function scheduleOf(db: Db, field: ScheduleField): Promise<{ expr: string; tz: string }> {
	const settings = await loadSettings(db);
	const cache = scheduleCache[field];
	if (Date.now() - cache.at > SETTINGS_TTL_MS) {
		// every column, so that a bundle newer than its schema (setup not yet run) still reads the schedules it knows
		const row = await db('crm_settings').first('*');
		cache.expr = row?.[field] || SETTINGS_DEFAULTS[field];
		cache.at = Date.now();
	}
	return { expr: cache.expr, tz: settings.timezone };
}

/** Whether setup has created Lead Pool's tables yet (the bundle can load before that). */
export async function leadPoolInstalled(db: Db): Promise<boolean> {
	return (await db.schema.hasTable('crm_settings')) && (await db.schema.hasTable('crm_customers'));
}
