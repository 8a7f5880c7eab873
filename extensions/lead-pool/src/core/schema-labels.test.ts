import yaml from 'js-yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHOICE_LISTS, LANGUAGES, REFUSAL_TITLES, STUDIO_TEXTS } from './labels';
import { labelSnapshot, setupLabels } from './schema-labels';

const here = path.dirname(fileURLToPath(import.meta.url));
const SNAPSHOT = path.resolve(here, '../../../../schema-snapshot.yaml');
const SETUP_LABELS = path.resolve(here, '../../setup/labels.json');

/*
 * The label catalogue is the one home of every text; these files are generated from it. After changing labels.ts or
 * adding a field to the snapshot, regenerate them: `npx vitest run --project unit schema-labels -u`.
 */
describe('labels: one home, generated into the schema snapshot and setup', () => {
	it('the schema snapshot carries the catalogue’s names, notes and choices', async () => {
		const current = readFileSync(SNAPSHOT, 'utf8');
		await expect(yaml.dump(labelSnapshot(yaml.load(current)))).toMatchFileSnapshot(SNAPSHOT);
	});

	it('setup/labels.json carries the catalogue’s translation strings and studio names', async () => {
		await expect(`${JSON.stringify(setupLabels(), null, '\t')}\n`).toMatchFileSnapshot(SETUP_LABELS);
	});

	it('every field of the snapshot reads in English, Simplified and Traditional Chinese, never two at once', () => {
		const snapshot = yaml.load(readFileSync(SNAPSHOT, 'utf8')) as any;
		for (const field of snapshot.fields.filter((f: any) => f.collection.startsWith('crm_') && !f.schema?.is_primary_key)) {
			expect(field.meta.translations.map((t: any) => t.language)).toEqual([...LANGUAGES]);
			for (const text of [field.meta.note, ...field.meta.translations.map((t: any) => t.translation)].filter(Boolean)) expect(text).not.toMatch(/ · /);
			for (const choice of field.meta.options?.choices ?? []) expect(choice.text).toMatch(/^\$t:lead_pool_/);
		}
	});

	it('refuses a field the catalogue does not name, so a new field cannot ship without its labels', () => {
		const snapshot = { collections: [], fields: [{ collection: 'crm_customers', field: 'shoe_size', meta: { note: 'Size · 尺码' }, schema: {} }] };
		expect(() => labelSnapshot(snapshot)).toThrow(/crm_customers\.shoe_size: add it to FIELD_LABELS/);
	});

	it('installs each text once per language, with keys Directus can look up and no text vue-i18n would misread', () => {
		const { translations } = setupLabels();
		const keys = new Set(translations.map((t) => `${t.key}|${t.language}`));
		expect(keys.size).toBe(translations.length);
		for (const t of translations) {
			expect(t.key).toMatch(/^(lead_pool_[a-z0-9_]+|errors\.[A-Z_]+)$/);
			// braces, @, $ and | are message syntax in vue-i18n: a note like "{"a": 1}" would break
			expect(t.value).not.toMatch(/[{}@$|]/);
			expect(t.value).not.toMatch(/ · /);
		}
		const count = Object.values(CHOICE_LISTS).reduce((sum, list) => sum + Object.keys(list).length, 0);
		expect(translations.length).toBeGreaterThan((count + Object.keys(STUDIO_TEXTS).length + Object.keys(REFUSAL_TITLES).length) * LANGUAGES.length);
		expect(translations.find((t) => t.key === 'lead_pool_region_east_china' && t.language === 'zh-TW')?.value).toBe('華東');
		expect(translations.find((t) => t.key === 'errors.LEAD_POOL_NOT_OWNER' && t.language === 'zh-CN')?.value).toBe('不是你的客户');
	});
});
