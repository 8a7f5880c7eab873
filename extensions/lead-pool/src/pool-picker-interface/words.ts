import type { Language } from '../core/labels';

/** What the pool picker says, in each language the studio speaks. */
export const PICKER_WORDS: Record<Language, { pool: string; pick: string }> = {
	'en-US': { pool: 'Pool', pick: 'Pick a pool' },
	'zh-CN': { pool: '公海', pick: '请选择公海' },
	'zh-TW': { pool: '公海', pick: '請選擇公海' },
};
