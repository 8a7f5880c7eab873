import { languageKey } from './labels';
import { traditional } from './traditional';

/**
 * Every refusal Lead Pool gives, as data: an error code (the public ones are listed in the README under "How
 * ownership works"), an HTTP status, and a message a rep or manager can act on, in English, Simplified and Traditional Chinese.
 * The Directus error classes are made from these at the edge (shared/errors.ts).
 */
export type RefusalCode =
	| 'LEAD_POOL_QUOTA_EXCEEDED'
	| 'LEAD_POOL_ALREADY_OWNED'
	| 'LEAD_POOL_CLAIM_LIMIT'
	| 'LEAD_POOL_COOLDOWN'
	| 'LEAD_POOL_NOT_MEMBER'
	| 'LEAD_POOL_CLAIM_MODE'
	| 'LEAD_POOL_REQUEST_PENDING'
	| 'LEAD_POOL_NOT_OWNER'
	| 'LEAD_POOL_MANAGERS_ONLY'
	| 'LEAD_POOL_NOT_FOUND'
	| 'LEAD_POOL_QUERY_REFUSED'
	| 'LEAD_POOL_LOCKED'
	| 'LEAD_POOL_LOCK_LIMIT'
	| 'LEAD_POOL_NOT_INSTALLED'
	| 'LEAD_POOL_FOLLOW_UP_NOT_YOURS'
	| 'LEAD_POOL_POOL_NOT_EMPTY'
	| 'LEAD_POOL_OWNS_CUSTOMERS'
	| 'INVALID_PAYLOAD';

export const STATUS: Record<RefusalCode, number> = {
	LEAD_POOL_QUOTA_EXCEEDED: 409,
	LEAD_POOL_ALREADY_OWNED: 409,
	LEAD_POOL_CLAIM_LIMIT: 429,
	LEAD_POOL_COOLDOWN: 409,
	LEAD_POOL_NOT_MEMBER: 403,
	LEAD_POOL_CLAIM_MODE: 409,
	LEAD_POOL_REQUEST_PENDING: 409,
	LEAD_POOL_NOT_OWNER: 403,
	LEAD_POOL_MANAGERS_ONLY: 403,
	LEAD_POOL_NOT_FOUND: 404,
	LEAD_POOL_QUERY_REFUSED: 403,
	LEAD_POOL_LOCKED: 409,
	LEAD_POOL_LOCK_LIMIT: 409,
	LEAD_POOL_NOT_INSTALLED: 503,
	LEAD_POOL_FOLLOW_UP_NOT_YOURS: 403,
	LEAD_POOL_POOL_NOT_EMPTY: 409,
	LEAD_POOL_OWNS_CUSTOMERS: 409,
	INVALID_PAYLOAD: 400,
};

/** English, Simplified Chinese, Traditional Chinese (Taiwan and Hong Kong). */
export type Lang = 'en' | 'zh' | 'zh-TW';

export interface Refusal {
	code: RefusalCode;
	/** the customer it is about, when there is one */
	key?: number | string;
	params: Record<string, string | number | null | undefined>;
}

type Message = (p: Refusal['params']) => string;
/** Each message in English and Simplified Chinese; Traditional Chinese is the Simplified text converted (core/traditional) unless written out. */
type Messages = Record<Exclude<RefusalCode, 'INVALID_PAYLOAD'>, { en: Message; zh: Message; 'zh-TW'?: Message }>;

const stageName = (stage: unknown, lang: Lang) =>
	lang === 'zh' ? (stage === 'new' ? '新客户' : '意向客户') : stage === 'new' ? 'new customers' : 'prospects';

