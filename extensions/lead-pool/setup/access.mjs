// The roles, policies, permissions and bookmarks that setup creates. Collection-level permissions only: the
// Directus 12 Core tier ignores item filters, field lists, validation and presets on permissions, so every rule
// about who sees or changes which customer is enforced by the extension itself.

import ids from '../src/core/ids.json' with { type: 'json' };
import labels from './labels.json' with { type: 'json' };

/** Studio texts as `$t:` translation strings (generated from src/core/labels.ts). */
const T = labels.keys;

export const POLICY = ids.policy;
export const ROLE = ids.role;

export const POLICIES = [
	{
		id: POLICY.admin,
		name: 'Lead Pool Admin',
		icon: 'admin_panel_settings',
		description: 'Full access, including purging customers.',
		admin_access: true,
		app_access: true,
	},
	{
		id: POLICY.manager,
		name: 'Lead Pool Sales Manager',
		icon: 'supervisor_account',
		description: 'Edits pools, quotas, reclaim and assignment rules; approves claim requests; assigns and transfers customers.',
		admin_access: false,
		app_access: false,
	},
	{
		id: POLICY.rep,
		name: 'Lead Pool Sales Rep',
		icon: 'person',
		description: 'Sees their pools and own customers; claims, follows up, releases.',
		admin_access: false,
		app_access: false,
	},
	{
		id: POLICY.studio,
		name: 'Lead Pool Studio Access',
		icon: 'desktop_windows',
		description: 'Lets a manager or rep sign in to the data studio (takes a seat on Directus 12). Without it a user works through the API only.',
		admin_access: false,
		app_access: true,
	},
];

