// The roles, policies, permissions and bookmarks that setup creates. Collection-level permissions only: the
// Directus 12 Core tier ignores item filters, field lists, validation and presets on permissions, so every rule
// about who sees or changes which customer is enforced by the extension itself.

import ids from '../src/core/ids.json' with { type: 'json' };

export const POLICY = ids.policy;
export const ROLE = ids.role;

export const POLICIES = [
	{
		id: POLICY.admin,
		name: 'Lead Pool Admin',
		icon: 'admin_panel_settings',
		description: 'Full access, including purging customers. · 公海管理员：全部权限，可彻底删除客户。',
		admin_access: true,
		app_access: true,
	},
	{
		id: POLICY.manager,
		name: 'Lead Pool Sales Manager',
		icon: 'supervisor_account',
		description: 'Edits pools, quotas, reclaim and assignment rules; approves claim requests; assigns and transfers customers. · 销售经理。',
		admin_access: false,
		app_access: false,
	},
	{
		id: POLICY.rep,
		name: 'Lead Pool Sales Rep',
		icon: 'person',
		description: 'Sees their pools and own customers; claims, follows up, releases. · 业务员：查看所在公海和自己的客户，领取、跟进、放回。',
		admin_access: false,
		app_access: false,
	},
	{
		id: POLICY.studio,
		name: 'Lead Pool Studio Access',
		icon: 'desktop_windows',
		description: 'Lets a manager or rep sign in to the data studio (takes a seat on Directus 12). Without it a user works through the API only. · 允许登录数据工作台。',
		admin_access: false,
		app_access: true,
	},
];

export const ROLES = [
	{ id: ROLE.admin, name: 'Lead Pool Admin', icon: 'admin_panel_settings', description: 'Lead Pool administrator · 公海管理员', policy: POLICY.admin },
	{ id: ROLE.manager, name: 'Sales Manager', icon: 'supervisor_account', description: 'Sales manager · 销售经理', policy: POLICY.manager },
	{ id: ROLE.rep, name: 'Sales Rep', icon: 'person', description: 'Sales rep · 业务员', policy: POLICY.rep },
];

const CRM = [
	'crm_customers',
	'crm_follow_ups',
	'crm_pools',
	'crm_pool_members',
	'crm_teams',
	'crm_claim_requests',
	'crm_assignment_rules',
	'crm_rep_profiles',
	'crm_performance',
	'crm_settings',
	'crm_events',
];
const CRUD = ['create', 'read', 'update', 'delete'];

/** Directus's own recommended app permissions (exact copies, so the Core tier accepts them). */
const STUDIO_BASICS = [
	{ collection: 'directus_users', action: 'read' },
	{ collection: 'directus_roles', action: 'read' },
	{ collection: 'directus_files', action: 'read' },
	{ collection: 'directus_dashboards', action: 'read' },
	{ collection: 'directus_panels', action: 'read' },
	{
		collection: 'directus_flows',
		action: 'read',
		permissions: { trigger: { _eq: 'manual' } },
		fields: ['id', 'status', 'name', 'icon', 'color', 'options', 'trigger'],
	},
];

function grant(policy, collection, actions) {
	return actions.map((action) => ({ policy, collection, action }));
}

export const PERMISSIONS = [
	// Managers edit every Lead Pool item except the append-only audit trail.
	...CRM.flatMap((collection) => grant(POLICY.manager, collection, collection === 'crm_events' ? ['read'] : CRUD)),
	...STUDIO_BASICS.map((p) => ({ ...p, policy: POLICY.manager })),
	...['directus_dashboards', 'directus_panels'].flatMap((collection) => grant(POLICY.manager, collection, ['create', 'update', 'delete'])),
	// managers export to a file (Directus's recommended create on files); the read guard lets each read only their own
	...grant(POLICY.manager, 'directus_files', ['create']),
	// Reps: the extension narrows every read and write of these to their pools and their own customers.
	...grant(POLICY.rep, 'crm_customers', CRUD),
	...grant(POLICY.rep, 'crm_follow_ups', ['create', 'read', 'update']),
	...grant(POLICY.rep, 'crm_claim_requests', ['create', 'read', 'update']),
	...['crm_pools', 'crm_pool_members', 'crm_teams', 'crm_rep_profiles', 'crm_performance', 'crm_settings', 'crm_events'].flatMap((c) =>
		grant(POLICY.rep, c, ['read']),
	),
	...STUDIO_BASICS.map((p) => ({ ...p, policy: POLICY.rep })),
];

