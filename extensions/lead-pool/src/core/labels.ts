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

/** What happened to a customer's ownership (crm_events.action), as the audit trail shows it. */
export const EVENT_ACTIONS = {
	created_in_pool: l('Created in a pool', '新建入公海', '新建入公海'),
	created_owned: l('Created with an owner', '新建并分配', '新建並分配'),
	over_cap_to_pool: l('Over the cap, sent to the pool', '超出上限，转入公海', '超出上限，轉入公海'),
	claimed: l('Claimed', '领取', '領取'),
	claimed_by_follow_up: l('Claimed by a follow-up', '跟进领取', '跟進領取'),
	request_approved: l('Claim request approved', '领取申请通过', '領取申請通過'),
	request_rejected: l('Claim request rejected', '领取申请驳回', '領取申請駁回'),
	assigned: l('Assigned', '分配', '分配'),
	transferred: l('Transferred', '转移', '轉移'),
	released: l('Released to the pool', '放回公海', '放回公海'),
	deleted_to_pool: l('Deleted, returned to the pool', '删除，退回公海', '刪除，退回公海'),
	reclaimed: l('Reclaimed', '自动回收', '自動回收'),
	purged: l('Purged', '彻底删除', '徹底刪除'),
	import_skipped: l('Import row skipped as a duplicate', '导入重复，已跳过', '匯入重複，已略過'),
	import_merged: l('Import row merged into the customer', '导入合并到已有客户', '匯入合併到既有客戶'),
	import_flagged: l('Imported, flagged as a duplicate', '导入并标记重复', '匯入並標記重複'),
	won: l('Won', '成交', '成交'),
	won_reverted: l('Win taken back', '撤销成交', '撤銷成交'),
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

/* ------------------------------------------------------------------------------------------------------------------
 * The studio: collection and field names, field notes, choice lists by field, bookmarks, dashboards, panels and
 * flows. The schema snapshot (translations, `$t:` choices and notes) and setup's translation strings are generated
 * from here (core/schema-labels.ts; its test regenerates them with `-u`), so each user reads one language only.
 * ---------------------------------------------------------------------------------------------------------------- */

/** A field as the studio shows it: its name and, where it needs one, a note under it. */
export interface FieldLabel {
	label: Label;
	note?: Label;
	/** the hint inside an empty input */
	placeholder?: Label;
	/** the fields of each entry of a list (repeater) field, with the choice list a sub-field offers */
	entries?: Record<string, { label: Label; choices?: string }>;
}

const f = (en: string, zhCN: string, zhTW: string, note?: Label): FieldLabel => ({ label: l(en, zhCN, zhTW), ...(note ? { note } : {}) });
const same = (label: Label, note?: Label): FieldLabel => ({ label, ...(note ? { note } : {}) });
const n = l;
const customerField = (field: string, note?: Label) => same(CUSTOMER_FIELDS[field]!.label, note);
const day = (collection: string, field: string, note: Label, more: Partial<FieldLabel> = {}): FieldLabel => ({
	label: DAY_AND_LEVER_FIELDS[collection]![field]!,
	note,
	...more,
});

/** The collections' names. */
export const COLLECTION_NAMES: Record<string, Label> = {
	crm_assignment_rules: l('Assignment rules', '分配规则', '分配規則'),
	crm_claim_requests: l('Claim requests', '领取申请', '領取申請'),
	crm_customers: l('Customers', '客户', '客戶'),
	crm_events: l('Ownership events', '归属变更记录', '歸屬變更記錄'),
	crm_follow_ups: l('Follow-ups', '跟进记录', '跟進記錄'),
	crm_performance: l('Performance entries', '绩效记录', '績效記錄'),
	crm_pool_members: l('Pool members', '公海成员', '公海成員'),
	crm_pools: l('Pools', '公海列表', '公海列表'),
	crm_rep_profiles: l('Rep profiles', '业务员档案', '業務員檔案'),
	crm_settings: l('Lead Pool settings', '公海设置', '公海設定'),
	crm_teams: l('Teams', '销售团队', '銷售團隊'),
};

/**
 * The order of the collections in the studio's navigation: a rep opening the studio lands on the first they may read,
 * Customers (the pool, by their role's default view), not on whatever sorts first by name.
 */
export const COLLECTION_ORDER = [
	'crm_customers',
	'crm_follow_ups',
	'crm_claim_requests',
	'crm_pools',
	'crm_pool_members',
	'crm_assignment_rules',
	'crm_rep_profiles',
	'crm_teams',
	'crm_performance',
	'crm_events',
	'crm_settings',
];

const CREATED = f('Created', '创建时间', '建立時間');
const CREATED_BY = f('Created by', '创建人', '建立人');
const DESCRIPTION = f('Description', '说明', '說明');
const NAME = f('Name', '名称', '名稱');
const STATUS = f('Status', '状态', '狀態');
const REP = f('Rep', '业务员', '業務員');
const CUSTOMER = f('Customer', '客户', '客戶');
const POOL = f('Pool', '公海', '公海');
const TEAM = f('Team', '团队', '團隊');
const DEFAULT_CAP = n('Empty = the global default in settings.', '留空则使用全局默认值。', '留空則使用全域預設值。');

/** Every field people see, by collection (the primary keys are left to Directus). */
export const FIELD_LABELS: Record<string, Record<string, FieldLabel>> = {
	crm_assignment_rules: {
		name: NAME,
		status: STATUS,
		priority: f('Priority', '优先级', '優先級', n('Higher first.', '数字大的优先。', '數字大的優先。')),
		strategy: f('Strategy', '分配策略', '分配策略'),
		match_group: f('Applies to customers', '适用客户', '適用客戶'),
		candidates_group: f('Candidates', '候选业务员', '候選業務員'),
		weights_group: f('Performance weights', '绩效权重', '績效權重'),
		fallback_group: f('When nobody can take it', '无人可分配时', '無人可分配時'),
		rr_pointer: f('Round-robin pointer', '轮流指针', '輪流指標'),
		description: DESCRIPTION,
		match_sources: f('Sources', '来源渠道', '來源渠道'),
		match_regions: f('Regions', '区域', '區域'),
		match_countries: f('Countries', '国家', '國家'),
		match_industries: f('Industries', '行业', '行業'),
		match_tiers: f('Tiers', '等级', '等級'),
		match_pool: POOL,
		candidate_teams: f(
			'Teams',
			'团队',
			'團隊',
			n('Team names; with no teams and no reps, every available rep.', '团队名称；团队和业务员都不填时，所有可分配的业务员。', '團隊名稱；團隊和業務員都不填時，所有可分配的業務員。'),
		),
		candidate_users: f('Reps', '业务员', '業務員', n('Rep emails.', '业务员的邮箱。', '業務員的郵箱。')),
		score_window: f('Score window', '统计周期', '統計週期'),
		score_window_days: f('N days', 'N 天', 'N 天'),
		score_mode: f('Mode', '模式', '模式'),
		weight_inquiries: f('Weight: inquiries', '权重：询盘', '權重：詢盤'),
		weight_sample_orders: f('Weight: sample orders', '权重：样品单', '權重：樣品單'),
		weight_follow_ups: f('Weight: follow-ups', '权重：跟进', '權重：跟進'),
		weight_meetings_hosted: f('Weight: morning meetings hosted', '权重：主持晨会', '權重：主持晨會'),
		weight_deals_won: f('Weight: deals won', '权重：成交', '權重：成交'),
		custom_weights: f(
			'Weights of custom metrics',
			'自定义指标权重',
			'自訂指標權重',
			n('JSON: each custom metric of the performance entries with its weight.', 'JSON：绩效记录中每个自定义指标及其权重。', 'JSON：績效記錄中每個自訂指標及其權重。'),
		),
		fallback: f('Fallback', '兜底方式', '兜底方式'),
		fallback_rep: f('Default rep', '默认业务员', '預設業務員'),
	},
	crm_claim_requests: {
		customer: CUSTOMER,
		requester: f('Requested by', '申请人', '申請人'),
		reason: f('Reason', '申请理由', '申請理由'),
		status: STATUS,
		reviewer: f('Reviewed by', '审批人', '審批人'),
		review_note: f('Review note', '审批意见', '審批意見'),
		reviewed_at: f('Reviewed at', '审批时间', '審批時間'),
		date_created: CREATED,
		user_created: CREATED_BY,
	},
	crm_customers: {
		name: customerField('name'),
		contact_name: customerField('contact_name'),
		phone: customerField('phone'),
		email: customerField('email'),
		duplicate_check: f('Similar customers', '相似客户', '相似客戶'),
		country: customerField('country'),
		region: customerField('region'),
		industry: customerField('industry'),
		source: customerField('source'),
		tier: customerField('tier'),
		stage: customerField('stage'),
		locked: f('Locked (never reclaimed)', '锁定（不回收）', '鎖定（不回收）'),
		ownership_divider: f('Ownership', '归属', '歸屬'),
		ownership_actions: f('Claim or release', '领取或放回', '領取或放回'),
		owner: customerField('owner', n('Empty = in the pool.', '为空表示在公海。', '為空表示在公海。')),
		pool: customerField('pool'),
		received_by: f('Received by', '接收人', '接收人'),
		owned_since: f('Owned since', '领取时间', '領取時間'),
		last_contact_at: customerField('last_contact_at'),
		converted_at: f('Converted', '成交时间', '成交時間'),
		previous_owner: f('Previous owner', '前负责人', '前負責人'),
		released_at: f('Released', '放回时间', '放回時間'),
		release_reason: f(
			'Release reason',
			'放回原因',
			'放回原因',
			n('To release a customer, clear Owner and say why here.', '放回公海：清空负责人，并在此填写原因。', '放回公海：清空負責人，並在此填寫原因。'),
		),
		notes: customerField('notes'),
		follow_ups: f('Follow-ups', '跟进记录', '跟進記錄'),
		duplicate_of: f(
			'Possible duplicate of',
			'疑似重复于',
			'疑似重複於',
			n(
				'Set when an import or API batch brought this customer in while a matching one existed. Compare the two, then mark the flag checked.',
				'导入时已有匹配的客户，由系统标记。请核对两者后将重复标记改为已核对。',
				'匯入時已有相符的客戶，由系統標記。請核對兩者後將重複標記改為已核對。',
			),
		),
		duplicate_status: f(
			'Duplicate flag',
			'重复标记',
			'重複標記',
			n('Flagged by the import guard; a manager sets it to checked after comparing.', '由导入查重标记；经理核对后改为已核对。', '由匯入查重標記；經理核對後改為已核對。'),
		),
		name_key: f('Normalised name', '规范化名称', '規範化名稱'),
		phone_key: f('Normalised phone', '规范化电话', '規範化電話'),
		email_key: f('Normalised email', '规范化邮箱', '規範化郵箱'),
		reminded_due_at: f('Reclaim reminder sent for', '回收提醒对应的到期时间', '回收提醒對應的到期時間'),
		escalated_due_at: f('Team manager told of the due date', '已通知团队经理的到期时间', '已通知團隊經理的到期時間'),
		date_created: customerField('date_created'),
		user_created: CREATED_BY,
		date_updated: f('Updated', '更新时间', '更新時間'),
		user_updated: f('Updated by', '更新人', '更新人'),
		next_contact_at: day(
			'crm_customers',
			'next_contact_at',
			n(
				'When you plan to contact the customer next; a follow-up can set it. Cleared when the customer returns to a pool.',
				'计划下次联系的时间；写跟进时可设置；客户回到公海时清空。',
				'計劃下次聯絡的時間；寫跟進時可設定；客戶回到公海時清空。',
			),
		),
		last_follow_up_summary: day(
			'crm_customers',
			'last_follow_up_summary',
			n('Kept by Lead Pool from the latest follow-up.', '由最近一次跟进自动填写。', '由最近一次跟進自動填寫。'),
		),
		contact_cycle_days: day(
			'crm_customers',
			'contact_cycle_days',
			n("Empty: the tier's cycle in Lead Pool settings.", '留空则按设置中该等级的周期。', '留空則按設定中該等級的週期。'),
			{ placeholder: n('Tier default', '按等级默认', '按等級預設') },
		),
		days_since_contact: day(
			'crm_customers',
			'days_since_contact',
			n(
				'Counted by Lead Pool when read: days since the last contact / the contact cycle (red past it).',
				'读取时计算：距上次联系天数 / 联系周期（超期标红）。',
				'讀取時計算：距上次聯絡天數 / 聯絡週期（超期標紅）。',
			),
		),
		return_count: day(
			'crm_customers',
			'return_count',
			n('Kept by Lead Pool: releases, reclaims, deletes and transfers to a pool.', '放回、回收、删除、转入公海的次数。', '放回、回收、刪除、轉入公海的次數。'),
		),
		locked_until: day(
			'crm_customers',
			'locked_until',
			n(
				"A rep's lock ends by itself then; empty while locked means a manager's lock without end.",
				'业务员锁定到期自动解除；锁定且为空表示经理锁定，无期限。',
				'業務員鎖定到期自動解除；鎖定且為空表示經理鎖定，無期限。',
			),
		),
		purge_requested: f(
			'Purge requested',
			'已请求彻底删除',
			'已請求徹底刪除',
			n('Set only by an admin purge; the database keeps every other deleted customer.', '仅在管理员彻底删除时设置。', '僅在管理員徹底刪除時設定。'),
		),
	},
	crm_events: {
		customer: CUSTOMER,
		action: f('Action', '操作', '操作'),
		from_owner: f('From', '原负责人', '原負責人'),
		to_owner: f('To', '新负责人', '新負責人'),
		pool: POOL,
		actor: f('By', '操作人', '操作人'),
		reason: f('Reason', '原因', '原因'),
		details: f('Details', '详情', '詳情'),
		date_created: f('When', '时间', '時間'),
	},
	crm_follow_ups: {
		customer: CUSTOMER,
		rep: REP,
		channel: f('Channel', '方式', '方式'),
		contacted_at: f('Contacted at', '跟进时间', '跟進時間'),
		summary: f('Summary', '内容', '內容'),
		next_contact_at: day(
			'crm_follow_ups',
			'next_contact_at',
			n("Sets the customer's next contact.", '同时设置客户的下次联系时间。', '同時設定客戶的下次聯絡時間。'),
		),
		date_created: CREATED,
		user_created: CREATED_BY,
	},
	crm_performance: {
		rep: REP,
		date: f('Date', '日期', '日期'),
		metric: f('Metric', '指标', '指標'),
		value: f('Value', '数值', '數值'),
		note: f('Note', '备注', '備註'),
		date_created: CREATED,
		user_created: CREATED_BY,
	},
	crm_pool_members: {
		pool: POOL,
		role: f('Role', '角色', '角色'),
		user: f('User', '用户', '使用者'),
		team: TEAM,
	},
	crm_pools: {
		name: NAME,
		status: f('Status', '状态', '狀態', n('A disabled pool must be emptied first.', '停用前须先清空公海。', '停用前須先清空公海。')),
		sort: f('Sort', '排序', '排序'),
		kind: f('Kind', '类型', '類型'),
		is_default: f(
			'Default pool',
			'默认公海',
			'預設公海',
			n(
				'New customers without a pool and no matching channel pool land here.',
				'没有指定公海、也没有对应渠道公海的新客户进入此公海。',
				'沒有指定公海、也沒有對應渠道公海的新客戶進入此公海。',
			),
		),
		sources: f(
			'Channels it receives',
			'接收的来源渠道',
			'接收的來源渠道',
			n('New unowned customers from these sources land in this pool.', '这些来源的无负责人新客户进入此公海。', '這些來源的無負責人新客戶進入此公海。'),
		),
		description: DESCRIPTION,
		claim_group: f('Claiming', '领取规则', '領取規則'),
		reclaim_group: f('Automatic reclaim', '自动回收', '自動回收'),
		members_group: f('Members', '成员', '成員'),
		date_created: CREATED,
		user_created: CREATED_BY,
		claim_policy: f('Who may claim', '领取方式', '領取方式'),
		claim_direct: f('Direct claim', '直接领取', '直接領取', n('Reps claim single or batch.', '业务员可单个或批量领取。', '業務員可單個或批次領取。')),
		claim_by_follow_up: f(
			'Claim by follow-up',
			'跟进即领取',
			'跟進即領取',
			n('Writing a follow-up on a pool customer claims it.', '在公海客户上写跟进即领取该客户。', '在公海客戶上寫跟進即領取該客戶。'),
		),
		claim_by_request: f('Claim by request', '申请领取', '申請領取', n('Reps request, a manager approves.', '业务员申请，经理审批。', '業務員申請，經理審批。')),
		daily_claim_limit: f('Claims per rep per day', '每人每日领取上限', '每人每日領取上限', n('Empty = no daily limit.', '留空表示不限。', '留空表示不限。')),
		cooldown_days: f(
			'Cool-down (days)',
			'冷却期（天）',
			'冷卻期（天）',
			n(
				'A rep who released or lost a customer cannot claim it back for this many days.',
				'放回或被回收的客户，在此天数内不能再次领取。',
				'放回或被回收的客戶，在此天數內不能再次領取。',
			),
		),
		reclaim_enabled: f('Reclaim neglected customers', '启用自动回收', '啟用自動回收'),
		reclaim_no_contact_days: f(
			'No contact for (days)',
			'未跟进天数',
			'未跟進天數',
			n('Back to the pool after this many days without a follow-up. Empty = off.', '超过此天数没有跟进则回收到公海。留空表示不启用。', '超過此天數沒有跟進則回收到公海。留空表示不啟用。'),
		),
		reclaim_not_converted_days: f(
			'Not converted within (days)',
			'未成交天数',
			'未成交天數',
			n('Back to the pool if not won this many days after it was claimed. Empty = off.', '领取后超过此天数未成交则回收。留空表示不启用。', '領取後超過此天數未成交則回收。留空表示不啟用。'),
		),
		reclaim_reminder_days: f('Remind owner (days before)', '提前提醒天数', '提前提醒天數'),
		reclaim_exempt_tiers: f('Exempt tiers', '免回收等级', '免回收等級'),
		members: f('Members and pool admins', '成员与公海管理员', '成員與公海管理員'),
		release_elsewhere: f(
			'Reps may release into another pool',
			'业务员可放回到其他公海',
			'業務員可放回到其他公海',
			n(
				"Reps releasing this pool's customers may pick another pool they are a member of.",
				'业务员放回本公海客户时，可选择自己所在的其他公海。',
				'業務員放回本公海客戶時，可選擇自己所在的其他公海。',
			),
		),
		hide_contacts: day(
			'crm_pools',
			'hide_contacts',
			n(
				'Members see phone, e-mail and contact masked until they claim.',
				'成员领取前看到的电话、邮箱和联系人是打码的。',
				'成員領取前看到的電話、郵箱和聯絡人是遮蔽的。',
			),
		),
		claim_won: day(
			'crm_pools',
			'claim_won',
			n(
				'Off: won customers (stage Customer) in this pool are assigned by managers only.',
				'关闭时，本公海的成交客户只能由经理分配。',
				'關閉時，本公海的成交客戶只能由經理分配。',
			),
		),
		reclaim_by_tier: day(
			'crm_pools',
			'reclaim_by_tier',
			n(
				"Overrides the pool's days for customers of that tier (A short, C long).",
				'覆盖该等级客户的回收天数（A 短、C 长）。',
				'覆蓋該等級客戶的回收天數（A 短、C 長）。',
			),
			{
				entries: {
					tier: { label: n('Tier', '等级', '等級'), choices: 'tier' },
					no_contact_days: { label: n('No contact for (days)', '未跟进天数', '未跟進天數') },
					not_converted_days: { label: n('Not converted within (days)', '未成交天数', '未成交天數') },
				},
			},
		),
		reclaim_escalation_days: day(
			'crm_pools',
			'reclaim_escalation_days',
			n(
				"This many days before a customer falls due, the owner's team manager is told too.",
				'客户到期前这些天，同时通知负责人的团队经理。',
				'客戶到期前這些天，同時通知負責人的團隊經理。',
			),
		),
		reclaim_to_pool: day(
			'crm_pools',
			'reclaim_to_pool',
			n('Empty: reclaimed customers stay in this pool.', '留空则回收到本公海。', '留空則回收到本公海。'),
		),
	},
	crm_rep_profiles: {
		user: REP,
		team: TEAM,
		regions: f('Regions covered', '负责区域', '負責區域'),
		industries: f('Strong industries', '擅长行业', '擅長行業'),
		availability: f('Availability', '状态', '狀態'),
		away_until: f('Away until', '休假至', '休假至'),
		max_new: f('Max new customers', '新客户上限', '新客戶上限', DEFAULT_CAP),
		max_prospects: f('Max prospects', '意向客户上限', '意向客戶上限', DEFAULT_CAP),
		monthly_capacity: f(
			'Monthly capacity',
			'每月可分配数',
			'每月可分配數',
			n('Most customers assigned per calendar month. Empty = no limit.', '每个自然月最多分配的客户数。留空表示不限。', '每個自然月最多分配的客戶數。留空表示不限。'),
		),
		transfer_customers: f(
			'Transfer their customers',
			'转移名下客户',
			'轉移名下客戶',
			n(
				"Give every customer this rep owns to another rep in one step (a leaving rep, long leave). The receiving rep's caps apply.",
				'一次性把该业务员名下的全部客户转给另一位业务员（离职、长假）；接收人的上限照常适用。',
				'一次性把該業務員名下的全部客戶轉給另一位業務員（離職、長假）；接收人的上限照常適用。',
			),
		),
	},
	crm_settings: {
		quota_divider: f('Quotas', '客户上限', '客戶上限'),
		max_new_per_rep: f(
			'Max new customers per rep',
			'每人新客户上限',
			'每人新客戶上限',
			n('Default cap; a rep profile can override it.', '默认上限，可在业务员档案中单独设置。', '預設上限，可在業務員檔案中單獨設定。'),
		),
		max_prospects_per_rep: f('Max prospects per rep', '每人意向客户上限', '每人意向客戶上限'),
		default_pool: f('Default pool', '默认公海', '預設公海'),
		reclaim_divider: f('Reclaim schedule', '自动回收计划', '自動回收排程'),
		reclaim_schedule: f(
			'Reclaim schedule (cron)',
			'回收计划（cron）',
			'回收排程（cron）',
			n('Cron expression, e.g. 0 * * * * = hourly.', 'cron 表达式，例如 0 * * * * 表示每小时。', 'cron 表達式，例如 0 * * * * 表示每小時。'),
		),
		timezone: f('Time zone', '时区', '時區', n('IANA name, e.g. Asia/Shanghai.', 'IANA 时区名称，例如 Asia/Shanghai。', 'IANA 時區名稱，例如 Asia/Taipei。')),
		reclaim_last_run_at: f('Last reclaim run', '上次回收时间', '上次回收時間'),
		reclaim_last_result: f('Last reclaim result', '上次回收结果', '上次回收結果'),
		reclaim_lock: f('Reclaim lock', '回收锁', '回收鎖'),
		reclaim_lock_until: f('Reclaim lock until', '回收锁到期', '回收鎖到期'),
		max_locked_per_rep: day(
			'crm_settings',
			'max_locked_per_rep',
			n('Locked customers are never reclaimed.', '锁定的客户不会被回收。', '鎖定的客戶不會被回收。'),
		),
		lock_max_days: day('crm_settings', 'lock_max_days', n("Managers' locks have no end.", '经理锁定没有期限。', '經理鎖定沒有期限。')),
		contact_cycle_days_by_tier: day(
			'crm_settings',
			'contact_cycle_days_by_tier',
			n(
				'Days since the last contact after which a customer shows red. Empty: A 7, B 14, C 30.',
				'超过该天数未联系则标红。留空：A 7 天、B 14 天、C 30 天。',
				'超過該天數未聯絡則標紅。留空：A 7 天、B 14 天、C 30 天。',
			),
		),
		digest_schedule: day(
			'crm_settings',
			'digest_schedule',
			n(
				"When each rep gets the morning digest (today's contacts, what falls due for reclaim); cron, e.g. 0 8 * * * = 8:00.",
				'每日提醒（今日联系、即将回收）的发送时间，cron 表达式，例如 0 8 * * * 即 8:00。',
				'每日提醒（今日聯絡、即將回收）的傳送時間，cron 表達式，例如 0 8 * * * 即 8:00。',
			),
		),
		digest_sent_on: day('crm_settings', 'digest_sent_on', n('The day the last digest went out.', '上次发送每日提醒的日期。', '上次傳送每日提醒的日期。')),
		duplicates_divider: f('Duplicate check', '查重', '查重'),
		duplicate_form_mode: f(
			'On the customer form',
			'新建客户时',
			'新建客戶時',
			n(
				'While a rep types a name, phone or e-mail on a new customer, the form lists similar customers. Warn: they can still save. ' +
					'Block saving: a customer whose name, phone or e-mail already exists cannot be created.',
				'业务员新建客户时，表单列出相似客户。提示：仍可保存；阻止保存：名称、电话或邮箱已存在的客户不能新建。',
				'業務員新建客戶時，表單列出相似客戶。提示：仍可儲存；阻止儲存：名稱、電話或郵箱已存在的客戶不能新建。',
			),
		),
		duplicate_import_mode: f(
			'On import',
			'导入时',
			'匯入時',
			n(
				'Rows of an import whose name, phone or e-mail matches an existing customer. Skip: not created. ' +
					"Merge: fills the existing customer's empty fields. Flag: created and marked for review.",
				'导入行的名称、电话或邮箱与已有客户相同时：跳过（不新建）、合并（补全已有客户的空字段）或导入并标记待核对。',
				'匯入行的名稱、電話或郵箱與既有客戶相同時：略過（不新建）、合併（補全既有客戶的空欄位）或匯入並標記待核對。',
			),
		),
	},
	crm_teams: {
		name: NAME,
		manager: f('Manager', '经理', '經理'),
		description: DESCRIPTION,
	},
};

/** The choice lists, by the name their translation strings carry. */
export const CHOICE_LISTS: Record<string, Record<string, Label>> = {
	source: SOURCES,
	tier: TIERS,
	stage: STAGES,
	region: REGIONS,
	industry: INDUSTRIES,
	rule_status: RULE_STATUSES,
	strategy: STRATEGIES,
	score_window: SCORE_WINDOWS,
	score_mode: SCORE_MODES,
	fallback: FALLBACKS,
	request_status: REQUEST_STATUSES,
	duplicate_status: DUPLICATE_STATUSES,
	channel: CHANNELS,
	metric: METRICS,
	member_role: MEMBER_ROLES,
	pool_status: POOL_STATUSES,
	pool_kind: POOL_KINDS,
	claim_policy: CLAIM_POLICIES,
	availability: AVAILABILITY,
	duplicate_form_mode: DUPLICATE_FORM_MODES,
	duplicate_import_mode: DUPLICATE_IMPORT_MODES,
	event_action: EVENT_ACTIONS,
};

/** Which list each field with choices offers. */
export const FIELD_CHOICES: Record<string, Record<string, keyof typeof CHOICE_LISTS>> = {
	crm_assignment_rules: {
		status: 'rule_status',
		strategy: 'strategy',
		match_sources: 'source',
		match_regions: 'region',
		match_industries: 'industry',
		match_tiers: 'tier',
		score_window: 'score_window',
		score_mode: 'score_mode',
		fallback: 'fallback',
	},
	crm_claim_requests: { status: 'request_status' },
	crm_customers: { region: 'region', industry: 'industry', source: 'source', tier: 'tier', stage: 'stage', duplicate_status: 'duplicate_status' },
	crm_events: { action: 'event_action' },
	crm_follow_ups: { channel: 'channel' },
	crm_performance: { metric: 'metric' },
	crm_pool_members: { role: 'member_role' },
	crm_pools: { status: 'pool_status', kind: 'pool_kind', sources: 'source', claim_policy: 'claim_policy', reclaim_exempt_tiers: 'tier' },
	crm_rep_profiles: { regions: 'region', industries: 'industry', availability: 'availability' },
	crm_settings: { duplicate_form_mode: 'duplicate_form_mode', duplicate_import_mode: 'duplicate_import_mode' },
};

/**
 * Texts of the studio that are not fields: bookmarks, dashboards, panels, flows and the extensions' own names. Each
 * is installed as a translation string and referred to as `$t:<key>` where Directus translates it.
 */
export const STUDIO_TEXTS = {
	bookmark_pool: l('Pool', '公海', '公海'),
	bookmark_mine: l('My customers', '我的客户', '我的客戶'),
	bookmark_today: l('Today', '今日联系', '今日聯絡'),
	bookmark_overdue: l('Overdue', '逾期未联系', '逾期未聯絡'),
	bookmark_all: l('All customers', '全部客户', '全部客戶'),
	dashboard_lead_pool: l('Lead Pool', '公海', '公海'),
	dashboard_lead_pool_note: l(
		'Check for duplicates before adding a customer; your customers falling due, your caps and your week.',
		'新建客户前先查重；即将被回收的客户、持有量与上限、每周动态。',
		'新建客戶前先查重；即將被回收的客戶、持有量與上限、每週動態。',
	),
	dashboard_reports: l('Pool reports', '公海报表', '公海報表'),
	dashboard_reports_note: l('For sales managers: pools, reps, reclaim and assignment, from the audit trail.', '销售经理报表：公海、业务员、回收与分配。', '銷售經理報表：公海、業務員、回收與分配。'),
	panel_duplicates: l('Duplicate check', '客户查重', '客戶查重'),
	panel_duplicates_note: l(
		'Type part of a name, a phone or an e-mail: every matching customer of every pool is listed.',
		'输入名称、电话或邮箱的一部分，列出所有公海中的匹配客户。',
		'輸入名稱、電話或郵箱的一部分，列出所有公海中的相符客戶。',
	),
	panel_import: l('Import and export spreadsheets', '表格导入与导出', '表格匯入與匯出'),
	panel_import_note: l(
		'Import a trade-show list or any .xlsx or .csv into a pool; read and download the per-row report; download the template.',
		'将展会名片等表格导入公海，查看并下载逐行报告，下载模板。',
		'將展會名片等表格匯入公海，查看並下載逐行報告，下載範本。',
	),
	flow_assign: l('Assign selected', '分配所选', '分配所選'),
	flow_assign_description: l(
		'Assign the selected customers by the assignment rules; preview the plan first.',
		'按分配规则分配所选客户，可先预览。',
		'按分配規則分配所選客戶，可先預覽。',
	),
	flow_assign_confirm: l('Assign by the assignment rules', '按分配规则分配', '按分配規則分配'),
	flow_assign_rule: l('Assignment rule', '分配规则', '分配規則'),
	flow_assign_dry_run: l('Preview first', '先预览', '先預覽'),
	flow_assign_operation: l('Assign by the rules', '按规则分配', '按規則分配'),
	flow_claim: l('Claim selected', '领取所选', '領取所選'),
	flow_claim_description: l(
		'Claim the selected pool customers; the outcome of each comes as a notification.',
		'领取所选公海客户，结果以通知发送。',
		'領取所選公海客戶，結果以通知傳送。',
	),
	flow_claim_operation: l('Claim for the user', '为触发者领取', '為觸發者領取'),
	extension_ownership: l('Lead Pool: claim and release', '公海：领取与放回', '公海：領取與放回'),
	extension_duplicate_warning: l('Lead Pool: similar customers', '公海：相似客户提示', '公海：相似客戶提示'),
	extension_release_reason: l('Lead Pool: release reason', '公海：放回原因', '公海：放回原因'),
	extension_duplicates_panel: l('Lead Pool: duplicate check', '公海：客户查重', '公海：客戶查重'),
	extension_report_panel: l('Lead Pool: report', '公海：报表', '公海：報表'),
	extension_import_panel: l('Lead Pool: import spreadsheet', '公海：导入表格', '公海：匯入表格'),
	extension_transfer: l("Lead Pool: transfer a rep's customers", '公海：转移客户', '公海：轉移客戶'),
	extension_assign: l('Lead Pool: assign', '公海：分配客户', '公海：分配客戶'),
	extension_claim: l('Lead Pool: claim for the user', '公海：领取所选', '公海：領取所選'),
	extension_rule_picker: l('Lead Pool: assignment rule', '公海：分配规则', '公海：分配規則'),
	default_pool_name: l('Company pool', '公司公海', '公司公海'),
	default_pool_description: l(
		'Every rep is a member. Customers without a pool land here.',
		'全体业务员可见；没有公海的客户进入此处。',
		'全體業務員可見；沒有公海的客戶進入此處。',
	),
} satisfies Record<string, Label>;

/** The reports of the report panel, with the title the panel shows. */
export const REPORTS = {
	'pool-size': l('Pool size by pool and source', '各公海客户数', '各公海客戶數'),
	activity: l('Claims, releases, reclaims and assignments per rep per week', '每周领取、放回、回收与分配', '每週領取、放回、回收與分配'),
	caps: l('Owned against caps', '持有量与上限', '持有量與上限'),
	'due-soon': l('Falling due for reclaim', '即将被回收的客户', '即將被回收的客戶'),
	'assignment-shares': l('Assignment shares against target shares', '分配占比与目标', '分配佔比與目標'),
	'time-to-claim': l('Days from arrival in the pool to first claim', '入公海到首次领取天数', '入公海到首次領取天數'),
	'my-day': l('My day: contacts due today and overdue', '今日与逾期联系', '今日與逾期聯絡'),
	'inquiry-board': l("This month's inquiry board", '本月询盘分配榜', '本月詢盤分配榜'),
} satisfies Record<string, Label>;

/** The columns of the reports, as the report panel heads them. */
export const REPORT_COLUMNS = {
	pool_name: l('Pool', '公海', '公海'),
	source: l('Source', '来源', '來源'),
	customers: l('Customers in the pool', '公海客户数', '公海客戶數'),
	week: l('Week of', '周（起始日）', '週（起始日）'),
	rep_name: l('Rep', '业务员', '業務員'),
	claims: l('Claims', '领取', '領取'),
	releases: l('Releases', '放回', '放回'),
	reclaims: l('Reclaims', '被回收', '被回收'),
	assignments: l('Assignments', '分配', '分配'),
	new_of_cap: l('New customers / cap', '新客户 / 上限', '新客戶 / 上限'),
	prospect_of_cap: l('Prospects / cap', '意向客户 / 上限', '意向客戶 / 上限'),
	name: l('Customer', '客户', '客戶'),
	owner_name: l('Owner', '负责人', '負責人'),
	due_at: l('Falls due', '回收时间', '回收時間'),
	days_left: l('Days left', '剩余天数', '剩餘天數'),
	rule_name: l('Rule', '规则', '規則'),
	assigned: l('Assigned', '分配数', '分配數'),
	share: l('Share', '实际占比', '實際佔比'),
	target_share: l('Target share', '目标占比', '目標佔比'),
	arrived: l('Arrived in the pool', '进入公海', '進入公海'),
	taken: l('Claimed or assigned', '已被领取或分配', '已被領取或分配'),
	avg_days: l('Average days to first claim', '平均领取天数', '平均領取天數'),
	max_days: l('Longest (days)', '最长（天）', '最長（天）'),
	when: l('Contact', '联系', '聯絡'),
	next_contact_at: l('Next contact', '下次联系', '下次聯絡'),
	days_since_contact: l('Days since last contact', '距上次联系天数', '距上次聯絡天數'),
	contact_cycle_days: l('Contact cycle (days)', '联系周期（天）', '聯絡週期（天）'),
	last_follow_up_summary: l('Latest follow-up', '最近跟进内容', '最近跟進內容'),
	assigned_at: l('Assigned', '分配时间', '分配時間'),
	received_by: l('Received by', '接收人', '接收人'),
	why: l('Why', '原因', '原因'),
	rep_inquiries: l("Rep's inquiries this month", '本月询盘数', '本月詢盤數'),
} satisfies Record<string, Label>;

/**
 * Why an assignment rule gave a customer to a rep, left it in the pool, or passed a rep over: one entry per phrase.
 * A decision stores its phrases as codes with their values (`Why`), and every place that shows it (the inquiry board,
 * the assignment preview, the preview notification) words them here in the reader's language. `{name}` is a value;
 * `{region}` and `{industry}` are named as the choice lists name them, and `{block}` is itself a phrase.
 */
export const ASSIGNMENT_REASONS = {
	previous_owner: l('previous owner of this customer or a duplicate of it', '此客户或其重复客户的原负责人', '此客戶或其重複客戶的原負責人'),
	received_card: l('received the card', '名片的接收人', '名片的接收人'),
	most_inquiries: l('most inquiries this month ({count})', '本月询盘最多（{count} 个）', '本月詢盤最多（{count} 個）'),
	top_score: l('top weighted score ({score})', '加权得分最高（{score}）', '加權得分最高（{score}）'),
	score_share: l('share by weighted score ({score} of {total})', '按加权得分比例分配（{score} / {total}）', '按加權得分比例分配（{score} / {total}）'),
	territory_strength: l('covers {region} and is strong in {industry}', '负责{region}，擅长{industry}', '負責{region}，擅長{industry}'),
	territory: l('covers {region}', '负责{region}', '負責{region}'),
	round_robin: l('round robin (turn {turn} of {of})', '轮流分配（第 {turn} 位，共 {of} 位）', '輪流分配（第 {turn} 位，共 {of} 位）'),
	least_loaded: l('least loaded ({count} open customers)', '负载最少（持有 {count} 个客户）', '負載最少（持有 {count} 個客戶）'),
	no_candidates: l('no candidates', '没有候选业务员', '沒有候選業務員'),
	no_previous_owner: l('no previous owner or receiver can take it', '原负责人和名片接收人都无法接收', '原負責人和名片接收人都無法接收'),
	all_full: l('every candidate is unavailable or full', '候选业务员都不可用或已满', '候選業務員都不可用或已滿'),
	all_zero: l('every candidate scores 0 (check the weights)', '候选业务员得分都为 0（请检查权重）', '候選業務員得分都為 0（請檢查權重）'),
	nobody_covers: l('nobody covers {region}', '没有业务员负责{region}', '沒有業務員負責{region}'),
	nobody_covers_unknown: l('nobody covers an unknown region', '客户地区未知，没有业务员负责', '客戶地區未知，沒有業務員負責'),
	fallback_rep: l('fallback to the default rep', '改分给默认业务员', '改分給預設業務員'),
	fallback_rep_unavailable: l('default rep unavailable ({block})', '默认业务员无法接收（{block}）', '預設業務員無法接收（{block}）'),
	left_in_pool: l('left in the pool', '留在公海', '留在公海'),
	claimed_meanwhile: l('claimed by someone else meanwhile', '期间已被他人领取', '期間已被他人領取'),
	already_owned: l('already owned', '已有负责人', '已有負責人'),
	not_found: l('not found', '找不到该客户', '找不到該客戶'),
	no_rule: l('no assignment rule matches', '没有匹配的分配规则', '沒有匹配的分配規則'),
	// why a rep was passed over
	inactive: l('inactive', '账号已停用', '帳號已停用'),
	paused: l('paused', '暂停接单', '暫停接單'),
	on_leave: l('on leave', '休假中', '休假中'),
	on_leave_until: l('on leave until {until}', '休假至 {until}', '休假至 {until}'),
	month_full: l('full: {count} of {cap} this month', '已满：本月 {count} / {cap}', '已滿：本月 {count} / {cap}'),
	new_full: l('full: {count} of {cap} new customers', '已满：新客户 {count} / {cap}', '已滿：新客戶 {count} / {cap}'),
	prospect_full: l('full: {count} of {cap} prospects', '已满：意向客户 {count} / {cap}', '已滿：意向客戶 {count} / {cap}'),
	no_profile: l('not a rep with a profile', '不是有档案的业务员', '不是有檔案的業務員'),
	outside_territory: l('outside territory', '不在负责区域', '不在負責區域'),
} satisfies Record<string, Label>;

export type WhyCode = keyof typeof ASSIGNMENT_REASONS;
/** One phrase of a reason: its code and the values it names. */
export interface Why {
	code: WhyCode;
	params?: Record<string, string | number | Why>;
}

/** A reason's phrases in a language, joined as that language joins clauses; an unknown code shows as written. */
export function reasonText(why: readonly Why[], language: string | null | undefined): string {
	const lang = languageKey(language);
	return why.map((w) => phrase(w, lang)).join(lang === 'en-US' ? '; ' : '；');
}

/** Each template split once into its text and its `{name}`s (odd places), so wording a phrase is a concatenation. */
const templates = new Map<string, string[]>();
function template(code: string, lang: Language): string[] | null {
	const key = `${code}|${lang}`;
	let parts = templates.get(key);
	if (!parts) {
		const label = (ASSIGNMENT_REASONS as Record<string, Label>)[code];
		if (!label) return null;
		parts = label[lang].split(/\{(\w+)\}/);
		templates.set(key, parts);
	}
	return parts;
}

function phrase(why: Why, lang: Language): string {
	const parts = template(why.code, lang);
	if (!parts) return String(why.code);
	let out = parts[0]!;
	for (let i = 1; i < parts.length; i += 2) {
		const name = parts[i]!;
		const value = why.params?.[name];
		if (value === undefined || value === null) out += `{${name}}`;
		else if (typeof value === 'object') out += phrase(value, lang);
		else {
			const list = name === 'region' ? REGIONS : name === 'industry' ? INDUSTRIES : null;
			const text = String(value);
			out += list && text in list ? list[text as keyof typeof list][lang] : text;
		}
		out += parts[i + 1]!;
	}
	return out;
}

/**
 * The reasons Lead Pool itself writes when a customer goes back to the pool (`release_reason`, and the event's
 * `reason`). They are stored in English, as the audit's text; the release-reason display words them in the reader's
 * language. A reason a person typed is shown as typed. `{days}` is a number.
 */
export const RELEASE_REASONS = {
	reclaimed_no_contact: l('Reclaimed: no follow-up for {days} days', '系统回收：{days} 天未跟进', '系統回收：{days} 天未跟進'),
	reclaimed_not_converted: l(
		'Reclaimed: not converted within {days} days of being claimed',
		'系统回收：领取后 {days} 天内未成交',
		'系統回收：領取後 {days} 天內未成交',
	),
	deleted: l('Deleted, returned to the pool', '删除后退回公海', '刪除後退回公海'),
	by_manager: l('Returned to the pool by a manager', '经理退回公海', '經理退回公海'),
} satisfies Record<string, Label>;

/**
 * Other reasons Lead Pool writes into the audit trail (crm_events.reason), stored in English (eventReason) and worded
 * for the reader by storedReasonIn: a customer entered while a matching one existed, and one entered for an owner at
 * their cap (it went to the pool instead).
 */
export const EVENT_REASONS = {
	duplicate_name: l('Possible duplicate of #{id} (same name)', '疑似与 #{id} 重复（名称相同）', '疑似與 #{id} 重複（名稱相同）'),
	duplicate_phone: l('Possible duplicate of #{id} (same phone)', '疑似与 #{id} 重复（电话相同）', '疑似與 #{id} 重複（電話相同）'),
	duplicate_email: l('Possible duplicate of #{id} (same email)', '疑似与 #{id} 重复（邮箱相同）', '疑似與 #{id} 重複（電子郵件相同）'),
	over_cap_new: l(
		'Went to the pool: {who} already owns {count} of {cap} new customers allowed',
		'已放入公海：{who}已拥有 {count} 个新客户（上限 {cap}）',
		'已放入公海：{who}已擁有 {count} 個新客戶（上限 {cap}）',
	),
	over_cap_prospect: l(
		'Went to the pool: {who} already owns {count} of {cap} prospects allowed',
		'已放入公海：{who}已拥有 {count} 个意向客户（上限 {cap}）',
		'已放入公海：{who}已擁有 {count} 個意向客戶（上限 {cap}）',
	),
} satisfies Record<string, Label>;

/** An audit-trail reason of EVENT_REASONS as stored: in English, with its values filled in. */
export function eventReason(code: keyof typeof EVENT_REASONS, params: Record<string, string | number | null | undefined>): string {
	return fillIn(EVENT_REASONS[code]['en-US'], params);
}

const fillIn = (template: string, params: Record<string, unknown>) => template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));

