/**
 * The defaults of the global settings (crm_settings): the caps a rep holds when neither settings nor their profile
 * say otherwise, the time zone of "per day", the reclaim schedule and the duplicate modes. The one definition is
 * `setup/settings-defaults.json`, shipped with the package: setup writes it into a new installation and the server
 * falls back to it for a setting left empty.
 */
import defaults from '../../setup/settings-defaults.json';

export interface SettingsDefaults {
	max_new_per_rep: number;
	max_prospects_per_rep: number;
	timezone: string;
	reclaim_schedule: string;
	duplicate_form_mode: 'warn' | 'block';
	duplicate_import_mode: 'skip' | 'merge' | 'flag';
}

export const SETTINGS_DEFAULTS: Readonly<SettingsDefaults> = Object.freeze(defaults as SettingsDefaults);
