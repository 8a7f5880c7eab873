import { isCompanyWide } from './membership';
import { reclaimByTierRefusal } from './reclaim';
import { invalid, type Refusal } from './refusals';
import { scheduleRefusal } from './schedule';
import { isValidTimeZone } from './time';

/**
 * Settings are validated where they are stored: a manager editing a pool, the global settings or a rep profile in
 * the studio gets a message naming the field and the allowed range, and nothing is saved.
 */

type Row = Record<string, unknown>;

interface IntRule {
	field: string;
	en: string;
	zh: string;
	min: number;
	max: number;
}

function checkInts(payload: Row, rules: IntRule[]): Refusal | null {
	for (const rule of rules) {
		if (!(rule.field in payload)) continue;
		const value = payload[rule.field];
		if (value === null || value === undefined || value === '') continue;
		const n = Number(value);
		if (!Number.isInteger(n) || n < rule.min || n > rule.max) {
			return invalid(
				`"${rule.en}" must be a whole number from ${rule.min} to ${rule.max} (got ${JSON.stringify(value)}).`,
				`「${rule.zh}」必须是 ${rule.min} 到 ${rule.max} 之间的整数（当前为 ${JSON.stringify(value)}）。`,
				rule.field,
			);
		}
	}
	return null;
}

const POOL_INTS: IntRule[] = [
	{ field: 'daily_claim_limit', en: 'Claims per rep per day', zh: '每人每日领取上限', min: 0, max: 10_000 },
	{ field: 'cooldown_days', en: 'Cool-down (days)', zh: '冷却期（天）', min: 0, max: 3650 },
	{ field: 'reclaim_no_contact_days', en: 'No contact for (days)', zh: '未跟进天数', min: 1, max: 3650 },
	{ field: 'reclaim_not_converted_days', en: 'Not converted within (days)', zh: '未成交天数', min: 1, max: 3650 },
	{ field: 'reclaim_reminder_days', en: 'Remind owner (days before)', zh: '提前提醒天数', min: 0, max: 365 },
	{ field: 'reclaim_escalation_days', en: 'Tell the team manager (days before)', zh: '提前通知团队经理（天）', min: 0, max: 365 },
];

/**
 * A pool as it would be after the write (`merged`), with the number of members it would have and the number of
 * unowned customers it holds now.
 */
export interface PoolFacts {
	memberCount: number;
	customersInPool: number;
	wasActive: boolean;
}

export function validatePool(payload: Row, merged: Row, facts: PoolFacts): Refusal | null {
	const ints = checkInts(payload, POOL_INTS);
	if (ints) return ints;
	if ('reclaim_by_tier' in payload) {
		const tiers = reclaimByTierRefusal(payload['reclaim_by_tier']);
		if (tiers) return tiers;
	}
	if ('name' in payload && (typeof payload['name'] !== 'string' || payload['name'].trim() === '')) {
		return invalid('A pool needs a name.', '公海必须有名称。', 'name');
	}
	const reminder = Number(merged['reclaim_reminder_days'] ?? 0);
	const due = [merged['reclaim_no_contact_days'], merged['reclaim_not_converted_days']]
		.filter((v) => v !== null && v !== undefined && v !== '')
		.map(Number);
	if (merged['reclaim_enabled'] && due.length === 0) {
		return invalid(
			'Automatic reclaim is on but neither "No contact for (days)" nor "Not converted within (days)" is set; ' +
				'set one or turn reclaim off.',
			'已启用自动回收，但「未跟进天数」和「未成交天数」都未设置；请设置其一或关闭自动回收。',
			'reclaim_enabled',
		);
	}
	if (due.length > 0 && reminder > 0 && reminder >= Math.min(...due)) {
		return invalid(
			`"Remind owner (days before)" (${reminder}) must be less than the reclaim period (${Math.min(...due)} days).`,
			`「提前提醒天数」（${reminder}）必须小于回收期限（${Math.min(...due)} 天）。`,
			'reclaim_reminder_days',
		);
	}
	const claimsAllowed = merged['claim_direct'] || merged['claim_by_follow_up'] || merged['claim_by_request'];
	const claims = merged['claim_policy'] !== 'assigned_only' && claimsAllowed;
	if (merged['status'] !== 'disabled' && !isCompanyWide(merged) && claims && facts.memberCount === 0) {
		return invalid(
			'This pool lets members claim but has no members; add members (users or teams) under "Members", ' +
				'make it company-wide, or set "Who may claim" to "Admin assigns only".',
			'该公海允许成员领取，但没有任何成员；请在「成员」中添加用户或团队，或设为全公司公海，或将「领取方式」设为「仅管理员分配」。',
			'members',
		);
	}
	if (merged['status'] === 'disabled' && facts.wasActive && facts.customersInPool > 0) {
		return invalid(
			`This pool still holds ${facts.customersInPool} customers; assign them or move them to another pool before disabling it.`,
			`该公海仍有 ${facts.customersInPool} 个客户；停用前请先分配或移到其他公海。`,
			'status',
		);
	}
	return null;
}

export function validateSettings(payload: Row): Refusal | null {
	const ints = checkInts(payload, [
		{ field: 'max_new_per_rep', en: 'Max new customers per rep', zh: '每人新客户上限', min: 0, max: 1_000_000 },
		{ field: 'max_prospects_per_rep', en: 'Max prospects per rep', zh: '每人意向客户上限', min: 0, max: 1_000_000 },
	]);
	if (ints) return ints;
	for (const field of ['max_new_per_rep', 'max_prospects_per_rep']) {
		if (field in payload && (payload[field] === null || payload[field] === '')) {
			return invalid(`"${field}" cannot be empty; use a number (0 or more).`, `「${field}」不能为空，请填写 0 或以上的数字。`, field);
		}
	}
	if ('timezone' in payload && (typeof payload['timezone'] !== 'string' || !isValidTimeZone(payload['timezone']))) {
		const got = JSON.stringify(payload['timezone']);
		return invalid(
			`"Time zone" must be an IANA time zone such as Asia/Shanghai (got ${got}).`,
			`「时区」必须是有效的时区名称，例如 Asia/Shanghai（当前为 ${got}）。`,
			'timezone',
		);
	}
	if ('reclaim_schedule' in payload) {
		// a schedule that never fires, or fires more than once a minute, is refused when saved (core/schedule)
		const zone = typeof payload['timezone'] === 'string' ? payload['timezone'] : 'UTC';
		const refusal = scheduleRefusal(payload['reclaim_schedule'], zone);
		if (refusal) return refusal;
	}
	if ('digest_schedule' in payload) {
		const zone = typeof payload['timezone'] === 'string' ? payload['timezone'] : 'UTC';
		const refusal = scheduleRefusal(payload['digest_schedule'], zone, 'digest_schedule');
		if (refusal) return refusal;
	}
	return null;
}

export function validateRepProfile(payload: Row): Refusal | null {
	const ints = checkInts(payload, [
		{ field: 'max_new', en: 'Max new customers', zh: '新客户上限', min: 0, max: 1_000_000 },
		{ field: 'max_prospects', en: 'Max prospects', zh: '意向客户上限', min: 0, max: 1_000_000 },
		{ field: 'monthly_capacity', en: 'Monthly capacity', zh: '每月可分配数', min: 0, max: 1_000_000 },
	]);
	if (ints) return ints;
	if ('availability' in payload && !['available', 'paused', 'on_leave'].includes(String(payload['availability']))) {
		return invalid('"Availability" must be available, paused or on leave.', '「状态」必须是可分配、暂停或休假。', 'availability');
	}
	return null;
}