/** The "days since last contact" display of the customer lists: its text and its tooltip. */
export const DAYS_SINCE = {
	day: l('{days} day', '{days} 天', '{days} 天'),
	days: l('{days} days', '{days} 天', '{days} 天'),
	no_cycle: l('No contact cycle', '未设联系周期', '未設聯絡週期'),
	cycle: l('Contact cycle {cycle} days', '联系周期 {cycle} 天', '聯絡週期 {cycle} 天'),
	past: l('Contact cycle {cycle} days, past it', '联系周期 {cycle} 天，已超期', '聯絡週期 {cycle} 天，已逾期'),
} satisfies Record<string, Label>;

/** Days since the last contact against the contact cycle (null: none set), worded for the reader. */
export function daysSinceText(days: number, cycle: number | null, language: string | null | undefined): { text: string; title: string } {
	const fill = (label: Label) => labelIn(label, language).replace('{days}', String(days)).replace('{cycle}', String(cycle ?? ''));
	const past = cycle !== null && days > cycle;
	return {
		text: fill(days === 1 ? DAYS_SINCE.day : DAYS_SINCE.days),
		title: fill(cycle === null ? DAYS_SINCE.no_cycle : past ? DAYS_SINCE.past : DAYS_SINCE.cycle),
	};
}

/** A release reason Lead Pool writes, in English (the stored text). */
export function releaseReason(code: keyof typeof RELEASE_REASONS, days?: number): string {
	return RELEASE_REASONS[code]['en-US'].replace('{days}', String(days ?? ''));
}