export const ROLES = [
	{ id: ROLE.admin, name: 'Lead Pool Admin', icon: 'admin_panel_settings', description: 'Lead Pool administrator', policy: POLICY.admin },
	{ id: ROLE.manager, name: 'Sales Manager', icon: 'supervisor_account', description: 'Sales manager', policy: POLICY.manager },
	{ id: ROLE.rep, name: 'Sales Rep', icon: 'person', description: 'Sales rep', policy: POLICY.rep },
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

/**
 * Column widths of the customer lists, wide enough for a company's whole name and the longer column titles (Directus
 * cuts a cell at 160 px by default): a list that cuts "Hangzhou Jinhua Trading Co." after "Hangzhou Ji…" is no list.
 */
export const LIST_WIDTHS = { name: 300, contact_name: 140, days_since_contact: 200, last_follow_up_summary: 260, release_reason: 220, previous_owner: 160 };
const layout_options = { tabular: { widths: LIST_WIDTHS } };

/** Bookmarks in the Customers collection, for every user of a role. */
export const BOOKMARKS = [ROLE.rep, ROLE.manager].flatMap((role) => [
	{
		bookmark: T.bookmark_pool,
		role,
		collection: 'crm_customers',
		icon: 'waves',
		layout: 'tabular',
		layout_options,
		layout_query: {
			tabular: {
				fields: ['name', 'days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'next_contact_at', 'source', 'tier', 'stage', 'previous_owner', 'release_reason', 'return_count', 'pool', 'released_at'],
				sort: ['-released_at'],
			},
		},
		filter: { owner: { _null: true } },
	},
	{
		bookmark: T.bookmark_mine,
		role,
		collection: 'crm_customers',
		icon: 'person_pin',
		layout: 'tabular',
		layout_options,
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
		bookmark: T.bookmark_today,
		role,
		collection: 'crm_customers',
		icon: 'today',
		layout: 'tabular',
		layout_options,
		layout_query: { tabular: { fields: ['name', 'contact_name', 'next_contact_at', 'days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'tier', 'stage'], sort: ['next_contact_at'] } },
		filter: { _and: [{ owner: { _eq: '$CURRENT_USER' } }, { next_contact_at: { _gte: '$NOW' } }, { next_contact_at: { _lt: '$NOW(+1 day)' } }] },
	},
	{
		bookmark: T.bookmark_overdue,
		role,
		collection: 'crm_customers',
		icon: 'notification_important',
		layout: 'tabular',
		layout_options,
		layout_query: { tabular: { fields: ['name', 'contact_name', 'next_contact_at', 'days_since_contact', 'last_contact_at', 'last_follow_up_summary', 'tier', 'stage'], sort: ['next_contact_at'] } },
		filter: { _and: [{ owner: { _eq: '$CURRENT_USER' } }, { next_contact_at: { _lt: '$NOW' } }] },
	},
]);

/** The manager's customer list: every customer with its owner and pool. */
export const MANAGER_BOOKMARKS = [
	{
		bookmark: T.bookmark_all,
		role: ROLE.manager,
		collection: 'crm_customers',
		icon: 'groups',
		layout: 'tabular',
		layout_options,
		layout_query: { tabular: { fields: ['name', 'owner', 'pool', 'stage', 'tier', 'source', 'days_since_contact', 'last_contact_at', 'next_contact_at', 'return_count', 'locked'], sort: ['-date_created'] } },
		filter: null,
	},
];

/**
 * What a rep sees on opening Customers (their role's default view, not a bookmark): the pool, newest first. Their
 * own customers are one click away in the "My customers" bookmark.
 */
export const DEFAULT_VIEWS = [
	{
		bookmark: null,
		role: ROLE.rep,
		user: null,
		collection: 'crm_customers',
		icon: 'waves',
		layout: 'tabular',
		layout_options,
		layout_query: { tabular: { fields: ['name', 'source', 'region', 'industry', 'tier', 'stage', 'pool', 'released_at', 'date_created'], sort: ['-date_created'] } },
		filter: { owner: { _null: true } },
	},
];

/**
 * The Insights dashboards and their panels (fixed ids, so setup adds only what is missing). Directus translates
 * neither dashboard nor panel names, so a dashboard is named in the project's default language (`dashboardsIn`) and
 * each panel hides Directus's header and shows its own title in the reader's language.
 */
export function dashboardsIn(language) {
	const text = (name) => labels.texts[name][language] ?? labels.texts[name]['en-US'];
	return [
		{ id: ids.dashboard.lead_pool, name: text('dashboard_lead_pool'), icon: 'waves', note: text('dashboard_lead_pool_note'), color: '#2ECDA7' },
		{ id: ids.dashboard.reports, name: text('dashboard_reports'), icon: 'monitoring', note: text('dashboard_reports_note'), color: '#3399FF' },
	];
}
export const DASHBOARDS = dashboardsIn('en-US');

/** Names shipped before the studio spoke one language at a time: setup replaces these, and only these. */
export const BILINGUAL = / · /;

const panel = (id, dashboard, name, icon, type, [position_x, position_y, width, height], options, note = null) => ({
	id,
	dashboard,
	name,
	icon,
	color: null,
	show_header: false,
	note,
	type,
	position_x,
	position_y,
	width,
	height,
	options,
});
const D = ids.dashboard;
const P = ids.panel;
const en = (name) => labels.texts[name]['en-US'];

/**
 * Laid out on a grid 38 columns wide: with the navigation and the sidebar open, a 1440 px screen shows 40; tables
 * of more than three or four columns take the full width.
 */
export const PANELS = [
	panel(P.duplicates, D.lead_pool, en('panel_duplicates'), 'manage_search', 'lead-pool-duplicates', [1, 1, 16, 16], {}),
	panel(P.my_due, D.lead_pool, 'Falling due in 7 days', 'timer', 'lead-pool-report', [1, 17, 38, 14], { report: 'due-soon', days: 7 }),
	panel(P.my_caps, D.lead_pool, 'Owned against caps', 'donut_small', 'lead-pool-report', [17, 1, 22, 16], { report: 'caps' }),
	panel(P.my_activity, D.lead_pool, 'This and recent weeks', 'date_range', 'lead-pool-report', [1, 45, 38, 12], { report: 'activity', weeks: 4 }),
	panel(P.my_day, D.lead_pool, 'My day: today and overdue', 'today', 'lead-pool-report', [1, 57, 38, 14], { report: 'my-day' }),
	panel(P.inquiry_board, D.lead_pool, "This month's inquiry board", 'leaderboard', 'lead-pool-report', [1, 31, 38, 14], { report: 'inquiry-board' }),
	panel(P.pool_size, D.reports, 'Pool size by pool and source', 'waves', 'lead-pool-report', [1, 1, 18, 14], { report: 'pool-size' }),
	panel(P.activity, D.reports, 'Per rep per week', 'date_range', 'lead-pool-report', [1, 15, 38, 14], { report: 'activity', weeks: 8 }),
	panel(P.caps, D.reports, 'Owned against caps', 'donut_small', 'lead-pool-report', [19, 1, 20, 14], { report: 'caps' }),
	panel(P.due_soon, D.reports, 'Falling due in 7 days', 'timer', 'lead-pool-report', [1, 29, 38, 14], { report: 'due-soon', days: 7 }),
	panel(P.shares, D.reports, 'Assignment shares (30 days)', 'pie_chart', 'lead-pool-report', [1, 43, 38, 14], { report: 'assignment-shares', days: 30 }),
	panel(P.time_to_claim, D.reports, 'Days to first claim (90 days)', 'hourglass_empty', 'lead-pool-report', [1, 57, 38, 14], { report: 'time-to-claim', days: 90 }),
	panel(P.import, D.reports, en('panel_import'), 'upload_file', 'lead-pool-import', [1, 71, 38, 30], {}),
];

/** Where the panels sat before they were laid out for 1440 px: setup moves a panel still there (and no other). */
export const PANEL_LAYOUT_BEFORE = {
	[P.duplicates]: [1, 1, 20, 16],
	[P.my_due]: [21, 1, 26, 16],
	[P.my_caps]: [1, 17, 20, 10],
	[P.my_activity]: [21, 17, 26, 10],
	[P.my_day]: [1, 27, 26, 14],
	[P.inquiry_board]: [27, 27, 20, 14],
	[P.pool_size]: [1, 1, 22, 14],
	[P.activity]: [23, 1, 24, 14],
	[P.caps]: [1, 15, 22, 14],
	[P.due_soon]: [23, 15, 24, 14],
	[P.shares]: [1, 29, 22, 14],
	[P.time_to_claim]: [23, 29, 24, 14],
	[P.import]: [1, 43, 46, 22],
};

/**
 * "Assign selected": a manual flow on Customers. A manager selects customers, presses it in the sidebar, picks a rule
 * (or the first that matches), keeps "Preview only" ticked and reads the plan in a dialog, with "Assign as previewed". Reps who press it
 * are refused. One active flow (the Core tier allows five). Names are translation strings (Directus translates the
 * names and fields of manual flows).
 */
export const ASSIGN_FLOW = {
	id: ids.flow.assign_selected,
	name: T.flow_assign,
	icon: 'alt_route',
	color: '#6644FF',
	description: en('flow_assign_description'),
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
		confirmationDescription: T.flow_assign_confirm,
		// the plan comes back to the studio, which shows it in a dialog with "Assign as previewed"
		return: '$last',
		fields: [
			{
				field: 'rule',
				type: 'integer',
				name: T.flow_assign_rule,
				meta: { interface: 'lead-pool-rule-picker', width: 'full' },
			},
			{
				field: 'dry_run',
				type: 'boolean',
				name: T.flow_assign_dry_run,
				meta: { interface: 'boolean', width: 'full' },
				schema: { default_value: true },
			},
		],
	},
};

export const ASSIGN_OPERATION = {
	id: ids.operation.assign_selected,
	flow: ids.flow.assign_selected,
	name: en('flow_assign_operation'),
	key: 'assign',
	type: 'lead-pool-assign',
	position_x: 19,
	position_y: 1,
	options: { match_only: false },
};

/** "Claim selected": a manual flow on Customers for reps to claim several pool customers in one click. */
export const CLAIM_FLOW = {
	id: ids.flow.claim_selected,
	name: T.flow_claim,
	icon: 'pan_tool',
	color: '#2ECDA7',
	description: en('flow_claim_description'),
	status: 'active',
	trigger: 'manual',
	accountability: 'all',
	options: { collections: ['crm_customers'], location: 'collection', requireSelection: true, requireConfirmation: false, error_on_reject: true },
};

export const CLAIM_OPERATION = {
	id: ids.operation.claim_selected,
	flow: ids.flow.claim_selected,
	name: en('flow_claim_operation'),
	key: 'claim',
	type: 'lead-pool-claim',
	position_x: 19,
	position_y: 1,
	options: {},
};

/**
 * "Move to pool": a manual flow on Customers. A manager (or a pool admin, between their pools) selects unowned
 * customers, picks the pool and says why; the same service as POST /lead-pool/move moves them, one event each.
 */
export const MOVE_FLOW = {
	id: ids.flow.move_selected,
	name: T.flow_move,
	icon: 'drive_file_move',
	color: '#3399FF',
	description: en('flow_move_description'),
	status: 'active',
	trigger: 'manual',
	accountability: 'all',
	options: {
		collections: ['crm_customers'],
		location: 'collection',
		requireSelection: true,
		requireConfirmation: true,
		error_on_reject: true,
		confirmationDescription: T.flow_move_confirm,
		fields: [
			{ field: 'to_pool', type: 'integer', name: T.flow_move_to_pool, meta: { interface: 'lead-pool-pool-picker', width: 'full', required: true } },
			{ field: 'reason', type: 'string', name: T.flow_move_reason, meta: { interface: 'input', width: 'full', required: true } },
		],
	},
};

export const MOVE_OPERATION = {
	id: ids.operation.move_selected,
	flow: ids.flow.move_selected,
	name: en('flow_move_operation'),
	key: 'move',
	type: 'lead-pool-move',
	position_x: 19,
	position_y: 1,
	options: {},
};
