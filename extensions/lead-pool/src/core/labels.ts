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

/* The other choice lists, one per field that offers choices. */
export const RULE_STATUSES = {
	active: l('Active', '启用', '啟用'),
	inactive: l('Inactive', '停用', '停用'),
} satisfies Record<string, Label>;

export const STRATEGIES = {
	previous_owner_first: l('Previous owner first (trade-show cards)', '老客户归原业务员（展会名片）', '老客戶歸原業務員（展會名片）'),
	most_inquiries: l('Most inquiries this month (Alibaba)', '本月询盘最多者（阿里询盘）', '本月詢盤最多者（阿里詢盤）'),
	weighted_performance: l('Weighted performance score (website)', '绩效加权得分（官网询盘）', '績效加權得分（官網詢盤）'),
	territory: l('Territory and strengths (directory, lists)', '区域与擅长行业（黄页、名单）', '區域與擅長行業（黃頁、名單）'),
	round_robin: l('Round robin', '轮流分配', '輪流分配'),
	least_loaded: l('Least loaded', '负载最少', '負載最少'),
} satisfies Record<string, Label>;

export const SCORE_WINDOWS = {
	this_week: l('This week', '本周', '本週'),
	last_week: l('Last week', '上周', '上週'),
	this_month: l('This month', '本月', '本月'),
	last_n_days: l('Last N days', '最近 N 天', '最近 N 天'),
} satisfies Record<string, Label>;

export const SCORE_MODES = {
	winner: l('Top scorer takes all', '最高分者全得', '最高分者全得'),
	proportional: l('Share by score', '按得分比例', '按得分比例'),
} satisfies Record<string, Label>;

export const FALLBACKS = {
	pool: l('Leave in the pool', '留在公海', '留在公海'),
	rep: l('Give to a default rep', '分给默认业务员', '分給預設業務員'),
} satisfies Record<string, Label>;

export const REQUEST_STATUSES = {
	pending: l('Pending', '待审批', '待審批'),
	approved: l('Approved', '已通过', '已通過'),
	rejected: l('Rejected', '已驳回', '已駁回'),
	cancelled: l('Cancelled', '已撤回', '已撤回'),
} satisfies Record<string, Label>;

export const DUPLICATE_STATUSES = {
	flagged: l('Flagged as possible duplicate', '疑似重复', '疑似重複'),
	checked: l('Checked, not a duplicate', '已核对，不重复', '已核對，不重複'),
} satisfies Record<string, Label>;

export const CHANNELS = {
	phone: l('Phone', '电话', '電話'),
	email: l('Email', '邮件', '郵件'),
	wechat: l('WeChat', '微信', '微信'),
	whatsapp: l('WhatsApp', 'WhatsApp', 'WhatsApp'),
	visit: l('Visit', '拜访', '拜訪'),
	meeting: l('Meeting', '会议', '會議'),
	other: l('Other', '其他', '其他'),
} satisfies Record<string, Label>;

export const METRICS = {
	inquiries: l('Inquiries', '询盘数', '詢盤數'),
	sample_orders: l('Sample orders', '样品单', '樣品單'),
	follow_ups: l('Follow-ups logged', '跟进次数', '跟進次數'),
	meetings_hosted: l('Morning meetings hosted', '主持晨会', '主持晨會'),
	deals_won: l('Deals won', '成交数', '成交數'),
} satisfies Record<string, Label>;

export const MEMBER_ROLES = {
	member: l('Member', '成员', '成員'),
	admin: l('Pool admin', '公海管理员', '公海管理員'),
} satisfies Record<string, Label>;

export const POOL_STATUSES = {
	active: l('Active', '启用', '啟用'),
	disabled: l('Disabled', '停用', '停用'),
} satisfies Record<string, Label>;

export const POOL_KINDS = {
	company: l('Company-wide', '全公司', '全公司'),
	department: l('Department', '部门', '部門'),
	channel: l('Channel', '渠道', '渠道'),
} satisfies Record<string, Label>;

export const CLAIM_POLICIES = {
	open: l('Members claim', '成员可领取', '成員可領取'),
	assigned_only: l('Admin assigns only', '仅管理员分配', '僅管理員分配'),
} satisfies Record<string, Label>;

export const AVAILABILITY = {
	available: l('Available', '可分配', '可分配'),
	paused: l('Paused', '暂停', '暫停'),
	on_leave: l('On leave', '休假', '休假'),
} satisfies Record<string, Label>;

