import { definePanel } from '@directus/extensions-sdk';
import PanelComponent from './panel.vue';

export default definePanel({
	id: 'lead-pool-import',
	name: '$t:lead_pool_extension_import_panel',
	icon: 'upload_file',
	description: 'Import customers from an .xlsx or .csv file (Chinese or English headers) into a pool, read the per-row report and download it; download the template.',
	component: PanelComponent,
	options: [],
	minWidth: 20,
	minHeight: 14,
});
