import { definePanel } from '@directus/extensions-sdk';
import PanelComponent from './panel.vue';

import { REPORTS, translationKey } from '../core/labels';

const REPORT_CHOICES = Object.keys(REPORTS).map((value) => ({ text: `$t:${translationKey('report', value)}`, value }));

export default definePanel({
	id: 'lead-pool-report',
	name: '$t:lead_pool_extension_report_panel',
	icon: 'table_chart',
	description: 'A Lead Pool report computed from the customers and the audit trail (crm_events).',
	component: PanelComponent,
	options: [
		{ field: 'report', name: 'Report', type: 'string', meta: { width: 'full', interface: 'select-dropdown', options: { choices: REPORT_CHOICES } }, schema: { default_value: 'pool-size' } },
		{ field: 'days', name: 'Days (window or horizon)', type: 'integer', meta: { width: 'half', interface: 'input', note: 'Falling due: the next N days (7). Shares: the last N days (30). Time to claim: the last N days (90).' } },
		{ field: 'weeks', name: 'Weeks (activity)', type: 'integer', meta: { width: 'half', interface: 'input', note: 'Activity: the last N weeks (8).' } },
	],
	minWidth: 12,
	minHeight: 8,
});