const MESSAGES: Messages = {
	LEAD_POOL_QUOTA_EXCEEDED: {
		en: (p) => {
			const adding = Number(p['adding']) > 1 ? ` and this would add ${p['adding']}` : '';
			const owns = p['who'] ? `${p['who']} already owns` : 'You already own';
			const held = `${p['count']} of ${p['cap']} ${stageName(p['stage'], 'en')} allowed`;
			return `${owns} ${held}${adding}; release one or ask your manager to raise the cap.`;
		},
		zh: (p) => {
			const adding = Number(p['adding']) > 1 ? `，本次将再增加 ${p['adding']} 个` : '';
			return `${p['who'] ?? '你'}已拥有 ${p['count']} 个${stageName(p['stage'], 'zh')}（上限 ${p['cap']}）${adding}；请先放回一些，或请经理提高上限。`;
		},
	},
	LEAD_POOL_ALREADY_OWNED: {
		en: (p) => `Customer ${p['name'] ?? p['key']} already belongs to ${p['owner'] ?? 'another rep'}; it is no longer in the pool.`,
		zh: (p) => `客户 ${p['name'] ?? p['key']} 已归属 ${p['owner'] ?? '其他业务员'}，已不在公海中。`,
	},
	LEAD_POOL_CLAIM_LIMIT: {
		en: (p) => `You have claimed ${p['count']} of ${p['limit']} customers allowed per day from pool "${p['pool']}"; try again tomorrow.`,
		zh: (p) => `你今天已从公海「${p['pool']}」领取 ${p['count']} 个客户（每日上限 ${p['limit']}），请明天再领取。`,
	},
	LEAD_POOL_COOLDOWN: {
		en: (p) =>
			`You released or lost customer ${p['name'] ?? p['key']} on ${p['since']}; ` +
			`pool "${p['pool']}" lets you claim it back after ${p['days']} days, on ${p['until']}.`,
		zh: (p) => `你于 ${p['since']} 放弃或被收回了客户 ${p['name'] ?? p['key']}；公海「${p['pool']}」规定 ${p['days']} 天后（${p['until']}）才能再次领取。`,
	},
	LEAD_POOL_NOT_MEMBER: {
		en: (p) =>
			p['pool'] != null
				? `You are not a member of pool "${p['pool']}"; ask your manager to add you or your team.`
				: `Customer ${p['key']} is in a pool you are not a member of; ask your manager to add you or your team.`,
		zh: (p) =>
			p['pool'] != null
				? `你不是公海「${p['pool']}」的成员；请联系经理将你或你的团队加入。`
				: `客户 ${p['key']} 所在的公海你不是成员；请联系经理将你或你的团队加入。`,
	},
	LEAD_POOL_CLAIM_MODE: {
		en: (p) =>
			`Pool "${p['pool']}" does not allow ${modeName(p['mode'], 'en')}; ${p['hint'] ?? 'use a mode the pool enables or ask your manager'}.`,
		zh: (p) => `公海「${p['pool']}」不允许${modeName(p['mode'], 'zh')}；${p['hint_zh'] ?? '请使用公海允许的方式，或联系经理'}。`,
	},
	LEAD_POOL_REQUEST_PENDING: {
		en: (p) => `Customer ${p['name'] ?? p['key']} already has a pending claim request; wait for the manager's decision.`,
		zh: (p) => `客户 ${p['name'] ?? p['key']} 已有待审批的领取申请，请等待经理审批。`,
	},
	LEAD_POOL_NOT_OWNER: {
		en: (p) => `Customer ${p['name'] ?? p['key']} is not yours; only its owner or a manager can ${p['action'] ?? 'change'} it.`,
		zh: (p) => `客户 ${p['name'] ?? p['key']} 不属于你；只有负责人或经理可以${p['action_zh'] ?? '修改'}。`,
	},
	LEAD_POOL_MANAGERS_ONLY: {
		en: (p) => `${p['what'] ?? 'This'} is for sales managers and admins only.`,
		zh: (p) => `${p['what_zh'] ?? '此操作'}仅限销售经理和管理员。`,
	},
	LEAD_POOL_NOT_FOUND: {
		en: (p) => `Customer ${p['key']} does not exist or you cannot see it.`,
		zh: (p) => `客户 ${p['key']} 不存在或你无权查看。`,
	},
	// a follow-up is its writer's record of a contact, on a customer they own: never a colleague's, never after the customer left them
	LEAD_POOL_FOLLOW_UP_NOT_YOURS: {
		en: (p) =>
			p['why'] === 'owner'
				? `Follow-up #${p['follow_up']} is of a customer you no longer own; follow-ups stay as they were once the customer is someone else's.`
				: `Follow-up #${p['follow_up']} was written by a colleague; you can change only your own follow-ups.`,
		zh: (p) =>
			p['why'] === 'owner'
				? `跟进记录 #${p['follow_up']} 所属的客户已不归你负责；客户转给他人后，跟进记录保持原样。`
				: `跟进记录 #${p['follow_up']} 是同事写的；你只能修改自己的跟进记录。`,
	},
	LEAD_POOL_POOL_NOT_EMPTY: {
		en: (p) =>
			`Pool "${p['pool']}" still holds ${p['count']} customers; move or assign them to another pool before deleting it ` +
			'(or disable it once it is empty).',
		zh: (p) => `公海「${p['pool']}」仍有 ${p['count']} 个客户；删除前请先将它们移到其他公海或分配出去。`,
	},
	LEAD_POOL_OWNS_CUSTOMERS: {
		en: (p) =>
			`${p['who']} still owns ${p['count']} customers; transfer them to another rep (POST /lead-pool/transfer) ` +
			'before deleting the user, or suspend the user instead.',
		zh: (p) => `${p['who']} 名下仍有 ${p['count']} 个客户；删除该用户前请先将客户转给其他业务员，或改为停用该用户。`,
	},
	// a read that would reach what the reader may not see (the read guard): say which part of the query, and why
	LEAD_POOL_LOCKED: {
		en: (p) =>
			`Customer ${p['name'] ?? p['key']} is locked${p['until'] ? ` until ${p['until']}` : ' by a manager'}; ` +
			`unlock it first${p['until'] ? '' : ' (ask your manager)'} to release it.`,
		zh: (p) => `客户 ${p['name'] ?? p['key']} 已${p['until'] ? `锁定至 ${p['until']}` : '被经理锁定'}；请先${p['until'] ? '' : '请经理'}解锁再放回。`,
	},
	LEAD_POOL_LOCK_LIMIT: {
		en: (p) => `You have locked ${p['count']} of ${p['cap']} customers allowed; unlock one before locking ${p['name'] ?? p['key']}.`,
		zh: (p) => `你已锁定 ${p['count']} 个客户（上限 ${p['cap']}）；请先解锁一个，再锁定 ${p['name'] ?? p['key']}。`,
	},
	LEAD_POOL_QUERY_REFUSED: {
		en: (p) => {
			const why: Record<string, string> = {
				hidden_relation: 'it reaches records you may not see; filter and sort by fields of your own records',
				follow: 'it reaches records you may not see; filter and sort by fields of your own records',
				masked_field: 'contacts of pool customers are hidden until claimed; claim the customer to use them',
				private_field: "colleagues' details other than name and avatar are private",
				counts: 'counts over all rows are not available to reps; count with aggregate[count]=* instead',
			};
			return `This query cannot use "${p['path']}": ${why[String(p['reason'])] ?? 'it is not allowed'}.`;
		},
		zh: (p) => {
			const why: Record<string, string> = {
				hidden_relation: '它会读到你无权查看的记录；请按你自己记录的字段筛选和排序',
				follow: '它会读到你无权查看的记录；请按你自己记录的字段筛选和排序',
				masked_field: '公海客户的联系方式在领取前是隐藏的；领取后即可使用',
				private_field: '同事除姓名和头像外的信息不公开',
				counts: '业务员不能统计全部记录；请改用 aggregate[count]=*',
			};
			return `此查询不能使用「${p['path']}」：${why[String(p['reason'])] ?? '不允许'}。`;
		},
	},
	// the self-check (services/self-check.ts) found a guard missing: no write until setup adds it
	LEAD_POOL_NOT_INSTALLED: {
		en: (p) =>
			`Lead Pool is not fully installed in this database (missing: ${p['parts']}), so it accepts no changes for now; ` +
			'ask your administrator to run the Lead Pool setup.',
		zh: (p) => `公海系统在此数据库中尚未完整安装（缺少：${p['parts']}），暂不接受修改；请联系管理员运行公海系统安装（setup）。`,
	},
};

