// Deterministic demo data: the same seed, size and reference date give the same rows, byte for byte. Pure
// functions only; seeds/seed.mjs writes what this produces.

/** mulberry32: a small, fast, well-distributed PRNG; plenty for demo data and reproducible everywhere. */
export function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const DAY = 86_400_000;

export const SOURCES = ['trade_show', 'alibaba', 'website', 'directory', 'purchased_list', 'referral', 'manual'];
export const REGIONS = ['East China', 'South China', 'North China', 'West China', 'North America', 'Latin America', 'Europe', 'Middle East', 'Africa', 'Southeast Asia', 'South Asia', 'Oceania'];
export const INDUSTRIES = ['Machinery', 'Electronics', 'Textiles', 'Chemicals', 'Furniture', 'Automotive', 'Building materials', 'Food', 'Medical', 'Packaging'];
export const TIERS = ['A', 'B', 'C'];
export const STAGES = ['new', 'prospect', 'customer'];
const CHANNELS = ['phone', 'email', 'wechat', 'whatsapp', 'visit', 'meeting'];
const METRICS = ['inquiries', 'sample_orders', 'follow_ups', 'meetings_hosted', 'deals_won'];

const CN_CITIES = ['上海', '深圳', '宁波', '苏州', '杭州', '广州', '青岛', '厦门', '东莞', '佛山', '温州', '天津', '无锡', '常州', '义乌', '台州'];
const CN_WORDS = ['华尔太', '恒信', '宏达', '金盛', '新元', '瑞丰', '鼎泰', '永昌', '中科', '天成', '汇通', '博远', '东方', '海纳', '明辉', '诚品', '嘉和', '隆基', '万象', '正泰'];
const CN_TRADES = ['机械', '电子', '纺织', '化工', '家具', '汽配', '建材', '食品', '医疗器械', '包装'];
const CN_SUFFIX = ['有限公司', '股份有限公司', '有限责任公司', '实业有限公司', '贸易有限公司'];
const EN_FIRST = ['Atlas', 'Blue', 'Crown', 'Delta', 'Evergreen', 'Falcon', 'Golden', 'Harbor', 'Iron', 'Jade', 'Keystone', 'Liberty', 'Maple', 'Northern', 'Orion', 'Pioneer', 'Quantum', 'Summit', 'Titan', 'Vertex'];
const EN_SECOND = ['Industrial', 'Trading', 'Supply', 'Machinery', 'Electronics', 'Textiles', 'Imports', 'Logistics', 'Components', 'Materials'];
const EN_SUFFIX = ['Co., Ltd.', 'Inc.', 'LLC', 'GmbH', 'Corp.', 'Ltd.', 'S.A.', 'Pty Ltd'];
const COUNTRIES = { 'East China': 'China', 'South China': 'China', 'North China': 'China', 'West China': 'China', 'North America': 'United States', 'Latin America': 'Brazil', Europe: 'Germany', 'Middle East': 'United Arab Emirates', Africa: 'Nigeria', 'Southeast Asia': 'Vietnam', 'South Asia': 'India', Oceania: 'Australia' };
const CONTACTS_CN = ['王伟', '李娜', '张敏', '刘洋', '陈静', '杨帆', '赵磊', '黄丽', '周杰', '吴芳'];
const CONTACTS_EN = ['John Smith', 'Maria Garcia', 'Ahmed Khan', 'Anna Müller', 'Nguyen Van An', 'Priya Patel', 'Olu Adeyemi', 'Emma Brown', 'Lucas Silva', 'Sara Rossi'];
const SUMMARIES = ['Sent catalogue and price list', 'Asked for samples', 'Discussed MOQ and lead time', 'Follow-up call, no answer', 'Quoted FOB Ningbo', '发送报价单', '客户要求寄样', '电话沟通交期', '微信发送产品图片', '约定下周拜访'];

/** The demo's people. Passwords come from the caller (environment), never from here. */
export function demoUsers() {
	const reps = Array.from({ length: 8 }, (_, i) => ({
		id: `d1a5c0de-0000-4000-b000-0000000001${String(i + 1).padStart(2, '0')}`,
		email: `rep${i + 1}@example.com`,
		first_name: ['Li', 'Wang', 'Zhang', 'Chen', 'Anna', 'Omar', 'Sofia', 'Ken'][i],
		last_name: ['Ming', 'Fang', 'Wei', 'Jing', 'Schmidt', 'Haddad', 'Costa', 'Tanaka'][i],
		studio: i === 0,
		team: i < 4 ? 'east' : 'global',
	}));
	return {
		manager: { id: 'd1a5c0de-0000-4000-b000-000000000100', email: 'manager@example.com', first_name: 'Mei', last_name: 'Zhou', studio: true },
		reps,
	};
}

