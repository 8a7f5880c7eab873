/**
 * The one home of every label people read: choices (the values of enum fields) and the fields of a customer, in each
 * language the studio speaks. The schema's translations, setup's translation strings, the reports, the spreadsheet
 * import (headers and values by label) and export (labels in the user's language) all read this catalogue, so a
 * label is written once and means the same thing everywhere.
 */
export const LANGUAGES = ['en-US', 'zh-CN', 'zh-TW'] as const;
export type Language = (typeof LANGUAGES)[number];

export type Label = Record<Language, string>;

const l = (en: string, zhCN: string, zhTW: string): Label => ({ 'en-US': en, 'zh-CN': zhCN, 'zh-TW': zhTW });

export const SOURCES = {
	trade_show: l('Trade show card', '展会名片', '展會名片'),
	alibaba: l('Alibaba inquiry', '阿里询盘', '阿里詢盤'),
	website: l('Website inquiry', '官网询盘', '官網詢盤'),
	directory: l('Directory search', '黄页搜索', '黃頁搜尋'),
	purchased_list: l('Bought or exchanged list', '购买/交换名单', '購買/交換名單'),
	referral: l('Referral', '转介绍', '轉介紹'),
	manual: l('Entered by hand', '手工录入', '手工錄入'),
} satisfies Record<string, Label>;

export const TIERS = {
	A: l('A (key)', 'A 重点', 'A 重點'),
	B: l('B (normal)', 'B 普通', 'B 普通'),
	C: l('C (low)', 'C 一般', 'C 一般'),
} satisfies Record<string, Label>;

export const STAGES = {
	new: l('New', '新线索', '新線索'),
	prospect: l('Prospect', '意向客户', '意向客戶'),
	customer: l('Customer (won)', '成交客户', '成交客戶'),
} satisfies Record<string, Label>;

export const REGIONS = {
	'East China': l('East China', '华东', '華東'),
	'South China': l('South China', '华南', '華南'),
	'North China': l('North China', '华北', '華北'),
	'West China': l('West China', '华西', '華西'),
	'North America': l('North America', '北美', '北美'),
	'Latin America': l('Latin America', '拉美', '拉美'),
	Europe: l('Europe', '欧洲', '歐洲'),
	'Middle East': l('Middle East', '中东', '中東'),
	Africa: l('Africa', '非洲', '非洲'),
	'Southeast Asia': l('Southeast Asia', '东南亚', '東南亞'),
	'South Asia': l('South Asia', '南亚', '南亞'),
	Oceania: l('Oceania', '大洋洲', '大洋洲'),
} satisfies Record<string, Label>;

export const INDUSTRIES = {
	Machinery: l('Machinery', '机械', '機械'),
	Electronics: l('Electronics', '电子', '電子'),
	Textiles: l('Textiles', '纺织', '紡織'),
	Chemicals: l('Chemicals', '化工', '化工'),
	Furniture: l('Furniture', '家具', '家具'),
	Automotive: l('Automotive', '汽车', '汽車'),
	'Building materials': l('Building materials', '建材', '建材'),
	Food: l('Food', '食品', '食品'),
	Medical: l('Medical', '医疗', '醫療'),
	Packaging: l('Packaging', '包装', '包裝'),
} satisfies Record<string, Label>;

/** The choice lists of crm_customers, by field. */
export const CUSTOMER_CHOICES: Record<string, Record<string, Label>> = {
	source: SOURCES,
	tier: TIERS,
	stage: STAGES,
	region: REGIONS,
	industry: INDUSTRIES,
};

/**
 * The fields of a customer a person types or reads in a spreadsheet, with the label the studio shows and the other
 * names people give the column (a trade-show list says 公司名称 where the studio says 客户名称).
 */
export const CUSTOMER_FIELDS: Record<string, { label: Label; aliases: string[] }> = {
	name: { label: l('Company name', '客户名称', '客戶名稱'), aliases: ['Company', 'Customer', 'Customer name', '公司名称', '公司', '公司名稱', '客户', '企业名称', '單位名稱', '单位名称'] },
	contact_name: { label: l('Contact', '联系人', '聯絡人'), aliases: ['Contact name', 'Contact person', '联系人姓名', '聯繫人', '姓名'] },
	phone: { label: l('Phone', '电话', '電話'), aliases: ['Telephone', 'Tel', 'Mobile', '手机', '手機', '联系电话', '聯絡電話', '手机号'] },
	email: { label: l('Email', '邮箱', '郵箱'), aliases: ['E-mail', 'Mail', '电子邮件', '電子郵件', '邮件', '電郵'] },
	country: { label: l('Country', '国家', '國家'), aliases: ['国家/地区', '國家/地區'] },
	region: { label: l('Region', '区域', '區域'), aliases: ['地区', '地區', 'Territory'] },
	industry: { label: l('Industry', '行业', '行業'), aliases: ['Sector', '所属行业', '所屬行業'] },
	source: { label: l('Source channel', '来源渠道', '來源渠道'), aliases: ['Source', 'Channel', '来源', '來源', '渠道'] },
	tier: { label: l('Tier', '客户等级', '客戶等級'), aliases: ['Level', 'Grade', '等级', '等級', '级别', '級別'] },
	stage: { label: l('Stage', '阶段', '階段'), aliases: ['Status', '客户阶段', '客戶階段'] },
	notes: { label: l('Notes', '备注', '備註'), aliases: ['Note', 'Remarks', 'Comment', '说明', '說明'] },
};

/** A label in a language, falling back to English; `zh` alone means Simplified Chinese. */
export function labelIn(label: Label, language: string | null | undefined): string {
	return label[languageKey(language)];
}

/** The catalogue's language for a Directus language code (zh-HK and zh-TW read Traditional; other zh Simplified). */
export function languageKey(language: string | null | undefined): Language {
	const code = (language ?? '').toLowerCase();
	if (code.startsWith('zh')) return code.includes('tw') || code.includes('hk') || code.includes('hant') || code.includes('mo') ? 'zh-TW' : 'zh-CN';
	return 'en-US';
}