function modeName(mode: unknown, lang: Lang) {
	const names: Record<string, [string, string]> = {
		direct: ['claiming directly', '直接领取'],
		follow_up: ['claiming by writing a follow-up', '跟进即领取'],
		request: ['claim requests', '申请领取'],
		claim: ['claiming: its customers are assigned by managers only', '领取（仅由经理分配）'],
		won: ['claiming won customers: managers assign them', '领取成交客户（由经理分配）'],
	};
	const pair = names[String(mode)] ?? [String(mode), String(mode)];
	return lang === 'zh' ? pair[1] : pair[0];
}

/** What identifies a customer or its place beyond its number: never told about a customer the reader cannot see. */
const IDENTIFYING_PARAMS = ['name', 'owner', 'who', 'pool', 'since', 'until'] as const;

/**
 * A refusal about a customer the reader may not see (core/visibility): the same code, told by the customer's number
 * only — no name, owner or pool — so refusals cannot be used to learn what the read rules hide.
 */
export function redactRefusal(refusal: Refusal): Refusal {
	if (refusal.key === undefined) return refusal;
	const params: Refusal['params'] = { ...refusal.params, key: refusal.key };
	for (const p of IDENTIFYING_PARAMS) delete params[p];
	return { ...refusal, params };
}

/** Message for a refusal in a language; INVALID_PAYLOAD carries its own text in params.en / params.zh. */
export function refusalMessage(refusal: Refusal, lang: Lang): string {
	const params = refusal.params;
	if (refusal.code === 'INVALID_PAYLOAD') {
		if (lang === 'zh-TW' && typeof params['zh-TW'] !== 'string' && typeof params['zh'] === 'string') return traditional(params['zh'], kept(params));
		return String(params[lang] ?? params['en'] ?? 'Invalid payload');
	}
	const messages = MESSAGES[refusal.code];
	if (lang === 'zh-TW') return messages['zh-TW']?.(params) ?? traditional(messages.zh(params), kept(params));
	return messages[lang](params);
}

