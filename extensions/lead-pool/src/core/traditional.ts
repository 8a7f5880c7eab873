import * as OpenCC from 'opencc-js/cn2t';

/**
 * Simplified Chinese text as Traditional Chinese with Taiwan's words (联系 → 聯絡, 默认 → 預設, 导入 → 匯入), for the
 * messages written once in Simplified Chinese (refusals, validation). The values named in `keep` (customer and pool
 * names, dates, field keys) are left exactly as they are: a customer called 华东贸易 stays 华东贸易.
 */
const toTaiwan = OpenCC.Converter({ from: 'cn', to: 'twp' });

/** Where the phrase conversion picks a programmer's word or a wrong 后 for a sales rep. */
const FIXES: [RegExp, string][] = [
	[/天后/g, '天後'],
	[/表示式/g, '表達式'],
	[/全域性/g, '全域'],
	[/優先順序/g, '優先級'],
	[/型別/g, '類型'],
];

export function traditional(text: string, keep: readonly unknown[] = []): string {
	const values = [...new Set(keep.filter((v) => typeof v === 'string' || typeof v === 'number').map(String))]
		.filter((v) => v.length > 0)
		.sort((a, b) => b.length - a.length);
	if (values.length === 0) return convert(text);
	const pattern = new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
	let out = '';
	let at = 0;
	for (const match of text.matchAll(pattern)) {
		out += convert(text.slice(at, match.index)) + match[0];
		at = match.index + match[0].length;
	}
	return out + convert(text.slice(at));
}

function convert(text: string): string {
	let out = toTaiwan(text);
	for (const [from, to] of FIXES) out = out.replace(from, to);
	return out;
}