export const DUPLICATE_FORM_MODES = {
	warn: l('Warn', '提示', '提示'),
	block: l('Block saving', '阻止保存', '阻止保存'),
} satisfies Record<string, Label>;

export const DUPLICATE_IMPORT_MODES = {
	skip: l('Skip duplicates', '跳过重复', '跳過重複'),
	merge: l('Merge into existing', '合并到已有客户', '合併到已有客戶'),
	flag: l('Import and flag', '导入并标记', '匯入並標記'),
} satisfies Record<string, Label>;

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
	owner: { label: l('Owner', '负责人', '負責人'), aliases: ['Sales rep', 'Rep', 'Owner email', '业务员', '業務員', '所属销售', '所屬銷售'] },
	pool: { label: l('Pool', '公海', '公海'), aliases: ['所属公海', '所屬公海'] },
	last_contact_at: { label: l('Last contact', '最近联系', '最近聯絡'), aliases: ['最近联系时间', '最近聯絡時間'] },
	date_created: { label: l('Created', '创建时间', '建立時間'), aliases: ['Date created', '创建日期', '建立日期'] },
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

/** What became of each row of a spreadsheet import, as the import report says it. */
export const IMPORT_OUTCOMES = {
	created: l('Created', '已新建', '已新建'),
	flagged: l('Created, flagged as a possible duplicate', '已新建，标记为疑似重复', '已新建，標記為疑似重複'),
	merged: l('Merged into an existing customer', '已合并到已有客户', '已合併到既有客戶'),
	skipped: l('Skipped: already exists', '已跳过：客户已存在', '已略過：客戶已存在'),
	refused: l('Refused', '未导入', '未匯入'),
} satisfies Record<string, Label>;

/** The columns of the import report spreadsheet. */
export const IMPORT_REPORT_COLUMNS = {
	row: l('Row', '行号', '行號'),
	name: l('Company name', '客户名称', '客戶名稱'),
	outcome: l('Outcome', '结果', '結果'),
	customer: l('Customer id', '客户编号', '客戶編號'),
	duplicate_of: l('Duplicate of', '重复于', '重複於'),
	message: l('Details', '说明', '說明'),
} satisfies Record<string, Label>;

/**
 * The fields of the rep's day and the manager's levers (next contact, contact cycle, locks, hidden contacts, where
 * customers go, reclaim by tier and escalation), by collection: the studio's field names in each language.
 */
export const DAY_AND_LEVER_FIELDS: Record<string, Record<string, Label>> = {
	crm_customers: {
		next_contact_at: l('Next contact', '下次联系', '下次聯絡'),
		last_follow_up_summary: l('Latest follow-up', '最近跟进内容', '最近跟進內容'),
		contact_cycle_days: l('Contact cycle (days)', '联系周期（天）', '聯絡週期（天）'),
		return_count: l('Times returned to a pool', '退回公海次数', '退回公海次數'),
		days_since_contact: l('Days since last contact', '距上次联系天数', '距上次聯絡天數'),
		locked_until: l('Locked until', '锁定至', '鎖定至'),
	},
	crm_follow_ups: {
		next_contact_at: l('Next contact', '下次联系', '下次聯絡'),
	},
	crm_pools: {
		hide_contacts: l('Hide contacts until claimed', '领取前隐藏联系方式', '領取前隱藏聯絡方式'),
		claim_won: l('Reps may claim won customers', '业务员可领取成交客户', '業務員可領取成交客戶'),
		release_elsewhere: l('Reps may release into another pool', '业务员可放回到其他公海', '業務員可放回到其他公海'),
		reclaim_by_tier: l('Reclaim days by tier', '按等级回收天数', '按等級回收天數'),
		reclaim_escalation_days: l('Tell the team manager (days before)', '提前通知团队经理（天）', '提前通知團隊經理（天）'),
		reclaim_to_pool: l('Reclaim into pool', '回收至公海', '回收至公海'),
	},
	crm_settings: {
		max_locked_per_rep: l('Max locked customers per rep', '每人锁定客户上限', '每人鎖定客戶上限'),
		lock_max_days: l("A rep's lock lasts (days)", '业务员锁定天数', '業務員鎖定天數'),
		contact_cycle_days_by_tier: l('Contact cycle by tier (days)', '各等级联系周期（天）', '各等級聯絡週期（天）'),
		digest_schedule: l('Morning digest schedule (cron)', '每日提醒计划（cron）', '每日提醒計劃（cron）'),
		digest_sent_on: l('Morning digest sent on', '每日提醒发送日期', '每日提醒發送日期'),
	},
};