/**
 * An English template as a pattern that reads it back: its text literally, each `{name}` as a capture (`value`, or
 * `value(name)`).
 */
function englishPattern(template: string, value: string | ((name: string) => string) = '(.+)') {
	const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
	const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
	const capture = (name: string) => (typeof value === 'string' ? value : value(name));
	return { names, pattern: new RegExp(`^${escaped.replace(/\{(\w+)\}/g, (_, name: string) => capture(name))}$`) };
}

/** Lead Pool's own stored reasons, each with the pattern that reads its English back (numbers, and a name as written). */
const storedPatterns = [...Object.values(RELEASE_REASONS), ...Object.values(EVENT_REASONS)].map((label) => ({
	label,
	...englishPattern(label['en-US'], (name) => (name === 'who' ? '(.+)' : '(\\d+)')),
}));

/**
 * A stored reason in a language: Lead Pool's own release and audit-trail reasons, and an assignment's "<rule>: <reason>" as the
 * audit trail keeps it (reasonText in English), worded for the reader; anything else (a reason a person typed) as
 * written.
 */
export function storedReasonIn(text: string | null | undefined, language: string | null | undefined): string {
	if (text === null || text === undefined) return '';
	const trimmed = String(text).trim();
	for (const { label, names, pattern } of storedPatterns) {
		const match = pattern.exec(trimmed);
		if (match) return fillIn(labelIn(label, language), Object.fromEntries(names.map((name, i) => [name, match[i + 1]])));
	}
	// "<rule name>: <phrases>": the rule's name may hold ": " itself, so try each place the phrases could start
	for (let at = trimmed.indexOf(RULE_SEPARATOR); at > 0; at = trimmed.indexOf(RULE_SEPARATOR, at + 1)) {
		const why = phrasesOf(trimmed.slice(at + RULE_SEPARATOR.length));
		if (why) return assignmentReason(trimmed.slice(0, at), why, language);
	}
	return String(text);
}

