import { definePanel } from '@directus/extensions-sdk';
import PanelComponent from './panel.vue';

export default definePanel({
	id: 'lead-pool-duplicates',
	name: '$t:lead_pool_extension_duplicates_panel',
	icon: 'manage_search',
	description: 'Search every pool for a customer by name, phone or e-mail before adding one; shows only name, owner or pool, and creation date.',
	component: PanelComponent,
	options: [],
	minWidth: 12,
	minHeight: 10,
});