/** Teams, pools (besides the default company pool that setup creates), rep profiles and assignment rules. */
export function demoStructure() {
	const { reps } = demoUsers();
	const regions = [['East China', 'North China'], ['South China', 'West China'], ['East China', 'South China'], ['North China', 'West China'], ['Europe', 'Middle East'], ['North America', 'Latin America'], ['Southeast Asia', 'South Asia', 'Oceania'], ['Africa', 'Europe']];
	const industries = [['Machinery', 'Automotive'], ['Electronics'], ['Textiles', 'Furniture'], ['Chemicals', 'Building materials'], ['Machinery', 'Medical'], ['Electronics', 'Packaging'], ['Food', 'Textiles'], ['Furniture', 'Building materials']];
	return {
		teams: [
			{ key: 'east', name: 'East China team' },
			{ key: 'global', name: 'Global team' },
		],
		pools: [
			{
				key: 'east',
				name: 'East China team pool',
				kind: 'department',
				claim_direct: true,
				claim_by_follow_up: true,
				daily_claim_limit: 10,
				cooldown_days: 7,
				reclaim_enabled: true,
				reclaim_no_contact_days: 15,
				reclaim_not_converted_days: 60,
				reclaim_reminder_days: 3,
				reclaim_exempt_tiers: ['A'],
				members: [{ team: 'east', role: 'member' }],
			},
			{
				key: 'web',
				name: 'Website and Alibaba inquiries',
				kind: 'channel',
				sources: ['website', 'alibaba'],
				claim_direct: false,
				claim_by_request: true,
				cooldown_days: 14,
				reclaim_enabled: true,
				reclaim_no_contact_days: 7,
				reclaim_reminder_days: 2,
				members: [{ team: 'global', role: 'member' }, { user: 'rep1', role: 'member' }, { user: 'manager', role: 'admin' }],
			},
		],
		profiles: reps.map((rep, i) => ({
			user: rep.id,
			team: rep.team,
			regions: regions[i],
			industries: industries[i],
			availability: i === 6 ? 'paused' : i === 7 ? 'on_leave' : 'available',
			away_until_days: i === 7 ? 10 : null,
			max_new: i === 1 ? 30 : null,
			max_prospects: null,
			monthly_capacity: i < 4 ? 60 : 40,
		})),
		rules: [
			{ name: 'Trade-show cards go back to their rep', priority: 50, match_sources: ['trade_show'], strategy: 'previous_owner_first' },
			{ name: 'Alibaba account inquiries: month’s inquiry leader', priority: 40, match_sources: ['alibaba'], strategy: 'most_inquiries', candidate_teams: ['Global team'] },
			{ name: 'Website inquiries: best weekly score', priority: 30, match_sources: ['website'], strategy: 'weighted_performance', score_window: 'this_week', score_mode: 'winner' },
			{ name: 'Directory and bought lists by territory', priority: 20, match_sources: ['directory', 'purchased_list'], strategy: 'territory' },
			{ name: 'Everything else: round robin', priority: 0, strategy: 'round_robin' },
		],
	};
}

function companyName(rand, i) {
	if (rand() < 0.55) {
		return `${pick(rand, CN_CITIES)}${pick(rand, CN_WORDS)}${pick(rand, CN_TRADES)}${pick(rand, CN_SUFFIX)}`;
	}
	return `${pick(rand, EN_FIRST)} ${pick(rand, EN_SECOND)} ${i % 7 === 0 ? 'Group ' : ''}${pick(rand, EN_SUFFIX)}`;
}

/**
 * Customers in batches of `batchSize`, ids from 1. Each row says its pool by key ('company', 'east', 'web') and its
 * owner by rep index (0-based) or null; the writer maps keys to ids. About 40% are owned.
 */