/** Between a rule's name and its reason in the stored (English) text. */
const RULE_SEPARATOR = ': ';

/**
 * An assignment's reason: "<rule>: <reason>". In English it is what the audit trail stores (`storedReasonIn` reads
 * it back); in Chinese with a full-width colon.
 */
export function assignmentReason(ruleName: string, why: readonly Why[], language: string | null | undefined = 'en-US'): string {
	return `${ruleName}${languageKey(language) === 'en-US' ? RULE_SEPARATOR : '：'}${reasonText(why, language)}`;
}

const reasonPatterns = Object.entries(ASSIGNMENT_REASONS).map(([code, label]) => ({ code: code as WhyCode, ...englishPattern(label['en-US']) }));

/** An English reason (reasonText's) back into its phrases, or null when it is not one. */
function phrasesOf(english: string): Why[] | null {
	const why: Why[] = [];
	for (const part of english.split('; ')) {
		const one = phraseOf(part);
		if (!one) return null;
		why.push(one);
	}
	return why.length ? why : null;
}

function phraseOf(english: string): Why | null {
	for (const { code, names, pattern } of reasonPatterns) {
		const match = pattern.exec(english);
		if (!match) continue;
		const params: Record<string, string | number | Why> = {};
		let whole = true;
		names.forEach((name, i) => {
			const value = match[i + 1]!;
			if (name === 'block') {
				const inner = phraseOf(value);
				if (inner) params[name] = inner;
				else whole = false;
			} else params[name] = value;
		});
		if (whole) return names.length ? { code, params } : { code };
	}
	return null;
}

