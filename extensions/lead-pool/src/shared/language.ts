import { useStores } from '@directus/extensions-sdk';
import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { languageKey, type Label, type Language } from '../core/labels';
import { plainRefusalDialogs } from './refusal-dialogs';

/**
 * The studio user's language as the label catalogue knows it (en-US, zh-CN or zh-TW), and a way to read a label in
 * it: the one helper every Vue file of the bundle uses, so no component decides "Chinese or not" on its own. The
 * first of the bundle's components on a page also makes Lead Pool's refusal dialogs plain (shared/refusal-dialogs).
 */
export function useLanguage() {
	const { locale } = useI18n();
	const language = computed<Language>(() => languageKey(String(locale.value ?? '')));
	const text = (label: Label) => label[language.value];
	try {
		plainRefusalDialogs(useStores().useNotificationsStore());
	} catch {
		// outside the studio (a test mounting the component alone): nothing to make plain
	}
	return { locale, language, text };
}
