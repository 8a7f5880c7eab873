import { invalid, type Refusal } from './refusals';
import {
	AVAILABILITY,
	CHANNELS,
	CLAIM_POLICIES,
	CUSTOMER_FIELDS,
	DUPLICATE_FORM_MODES,
	DUPLICATE_IMPORT_MODES,
	DUPLICATE_STATUSES,
	FALLBACKS,
	MEMBER_ROLES,
	POOL_KINDS,
	POOL_STATUSES,
	REQUEST_STATUSES,
	RULE_STATUSES,
	SCORE_MODES,
	SCORE_WINDOWS,
	SOURCES,
	STAGES,
	STRATEGIES,
	TIERS,
	type Label,
} from './labels';

/**
 * What each field of Lead Pool's collections accepts, checked before anything is written, the same on every
 * database: text no longer than its column, names not blank, choices only from their lists (the keys of the label
 * catalogue), numbers in range, dates that are dates. A bad value gets a short message naming the field and what it
 * takes — never a 500, never the whole value echoed back.
 */
type Named = { label: [string, string] };
export type FieldRule = Named &
	(
		| { kind: 'text'; max: number; required?: boolean }
		| { kind: 'email'; max: number }
		| { kind: 'choice'; values: readonly string[]; required?: boolean }
		| { kind: 'choices'; values: readonly string[] }
		| { kind: 'int'; min: number; max: number }
		| { kind: 'number'; min: number; max: number }
		| { kind: 'bool' }
		| { kind: 'timestamp'; notFuture?: boolean }
		| { kind: 'date' }
		| { kind: 'ref'; key?: 'uuid' | 'int' }
		| { kind: 'json' }
	);

const keys = (catalogue: Record<string, Label>) => Object.keys(catalogue);
const name = (en: string, zh: string): [string, string] => [en, zh];
const customer = (field: keyof typeof CUSTOMER_FIELDS): [string, string] => {
	const label = CUSTOMER_FIELDS[field]!.label;
	return [label['en-US'], label['zh-CN']];
};
const STRING = 255;
const LONG_TEXT = 20_000;

