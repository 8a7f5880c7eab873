/**
 * The defaults of the global settings (crm_settings): the caps a rep holds when neither settings nor their profile
 * say otherwise, the time zone of "per day", the reclaim schedule, the duplicate modes, the lock cap and length, and
 * the contact cycle of each tier. The one definition is
 * `setup/settings-defaults.json`, shipped with the package: setup writes it into a new installation and the server
 * falls back to it for a setting left empty.
 */
import defaults from '../../setup/settings-defaults.json';

export interface SettingsDefaults {
	max_new_per_rep: number;
	max_prospects_per_rep: number;
	timezone: string;
	reclaim_schedule: string;
	/** when the morning digest goes out (cron, in the settings' time zone) */
	digest_schedule: string;
	duplicate_form_mode: 'warn' | 'block';
	duplicate_import_mode: 'skip' | 'merge' | 'flag';
	/** how many customers a rep may lock at once */
	max_locked_per_rep: number;
	/** a rep's lock ends by itself after this many days */
	lock_max_days: number;
	/** how often a customer of each tier should be contacted, in days (a customer's own cycle overrides it) */
	contact_cycle_days_by_tier: Record<string, number>;
}

export const SETTINGS_DEFAULTS: Readonly<SettingsDefaults> = Object.freeze(defaults as SettingsDefaults);
