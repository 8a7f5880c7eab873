declare module '*.vue' {
	import type { DefineComponent } from 'vue';
	const component: DefineComponent<{}, {}, any>;
	export default component;
}

// vue-i18n is the studio's own copy, shared with extensions at run time (not installed here).
declare module 'vue-i18n' {
	import type { WritableComputedRef } from 'vue';
	export function useI18n(): { locale: WritableComputedRef<string>; t: (key: string, values?: Record<string, unknown>) => string };
}