export function* customerBatches({ seed = 1, count, now, batchSize = 1000 }) {
	const rand = prng(seed);
	let batch = [];
	for (let i = 1; i <= count; i++) {
		const region = REGIONS[i % REGIONS.length];
		const source = SOURCES[Math.floor(rand() * SOURCES.length)];
		const owned = rand() < 0.4;
		const ownerIndex = owned ? Math.floor(rand() * 6) : null; // reps 7 and 8 are paused / on leave
		const stageRoll = rand();
		const stage = owned ? (stageRoll < 0.35 ? 'new' : stageRoll < 0.85 ? 'prospect' : 'customer') : stageRoll < 0.7 ? 'new' : 'prospect';
		const pool = source === 'website' || source === 'alibaba' ? 'web' : region.endsWith('China') ? 'east' : 'company';
		const createdDaysAgo = Math.floor(rand() * 120) + 1;
		const ownedDaysAgo = owned ? Math.floor(rand() * Math.min(createdDaysAgo, 90)) : null;
		const contactDaysAgo = owned ? (rand() < 0.8 ? Math.floor(rand() * (ownedDaysAgo + 1)) : null) : null;
		const cn = rand() < 0.5;
		const digits = String(Math.floor(rand() * 1e8)).padStart(8, '0');
		const name = companyName(rand, i);
		batch.push({
			id: i,
			name,
			contact_name: cn ? pick(rand, CONTACTS_CN) : pick(rand, CONTACTS_EN),
			phone: cn ? `+86 13${digits.slice(0, 1)} ${digits.slice(1, 5)} ${digits.slice(5)}` : `+1 (415) ${digits.slice(0, 3)}-${digits.slice(3, 7)}`,
			email: `contact${i}@${cn ? 'example.cn' : 'example.com'}`,
			country: COUNTRIES[region],
			region,
			industry: INDUSTRIES[Math.floor(rand() * INDUSTRIES.length)],
			source,
			tier: TIERS[Math.floor(rand() * 3)],
			stage,
			locked: owned && rand() < 0.05,
			pool,
			owner: ownerIndex,
			received_by: ownerIndex ?? (rand() < 0.3 ? Math.floor(rand() * 6) : null),
			date_created: new Date(now - createdDaysAgo * DAY - Math.floor(rand() * DAY)),
			owned_since: owned ? new Date(now - ownedDaysAgo * DAY) : null,
			last_contact_at: contactDaysAgo == null ? null : new Date(now - contactDaysAgo * DAY),
			converted_at: stage === 'customer' ? new Date(now - Math.floor((contactDaysAgo ?? 0) / 2) * DAY) : null,
			// last_contact_at is the newest follow-up, so only customers with a contact have follow-ups.
			follow_ups: contactDaysAgo == null ? 0 : 1 + Math.floor(rand() * 3),
		});
		if (batch.length === batchSize) {
			yield batch;
			batch = [];
		}
	}
	if (batch.length) yield batch;
}

/** Follow-ups of one batch of customers: `follow_ups` rows each, the newest at `last_contact_at`. */
export function followUpsFor(batch, seed) {
	const rows = [];
	for (const c of batch) {
		if (!c.follow_ups || c.owner == null || !c.last_contact_at) continue;
		const rand = prng(seed * 7919 + c.id);
		for (let k = 0; k < c.follow_ups; k++) {
			const at = new Date(Math.max(c.last_contact_at.getTime() - k * 3 * DAY, c.date_created.getTime()));
			rows.push({ customer: c.id, rep: c.owner, channel: pick(rand, CHANNELS), summary: pick(rand, SUMMARIES), contacted_at: at, date_created: at });
		}
	}
	return rows;
}

/** Performance entries of reps over the last 35 days: a few per rep per day. */
export function performanceRows({ seed = 1, now, reps = 8, days = 35 }) {
	const rand = prng(seed * 31 + 5);
	const rows = [];
	for (let d = 0; d < days; d++) {
		const date = new Date(now - d * DAY).toISOString().slice(0, 10);
		for (let r = 0; r < reps; r++) {
			for (const metric of METRICS) {
				if (rand() < 0.5) continue;
				const value = metric === 'follow_ups' ? 1 + Math.floor(rand() * 8) : metric === 'meetings_hosted' ? 1 : 1 + Math.floor(rand() * 3);
				rows.push({ rep: r, date, metric, value });
			}
		}
	}
	return rows;
}