/* ---------------------------------------- translation strings ---------------------------------------- */

/** The name of a translation string: `lead_pool_` and letters, digits and underscores only. */
export function translationKey(...parts: string[]): string {
	return ['lead_pool', ...parts].map((p) => p.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')).join('_');
}

export const choiceKey = (list: string, value: string) => translationKey(list, value);
export const noteKey = (collection: string, field: string) => translationKey('note', collection.replace(/^crm_/, ''), field);
export const titleKey = (collection: string, field: string) => translationKey('title', collection.replace(/^crm_/, ''), field);
export const studioKey = (name: keyof typeof STUDIO_TEXTS) => translationKey(name);
export const placeholderKey = (collection: string, field: string) => translationKey('placeholder', collection.replace(/^crm_/, ''), field);
export const entryKey = (collection: string, field: string, entry: string) => translationKey('entry', collection.replace(/^crm_/, ''), field, entry);

/** A label as Directus's meta.translations list. */
export function metaTranslations(label: Label) {
	return LANGUAGES.map((language) => ({ language, translation: label[language] }));
}

export interface TranslationString {
	key: string;
	language: Language;
	value: string;
}

/**
 * Every translation string Lead Pool installs: choices, field notes, dividers' titles, studio texts, and the titles
 * of refusal dialogs (`errors.<CODE>`, the key Directus's app looks up for an error code).
 */
export function translationStrings(errorTitles: Record<string, Label> = {}): TranslationString[] {
	const entries: [string, Label][] = [];
	for (const [list, choices] of Object.entries(CHOICE_LISTS)) for (const [value, label] of Object.entries(choices)) entries.push([choiceKey(list, value), label]);
	for (const [collection, fields] of Object.entries(FIELD_LABELS)) {
		for (const [field, { note, placeholder, entries: parts }] of Object.entries(fields)) {
			if (note) entries.push([noteKey(collection, field), note]);
			if (placeholder) entries.push([placeholderKey(collection, field), placeholder]);
			for (const [entry, { label }] of Object.entries(parts ?? {})) entries.push([entryKey(collection, field, entry), label]);
		}
	}
	for (const [collection, fields] of Object.entries(DIVIDERS)) for (const field of fields) entries.push([titleKey(collection, field), FIELD_LABELS[collection]![field]!.label]);
	for (const [name, label] of Object.entries(STUDIO_TEXTS)) entries.push([translationKey(name), label]);
	for (const [report, label] of Object.entries(REPORTS)) entries.push([translationKey('report', report), label]);
	for (const [code, label] of Object.entries(errorTitles)) entries.push([`errors.${code}`, label]);
	const seen = new Map<string, Label>();
	for (const [key, label] of entries) {
		const before = seen.get(key);
		if (before && JSON.stringify(before) !== JSON.stringify(label)) throw new Error(`translation string ${key} has two texts`);
		seen.set(key, label);
	}
	return [...seen].flatMap(([key, label]) => LANGUAGES.map((language) => ({ key, language, value: label[language] })));
}

/** Fields that are presentation dividers: their title (an option, not a name) is a translation string. */
export const DIVIDERS: Record<string, string[]> = {
	crm_customers: ['ownership_divider'],
	crm_settings: ['quota_divider', 'reclaim_divider', 'duplicates_divider'],
};

/**
 * The title of the dialog the studio shows for each refusal code (Directus's app looks up `errors.<CODE>`); the
 * message under it is the refusal's own text (core/refusals.ts).
 */
export const REFUSAL_TITLES: Record<string, Label> = {
	LEAD_POOL_QUOTA_EXCEEDED: l('Over the cap', '超出持有上限', '超出持有上限'),
	LEAD_POOL_ALREADY_OWNED: l('Already taken', '客户已被领取', '客戶已被領取'),
	LEAD_POOL_CLAIM_LIMIT: l('Daily claim limit reached', '已达每日领取上限', '已達每日領取上限'),
	LEAD_POOL_COOLDOWN: l('Still in cool-down', '仍在冷却期内', '仍在冷卻期內'),
	LEAD_POOL_NOT_MEMBER: l('Not a member of this pool', '不是该公海的成员', '不是該公海的成員'),
	LEAD_POOL_CLAIM_MODE: l('Not allowed in this pool', '该公海不允许此操作', '該公海不允許此操作'),
	LEAD_POOL_REQUEST_PENDING: l('A request is already pending', '已有待审批的申请', '已有待審批的申請'),
	LEAD_POOL_NOT_OWNER: l('Not your customer', '不是你的客户', '不是你的客戶'),
	LEAD_POOL_MANAGERS_ONLY: l('For sales managers only', '仅限销售经理', '僅限銷售經理'),
	LEAD_POOL_NOT_FOUND: l('Customer not found', '找不到该客户', '找不到該客戶'),
	LEAD_POOL_QUERY_REFUSED: l('This query is not allowed', '不允许的查询', '不允許的查詢'),
	LEAD_POOL_LOCKED: l('Customer is locked', '客户已锁定', '客戶已鎖定'),
	LEAD_POOL_LOCK_LIMIT: l('Lock limit reached', '已达锁定上限', '已達鎖定上限'),
	LEAD_POOL_POOL_NOT_EMPTY: l('Pool is not empty', '公海中仍有客户', '公海中仍有客戶'),
	LEAD_POOL_OWNS_CUSTOMERS: l('Rep still owns customers', '该业务员名下仍有客户', '該業務員名下仍有客戶'),
	LEAD_POOL_NOT_INSTALLED: l('Lead Pool is not fully set up', '公海尚未完成安装', '公海尚未完成安裝'),
	LEAD_POOL_FOLLOW_UP_NOT_YOURS: l('Not your follow-up', '不是你的跟进记录', '不是你的跟進記錄'),
};

/* ------------------------- appended: who locked a customer (issue 14, locks done right) ------------------------- */

DAY_AND_LEVER_FIELDS['crm_customers']!['locked_by'] = l('Locked by', '锁定人', '鎖定人');
FIELD_LABELS['crm_customers']!['locked_by'] = day(
	'crm_customers',
	'locked_by',
	n(
		"Kept by Lead Pool: who locked the customer. A lock set by someone other than the owner is a manager's lock; the rep cannot lift it.",
		'由系统记录锁定人。非负责人设置的锁定为经理锁定，业务员不能解除。',
		'由系統記錄鎖定人。非負責人設定的鎖定為經理鎖定，業務員不能解除。',
	),
);

/* ------------------------- appended: "Move to pool" on the customers list (issue 14) ------------------------- */

Object.assign(STUDIO_TEXTS, {
	flow_move: l('Move to pool', '移到公海', '移到公海'),
	flow_move_description: l(
		'Move the selected unowned customers to another pool, with a reason (managers and pool admins).',
		'将所选无负责人的客户移到另一个公海，需填写原因（经理与公海管理员）。',
		'將所選無負責人的客戶移到另一個公海，需填寫原因（經理與公海管理員）。',
	),
	flow_move_confirm: l('Move the selected customers to a pool', '将所选客户移到公海', '將所選客戶移到公海'),
	flow_move_to_pool: l('Move to', '移到', '移到'),
	flow_move_reason: l('Reason', '原因', '原因'),
	flow_move_operation: l('Move to the picked pool', '移到所选公海', '移到所選公海'),
	extension_move: l('Lead Pool: move to pool', '公海：移到公海', '公海：移到公海'),
	extension_pool_picker: l('Lead Pool: pool', '公海：选择公海', '公海：選擇公海'),
} satisfies Record<string, Label>);

/**
 * Collection names an older install was given and that setup replaces (an admin's own name stays): the Pools
 * collection was "公海", the same as the Pool bookmark beside it in the navigation.
 */
export const RETIRED_COLLECTION_NAMES: Record<string, Partial<Record<Language, string[]>>> = {
	crm_pools: { 'zh-CN': ['公海'], 'zh-TW': ['公海'] },
};