export const FIELD_RULES: Record<string, Record<string, FieldRule>> = {
	crm_customers: {
		name: { kind: 'text', max: STRING, required: true, label: customer('name') },
		contact_name: { kind: 'text', max: STRING, label: customer('contact_name') },
		phone: { kind: 'text', max: 64, label: customer('phone') },
		email: { kind: 'email', max: STRING, label: customer('email') },
		country: { kind: 'text', max: STRING, label: customer('country') },
		region: { kind: 'text', max: STRING, label: customer('region') },
		industry: { kind: 'text', max: STRING, label: customer('industry') },
		source: { kind: 'choice', values: keys(SOURCES), required: true, label: customer('source') },
		tier: { kind: 'choice', values: keys(TIERS), label: customer('tier') },
		stage: { kind: 'choice', values: keys(STAGES), required: true, label: customer('stage') },
		notes: { kind: 'text', max: LONG_TEXT, label: customer('notes') },
		release_reason: { kind: 'text', max: 2_000, label: name('Release reason', '放回原因') },
		locked: { kind: 'bool', label: name('Locked', '锁定') },
		duplicate_status: { kind: 'choice', values: [...keys(DUPLICATE_STATUSES), 'skipped', 'merged'], label: name('Duplicate flag', '重复标记') },
		owner: { kind: 'ref', key: 'uuid', label: name('Owner', '负责人') },
		pool: { kind: 'ref', key: 'int', label: name('Pool', '所属公海') },
		received_by: { kind: 'ref', key: 'uuid', label: name('Received by', '接收人') },
		next_contact_at: { kind: 'timestamp', label: name('Next contact', '下次联系') },
		contact_cycle_days: { kind: 'int', min: 1, max: 3650, label: name('Contact cycle (days)', '联系周期（天）') },
		locked_until: { kind: 'timestamp', label: name('Locked until', '锁定至') },
	},
	crm_follow_ups: {
		customer: { kind: 'ref', key: 'int', label: name('Customer', '客户') },
		rep: { kind: 'ref', key: 'uuid', label: name('Rep', '业务员') },
		channel: { kind: 'choice', values: keys(CHANNELS), label: name('Channel', '方式') },
		summary: { kind: 'text', max: LONG_TEXT, label: name('Summary', '跟进内容') },
		contacted_at: { kind: 'timestamp', notFuture: true, label: name('Contacted at', '联系时间') },
		next_contact_at: { kind: 'timestamp', label: name('Next contact', '下次联系') },
	},
	crm_claim_requests: {
		customer: { kind: 'ref', key: 'int', label: name('Customer', '客户') },
		reason: { kind: 'text', max: 2_000, label: name('Reason', '申请理由') },
		status: { kind: 'choice', values: keys(REQUEST_STATUSES), label: name('Status', '状态') },
		review_note: { kind: 'text', max: 2_000, label: name('Review note', '审批意见') },
	},
	crm_pools: {
		name: { kind: 'text', max: STRING, required: true, label: name('Name', '名称') },
		status: { kind: 'choice', values: keys(POOL_STATUSES), required: true, label: name('Status', '状态') },
		kind: { kind: 'choice', values: keys(POOL_KINDS), required: true, label: name('Kind', '类型') },
		claim_policy: { kind: 'choice', values: keys(CLAIM_POLICIES), required: true, label: name('Who may claim', '领取方式') },
		sources: { kind: 'choices', values: keys(SOURCES), label: name('Channels received', '接收渠道') },
		reclaim_exempt_tiers: { kind: 'choices', values: keys(TIERS), label: name('Exempt tiers', '豁免等级') },
		description: { kind: 'text', max: LONG_TEXT, label: name('Description', '说明') },
		sort: { kind: 'int', min: -1_000_000, max: 1_000_000, label: name('Sort', '排序') },
		is_default: { kind: 'bool', label: name('Default pool', '默认公海') },
		claim_direct: { kind: 'bool', label: name('Direct claim', '直接领取') },
		claim_by_follow_up: { kind: 'bool', label: name('Claim by follow-up', '跟进即领取') },
		claim_by_request: { kind: 'bool', label: name('Claim by request', '申请领取') },
		reclaim_enabled: { kind: 'bool', label: name('Automatic reclaim', '自动回收') },
		hide_contacts: { kind: 'bool', label: name('Hide contacts until claimed', '领取前隐藏联系方式') },
		claim_won: { kind: 'bool', label: name('Won customers claimable', '成交客户可领取') },
		release_elsewhere: { kind: 'bool', label: name('Reps may release into another pool', '业务员可放回到其他公海') },
		reclaim_to_pool: { kind: 'ref', key: 'int', label: name('Reclaim into pool', '回收至公海') },
		reclaim_by_tier: { kind: 'json', label: name('Reclaim days by tier', '按等级回收天数') },
		reclaim_escalation_days: { kind: 'int', min: 0, max: 365, label: name('Escalate (days before)', '提前上报天数') },
	},
	crm_pool_members: {
		role: { kind: 'choice', values: keys(MEMBER_ROLES), label: name('Role', '角色') },
	},
	crm_settings: {
		duplicate_form_mode: { kind: 'choice', values: keys(DUPLICATE_FORM_MODES), label: name('On the customer form', '客户表单查重') },
		duplicate_import_mode: { kind: 'choice', values: keys(DUPLICATE_IMPORT_MODES), label: name('On import', '导入查重') },
		reclaim_schedule: { kind: 'text', max: 100, label: name('Reclaim schedule', '回收计划') },
		digest_schedule: { kind: 'text', max: 100, label: name('Morning digest schedule', '每日提醒计划') },
		timezone: { kind: 'text', max: 100, label: name('Time zone', '时区') },
		max_locked_per_rep: { kind: 'int', min: 0, max: 10_000, label: name('Max locked per rep', '每人锁定上限') },
		lock_max_days: { kind: 'int', min: 1, max: 3650, label: name('Lock lasts (days)', '锁定天数') },
		contact_cycle_days_by_tier: { kind: 'json', label: name('Contact cycle by tier', '各等级联系周期') },
	},
	crm_rep_profiles: {
		availability: { kind: 'choice', values: keys(AVAILABILITY), label: name('Availability', '状态') },
		regions: { kind: 'choices', values: [], label: name('Regions', '负责区域') },
		industries: { kind: 'choices', values: [], label: name('Industries', '擅长行业') },
		away_until: { kind: 'date', label: name('Away until', '休假至') },
	},
	crm_performance: {
		metric: { kind: 'text', max: 64, label: name('Metric', '指标') },
		value: { kind: 'number', min: -1_000_000_000, max: 1_000_000_000, label: name('Value', '数值') },
		date: { kind: 'date', label: name('Date', '日期') },
		note: { kind: 'text', max: 2_000, label: name('Note', '备注') },
	},
	crm_teams: {
		name: { kind: 'text', max: STRING, required: true, label: name('Name', '名称') },
		description: { kind: 'text', max: LONG_TEXT, label: name('Description', '说明') },
	},
	crm_assignment_rules: {
		name: { kind: 'text', max: STRING, required: true, label: name('Name', '名称') },
		status: { kind: 'choice', values: keys(RULE_STATUSES), label: name('Status', '状态') },
		strategy: { kind: 'choice', values: keys(STRATEGIES), required: true, label: name('Strategy', '分配策略') },
		score_window: { kind: 'choice', values: keys(SCORE_WINDOWS), label: name('Score window', '得分周期') },
		score_mode: { kind: 'choice', values: keys(SCORE_MODES), label: name('Score mode', '得分方式') },
		fallback: { kind: 'choice', values: keys(FALLBACKS), label: name('Fallback', '无人可分配时') },
		match_sources: { kind: 'choices', values: keys(SOURCES), label: name('Sources', '来源') },
		match_tiers: { kind: 'choices', values: keys(TIERS), label: name('Tiers', '等级') },
		description: { kind: 'text', max: LONG_TEXT, label: name('Description', '说明') },
	},
};