/** Bookmarks in the Customers collection, for every user of a role. */
export const BOOKMARKS = [ROLE.rep, ROLE.manager].flatMap((role) => [
	{
		bookmark: 'Pool · 公海',
		role,
		collection: 'crm_customers',
		icon: 'waves',
		layout: 'tabular',
		layout_query: {
			tabular: {
				fields: ['name', 'days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'next_contact_at', 'source', 'tier', 'stage', 'previous_owner', 'release_reason', 'return_count', 'pool', 'released_at'],
				sort: ['-released_at'],
			},
		},
		filter: { owner: { _null: true } },
	},
	{
		bookmark: 'My customers · 我的客户',
		role,
		collection: 'crm_customers',
		icon: 'person_pin',
		layout: 'tabular',
		layout_query: {
			tabular: {
				fields: ['name', 'contact_name', 'days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'next_contact_at', 'source', 'tier', 'stage', 'previous_owner', 'release_reason', 'return_count', 'locked'],
				sort: ['last_contact_at'],
			},
		},
		filter: { owner: { _eq: '$CURRENT_USER' } },
	},
	// the rep's day: customers whose planned contact falls within the next 24 hours, and those whose has passed
	{
		bookmark: 'Today · 今日联系',
		role,
		collection: 'crm_customers',
		icon: 'today',
		layout: 'tabular',
		layout_query: { tabular: { fields: ['name', 'contact_name', 'next_contact_at', 'days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'tier', 'stage'], sort: ['next_contact_at'] } },
		filter: { _and: [{ owner: { _eq: '$CURRENT_USER' } }, { next_contact_at: { _gte: '$NOW' } }, { next_contact_at: { _lt: '$NOW(+1 day)' } }] },
	},
	{
		bookmark: 'Overdue · 逾期未联系',
		role,
		collection: 'crm_customers',
		icon: 'notification_important',
		layout: 'tabular',
		layout_query: { tabular: { fields: ['name', 'contact_name', 'next_contact_at', 'days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'tier', 'stage'], sort: ['next_contact_at'] } },
		filter: { _and: [{ owner: { _eq: '$CURRENT_USER' } }, { next_contact_at: { _lt: '$NOW' } }] },
	},
]);

/** The manager's customer list: every customer with its owner and pool. */
export const MANAGER_BOOKMARKS = [
	{
		bookmark: 'All customers · 全部客户',
		role: ROLE.manager,
		collection: 'crm_customers',
		icon: 'groups',
		layout: 'tabular',
		layout_query: { tabular: { fields: ['name', 'owner', 'pool', 'stage', 'tier', 'source', 'days_since_contact', 'last_contact_at', 'next_contact_at', 'return_count', 'locked'], sort: ['-date_created'] } },
		filter: null,
	},
];

/** The Insights dashboards and their panels (fixed ids, so setup adds only what is missing). */
export const DASHBOARDS = [
	{
		id: ids.dashboard.lead_pool,
		name: 'Lead Pool · 公海',
		icon: 'waves',
		note: 'Check for duplicates before adding a customer; your customers falling due, your caps and your week. · 新建客户前先查重；即将回收的客户、持有量与上限、每周动态。',
		color: '#2ECDA7',
	},
	{
		id: ids.dashboard.reports,
		name: 'Pool reports · 公海报表',
		icon: 'monitoring',
		note: 'For sales managers: pools, reps, reclaim and assignment, from the audit trail. · 销售经理报表。',
		color: '#3399FF',
	},
];

const panel = (id, dashboard, name, icon, type, [position_x, position_y, width, height], options, note) => ({ id, dashboard, name, icon, color: null, show_header: true, note, type, position_x, position_y, width, height, options });
const D = ids.dashboard;
const P = ids.panel;

export const PANELS = [
	panel(P.duplicates, D.lead_pool, 'Duplicate check · 客户查重', 'manage_search', 'lead-pool-duplicates', [1, 1, 20, 16], {}, 'Type part of a name, a phone or an e-mail: every matching customer of every pool is listed. · 输入名称、电话或邮箱的一部分，列出所有公海中的匹配客户。'),
	panel(P.my_due, D.lead_pool, 'Falling due in 7 days · 7 天内将被回收', 'timer', 'lead-pool-report', [21, 1, 26, 16], { report: 'due-soon', days: 7 }, 'Follow up or convert these before they go back to the pool. · 请在回收前跟进或成交。'),
	panel(P.my_caps, D.lead_pool, 'Owned against caps · 持有量与上限', 'donut_small', 'lead-pool-report', [1, 17, 20, 10], { report: 'caps' }),
	panel(P.my_activity, D.lead_pool, 'This and recent weeks · 每周动态', 'date_range', 'lead-pool-report', [21, 17, 26, 10], { report: 'activity', weeks: 4 }),
	panel(P.my_day, D.lead_pool, 'My day: today and overdue · 今日与逾期联系', 'today', 'lead-pool-report', [1, 27, 26, 14], { report: 'my-day' }, 'Your customers whose next contact is today or has passed; red days are past the contact cycle. · 下次联系为今天或已逾期的客户。'),
	panel(P.inquiry_board, D.lead_pool, "This month's inquiry board · 本月询盘分配榜", 'leaderboard', 'lead-pool-report', [27, 27, 20, 14], { report: 'inquiry-board' }, 'Who received which inquiry this month, by which rule and why, with each rep\'s inquiry count. · 本月询盘由谁接收、按何规则及原因，以及各业务员的询盘数。'),
	panel(P.pool_size, D.reports, 'Pool size by pool and source · 各公海客户数', 'waves', 'lead-pool-report', [1, 1, 22, 14], { report: 'pool-size' }),
	panel(P.activity, D.reports, 'Per rep per week · 业务员每周', 'date_range', 'lead-pool-report', [23, 1, 24, 14], { report: 'activity', weeks: 8 }),
	panel(P.caps, D.reports, 'Owned against caps · 持有量与上限', 'donut_small', 'lead-pool-report', [1, 15, 22, 14], { report: 'caps' }),
	panel(P.due_soon, D.reports, 'Falling due in 7 days · 7 天内将被回收', 'timer', 'lead-pool-report', [23, 15, 24, 14], { report: 'due-soon', days: 7 }),
	panel(P.shares, D.reports, 'Assignment shares (30 days) · 分配占比', 'pie_chart', 'lead-pool-report', [1, 29, 22, 14], { report: 'assignment-shares', days: 30 }),
	panel(P.time_to_claim, D.reports, 'Days to first claim (90 days) · 首次领取天数', 'hourglass_empty', 'lead-pool-report', [23, 29, 24, 14], { report: 'time-to-claim', days: 90 }),
	panel(P.import, D.reports, 'Import spreadsheet · 导入表格', 'upload_file', 'lead-pool-import', [1, 43, 46, 22], {}, 'Import a trade-show list or any .xlsx/.csv into a pool; read and download the per-row report; download the template. · 将展会名片等表格导入公海，查看并下载逐行报告，下载模板。'),
];

/**
 * "Assign selected · 分配所选": a manual flow on Customers. A manager selects customers, presses it in the sidebar,
 * keeps "Preview only" ticked to get the plan as a notification, then runs it again unticked to assign. Reps who
 * press it are refused. One active flow (the Core tier allows five).
 */
export const ASSIGN_FLOW = {
	id: ids.flow.assign_selected,
	name: 'Assign selected · 分配所选',
	icon: 'alt_route',
	color: '#6644FF',
	description: 'Assign the selected customers by the assignment rules; preview the plan first. · 按分配规则分配所选客户，可先预演。',
	status: 'active',
	trigger: 'manual',
	accountability: 'all',
	options: {
		collections: ['crm_customers'],
		location: 'both',
		requireSelection: true,
		requireConfirmation: true,
		// a refusal (a rep pressing it) answers with its status and code, not HTTP 200
		error_on_reject: true,
		confirmationDescription: 'Assign by the assignment rules · 按分配规则分配',
		fields: [
			{
				field: 'dry_run',
				type: 'boolean',
				name: 'Preview only (the plan comes as a notification) · 仅预演（结果以通知发送）',
				meta: { interface: 'boolean', width: 'full' },
				schema: { default_value: true },
			},
		],
	},
};

export const ASSIGN_OPERATION = {
	id: ids.operation.assign_selected,
	flow: ids.flow.assign_selected,
	name: 'Assign by the rules · 按规则分配',
	key: 'assign',
	type: 'lead-pool-assign',
	position_x: 19,
	position_y: 1,
	options: { match_only: false },
};

/** "Claim selected · 领取所选": a manual flow on Customers for reps to claim several pool customers in one click. */
export const CLAIM_FLOW = {
	id: ids.flow.claim_selected,
	name: 'Claim selected · 领取所选',
	icon: 'pan_tool',
	color: '#2ECDA7',
	description: 'Claim the selected pool customers; the outcome of each comes as a notification. · 领取所选公海客户，结果以通知发送。',
	status: 'active',
	trigger: 'manual',
	accountability: 'all',
	options: { collections: ['crm_customers'], location: 'collection', requireSelection: true, requireConfirmation: false, error_on_reject: true },
};

export const CLAIM_OPERATION = {
	id: ids.operation.claim_selected,
	flow: ids.flow.claim_selected,
	name: 'Claim for the user · 为触发者领取',
	key: 'claim',
	type: 'lead-pool-claim',
	position_x: 19,
	position_y: 1,
	options: {},
};
