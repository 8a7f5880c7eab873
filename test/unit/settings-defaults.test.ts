import { describe, expect, it } from 'vitest';
import { loadSnapshot, SETTINGS_DEFAULTS } from '../../extensions/lead-pool/setup/setup.mjs';
import { SETTINGS_DEFAULTS as SERVER_DEFAULTS } from '../../extensions/lead-pool/src/core/settings-defaults';

describe('the settings defaults have one definition', () => {
	it('setup and the server read the same file', () => {
		expect(SETTINGS_DEFAULTS).toEqual(SERVER_DEFAULTS);
		expect(SETTINGS_DEFAULTS).toMatchObject({ max_new_per_rep: 50, max_prospects_per_rep: 100 });
	});

	it('where the schema snapshot states a default for a setting, it is that one', () => {
		const fields = ((loadSnapshot() as any).fields as any[]).filter((f) => f.collection === 'crm_settings' && f.field in SETTINGS_DEFAULTS);
		expect(fields.length).toBeGreaterThan(0);
		for (const f of fields) {
			const stated = f.schema?.default_value;
			if (stated !== undefined && stated !== null) expect({ [f.field]: stated }).toEqual({ [f.field]: (SETTINGS_DEFAULTS as Record<string, unknown>)[f.field] });
		}
	});
});