/** Clock skew allowed for "not in the future" (a phone's clock a few minutes ahead). */
export const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * The first field of `payload` (a create when `creating`, else a partial update) that breaks its rule, as a refusal
 * whose message names the field and what it takes. Fields without a rule are left to Directus.
 */
export function checkFields(
	collection: string,
	payload: Record<string, unknown>,
	opts: { creating: boolean; now?: Date; types?: Record<string, string> },
): Refusal | null {
	if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
	const own = FIELD_RULES[collection] ?? {};
	// a field without a rule of its own takes the rule of its column's type, so a field added later is covered too
	const byType = Object.entries(opts.types ?? {})
		.filter(([field]) => !(field in own) && field in payload)
		.map(([field, type]) => [field, ruleOfType(field, type)] as const)
		.filter((entry): entry is readonly [string, FieldRule] => entry[1] !== null);
	const rules: Record<string, FieldRule> = { ...own, ...Object.fromEntries(byType) };
	const now = opts.now ?? new Date();
	for (const [field, rule] of Object.entries(rules)) {
		const present = field in payload;
		const value = payload[field];
		const required = 'required' in rule && rule.required;
		if (!present) {
			if (opts.creating && required && rule.kind === 'text') return refuse(rule, field, 'required');
			continue;
		}
		if (value === null || value === undefined) {
			if (required) return refuse(rule, field, 'required');
			continue;
		}
		const problem = problemOf(rule, value, now);
		if (problem) return refuse(rule, field, problem);
	}
	return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Largest value of an integer column on every database (a 32-bit signed integer). */
const INT_MAX = 2_147_483_647;

/**
 * The rule of a column by its Directus type, for fields with no rule of their own: text no longer than a string
 * column (255) or a long text, numbers that are numbers, booleans, dates and keys of the right kind.
 */
export function ruleOfType(field: string, type: string): FieldRule | null {
	const label = name(field, field);
	switch (type) {
		case 'string':
			return { kind: 'text', max: STRING, label };
		case 'text':
			return { kind: 'text', max: LONG_TEXT, label };
		case 'integer':
			return { kind: 'int', min: -INT_MAX - 1, max: INT_MAX, label };
		case 'bigInteger':
			return { kind: 'int', min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, label };
		case 'float':
		case 'decimal':
			return { kind: 'number', min: -1e15, max: 1e15, label };
		case 'boolean':
			return { kind: 'bool', label };
		case 'timestamp':
		case 'dateTime':
			return { kind: 'timestamp', label };
		case 'date':
			return { kind: 'date', label };
		case 'uuid':
			return { kind: 'ref', key: 'uuid', label };
		case 'csv':
			return { kind: 'choices', values: [], label };
		case 'json':
			return { kind: 'json', label };
		default:
			return null;
	}
}

type Problem = 'required' | 'type' | 'long' | 'choice' | 'range' | 'future' | 'date';

function problemOf(rule: FieldRule, value: unknown, now: Date): Problem | null {
	switch (rule.kind) {
		case 'text':
		case 'email': {
			if (typeof value !== 'string') return 'type';
			if ('required' in rule && rule.required && value.trim() === '') return 'required';
			if ([...value].length > rule.max) return 'long';
			if (rule.kind === 'email' && value.trim() !== '' && !/^[^\s@]+@[^\s@]+$/.test(value.trim())) return 'type';
			return null;
		}
		case 'choice':
			if (typeof value !== 'string') return 'type';
			return rule.values.includes(value) ? null : 'choice';
		case 'choices': {
			const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').filter((s) => s.trim() !== '') : null;
			if (!list || list.some((v) => typeof v !== 'string' || v.length > STRING)) return 'type';
			if (rule.values.length && list.some((v) => !rule.values.includes((v as string).trim()))) return 'choice';
			return null;
		}
		case 'int':
		case 'number': {
			const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
			if (!Number.isFinite(n) || (rule.kind === 'int' && !Number.isInteger(n))) return 'type';
			return n < rule.min || n > rule.max ? 'range' : null;
		}
		case 'bool':
			return typeof value === 'boolean' || [0, 1, 'true', 'false', '1', '0'].includes(value as never) ? null : 'type';
		case 'timestamp':
		case 'date': {
			if (typeof value !== 'string' && typeof value !== 'number' && !(value instanceof Date)) return 'date';
			const time = new Date(value as string).getTime();
			if (!Number.isFinite(time)) return 'date';
			if (rule.kind === 'timestamp' && rule.notFuture && time > now.getTime() + FUTURE_SKEW_MS) return 'future';
			return null;
		}
		case 'ref':
			// a key, or a nested object Directus creates or updates; never a long string handed to the database
			if (typeof value === 'object') return null;
			if (typeof value === 'number') return Number.isInteger(value) && rule.key !== 'uuid' ? null : 'type';
			if (typeof value !== 'string' || value.length > 64) return 'type';
			if (rule.key === 'uuid' && !UUID.test(value)) return 'type';
			if (rule.key === 'int' && !/^\d{1,15}$/.test(value)) return 'type';
			return null;
		case 'json':
			return typeof value === 'object' || typeof value === 'string' ? null : 'type';
	}
}

function refuse(rule: FieldRule, field: string, problem: Problem): Refusal {
	const [en, zh] = rule.label;
	const allowed = 'values' in rule ? rule.values.join(', ') : '';
	const max = 'max' in rule ? rule.max : 0;
	const range = 'min' in rule ? [rule.min, rule.max] : [0, 0];
	const texts: Record<Problem, [string, string]> = {
		required: [`"${en}" cannot be empty.`, `「${zh}」不能为空。`],
		type: [`"${en}" has a value of the wrong kind; ${kindHint(rule)[0]}.`, `「${zh}」的值类型不对；${kindHint(rule)[1]}。`],
		long: [`"${en}" is too long: at most ${max} characters.`, `「${zh}」太长：最多 ${max} 个字符。`],
		choice: [`"${en}" must be one of: ${allowed}.`, `「${zh}」只能是以下之一：${allowed}。`],
		range: [`"${en}" must be a number from ${range[0]} to ${range[1]}.`, `「${zh}」必须是 ${range[0]} 到 ${range[1]} 之间的数字。`],
		future: [`"${en}" cannot be in the future.`, `「${zh}」不能是将来的时间。`],
		date: [`"${en}" must be a date and time.`, `「${zh}」必须是日期时间。`],
	};
	return invalid(texts[problem][0], texts[problem][1], field);
}

function kindHint(rule: FieldRule): [string, string] {
	switch (rule.kind) {
		case 'text':
			return ['it takes text', '应为文字'];
		case 'email':
			return ['it takes an e-mail address such as name@example.com', '应为邮箱地址，例如 name@example.com'];
		case 'choice':
		case 'choices':
			return ['pick from the list', '请从列表中选择'];
		case 'int':
			return ['it takes a whole number', '应为整数'];
		case 'number':
			return ['it takes a number', '应为数字'];
		case 'bool':
			return ['it takes yes or no', '应为是或否'];
		case 'ref':
			return ['pick an existing item', '请选择已有的项'];
		default:
			return ['see the field note', '请参阅字段说明'];
	}
}

/** What a boolean field's accepted spellings (true/false, 1/0, "true"/"false", "1"/"0") mean. */
export function boolValue(value: unknown): boolean {
	return value === true || value === 1 || value === 'true' || value === '1';
}
