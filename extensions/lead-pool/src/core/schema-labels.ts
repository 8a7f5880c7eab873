import {
	CHOICE_LISTS,
	COLLECTION_NAMES,
	COLLECTION_ORDER,
	DIVIDERS,
	FIELD_CHOICES,
	FIELD_LABELS,
	REFUSAL_TITLES,
	RETIRED_COLLECTION_NAMES,
	STUDIO_TEXTS,
	choiceKey,
	entryKey,
	metaTranslations,
	placeholderKey,
	noteKey,
	titleKey,
	translationKey,
	translationStrings,
} from './labels';

/**
 * The schema snapshot with every name, note and choice taken from the label catalogue (core/labels.ts): collection
 * and field names as Directus translations, choices and notes as `$t:` translation strings. A field, note or choice
 * list the catalogue does not know is an error naming it, so a new field cannot ship in one language.
 */
export function labelSnapshot(snapshot: any): any {
	const problems: string[] = [];
	const out = structuredClone(snapshot);
	for (const collection of out.collections ?? []) {
		if (!isOurs(collection.collection)) continue;
		const name = COLLECTION_NAMES[collection.collection];
		if (!name) problems.push(`collection ${collection.collection}: add it to COLLECTION_NAMES`);
		else collection.meta = { ...collection.meta, translations: metaTranslations(name) };
		const at = COLLECTION_ORDER.indexOf(collection.collection);
		if (at < 0) problems.push(`collection ${collection.collection}: add it to COLLECTION_ORDER`);
		else collection.meta.sort = at + 1;
	}
	for (const field of out.fields ?? []) {
		if (!isOurs(field.collection) || !field.meta || field.schema?.is_primary_key) continue;
		const where = `${field.collection}.${field.field}`;
		const label = FIELD_LABELS[field.collection]?.[field.field];
		if (!label) {
			problems.push(`field ${where}: add it to FIELD_LABELS`);
			continue;
		}
		const meta = field.meta;
		meta.translations = metaTranslations(label.label);
		if (label.note) meta.note = `$t:${noteKey(field.collection, field.field)}`;
		else if (meta.note) problems.push(`field ${where}: its note "${String(meta.note).slice(0, 40)}…" belongs in FIELD_LABELS`);
		if (DIVIDERS[field.collection]?.includes(field.field)) meta.options = { ...meta.options, title: `$t:${titleKey(field.collection, field.field)}` };
		if (label.placeholder) meta.options = { ...meta.options, placeholder: `$t:${placeholderKey(field.collection, field.field)}` };
		else if (meta.options?.placeholder) problems.push(`field ${where}: its placeholder belongs in FIELD_LABELS`);
		if (Array.isArray(meta.options?.fields)) {
			meta.options = {
				...meta.options,
				fields: meta.options.fields.map((entry: any) => {
					const known = label.entries?.[entry.field];
					if (!known) {
						problems.push(`field ${where}: its entry field "${entry.field}" belongs in FIELD_LABELS (entries)`);
						return entry;
					}
					const out = { ...entry, name: `$t:${entryKey(field.collection, field.field, entry.field)}` };
					if (known.choices) out.meta = { ...out.meta, options: { ...out.meta?.options, choices: choicesOf(known.choices, out.meta?.options?.choices) } };
					return out;
				}),
			};
		}
		const list = FIELD_CHOICES[field.collection]?.[field.field];
		if (list) {
			meta.options = { ...meta.options, choices: choicesOf(list, meta.options?.choices) };
			meta.display = meta.display ?? 'labels';
			const display = meta.display_options ?? { showAsDot: false };
			meta.display_options = { ...display, choices: choicesOf(list, display.choices) };
		} else if (meta.options?.choices) problems.push(`field ${where}: its choices belong in CHOICE_LISTS and FIELD_CHOICES`);
	}
	if (problems.length > 0) throw new Error(`The schema snapshot has texts core/labels.ts does not know:\n- ${problems.join('\n- ')}`);
	return out;
}

/** A choice list as Directus choices (`$t:` texts), keeping what a shipped choice adds (its colours). */
function choicesOf(list: string, existing: { value: string }[] | undefined) {
	const byValue = new Map((existing ?? []).map((c) => [c.value, c]));
	return Object.keys(CHOICE_LISTS[list]!).map((value) => ({ ...byValue.get(value), text: `$t:${choiceKey(list, value)}`, value }));
}

const isOurs = (collection: string) => collection.startsWith('crm_');

/**
 * What setup installs besides the snapshot (setup/labels.json): the translation strings, and the `$t:` names of the
 * bookmarks, dashboards, panels and flows with each text in every language (for what Directus does not translate).
 */
export function setupLabels() {
	const keys = Object.fromEntries(Object.keys(STUDIO_TEXTS).map((name) => [name, `$t:${translationKey(name)}`]));
	return { keys, texts: STUDIO_TEXTS, translations: translationStrings(REFUSAL_TITLES), retired: RETIRED_COLLECTION_NAMES };
}
