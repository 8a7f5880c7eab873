import { definePanel } from '@directus/extensions-sdk';
import PanelComponent from './panel.vue';

const REPORT_CHOICES = [
	{ text: 'Pool size by pool and source · 各公海客户数', value: 'pool-size' },
	{ text: 'Claims, releases, reclaims, assignments per rep per week · 每周领取/放回/回收/分配', value: 'activity' },
	{ text: 'Owned new customers and prospects against caps · 持有量与上限', value: 'caps' },
	{ text: 'Customers falling due for reclaim · 即将回收的客户', value: 'due-soon' },
	{ text: 'Assignment shares against target shares · 分配占比与目标', value: 'assignment-shares' },
	{ text: 'Days from arrival in the pool to first claim · 入公海到首次领取天数', value: 'time-to-claim' },
	{ text: 'My day: contacts due today and overdue · 今日与逾期联系', value: 'my-day' },
	{ text: "This month's inquiry board · 本月询盘分配榜", value: 'inquiry-board' },
];

export default definePanel({
	id: 'lead-pool-report',
	name: 'Lead Pool: report · 公海报表',
	icon: 'table_chart',
	description: 'A Lead Pool report computed from the customers and the audit trail (crm_events).',
	component: PanelComponent,
	options: [
		{ field: 'report', name: 'Report · 报表', type: 'string', meta: { width: 'full', interface: 'select-dropdown', options: { choices: REPORT_CHOICES } }, schema: { default_value: 'pool-size' } },
		{ field: 'days', name: 'Days (window or horizon) · 天数', type: 'integer', meta: { width: 'half', interface: 'input', note: 'Falling due: the next N days (7). Shares: the last N days (30). Time to claim: the last N days (90).' } },
		{ field: 'weeks', name: 'Weeks (activity) · 周数', type: 'integer', meta: { width: 'half', interface: 'input', note: 'Activity: the last N weeks (8).' } },
	],
	minWidth: 12,
	minHeight: 8,
});