/** A text of our own in the reader's language: English, Simplified, or the Simplified converted to Traditional. */
export function say(lang: Lang, en: string, zh: string, keep: readonly unknown[] = []): string {
	return lang === 'en' ? en : lang === 'zh' ? zh : traditional(zh, keep);
}

/** The values a message quotes (names, dates, field keys): a conversion to Traditional leaves them as written. */
function kept(params: Refusal['params']) {
	return Object.entries(params)
		.filter(([key]) => !['en', 'zh', 'zh-TW', 'hint_zh', 'what_zh', 'action_zh'].includes(key))
		.map(([, value]) => value);
}

export function invalid(en: string, zh: string, field?: string): Refusal {
	return { code: 'INVALID_PAYLOAD', params: { en, zh, field } };
}

/** The refusals' language for a Directus language code (as core/labels.ts languageKey: zh-TW and zh-HK read Traditional). */
export function languageOf(directusLanguage: string | null | undefined): Lang {
	const key = languageKey(directusLanguage);
	return key === 'en-US' ? 'en' : key === 'zh-CN' ? 'zh' : 'zh-TW';
}

/** Thrown by the rules when a whole operation is refused; the edge turns it into a Directus error. */
export class RefusalError extends Error {
	constructor(
		readonly refusal: Refusal,
		readonly all: Refusal[] = [refusal],
	) {
		super(refusalMessage(refusal, 'en'));
	}
}
