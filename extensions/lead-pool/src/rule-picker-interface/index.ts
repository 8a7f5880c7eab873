import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

export default defineInterface({
	id: 'lead-pool-rule-picker',
	name: '$t:lead_pool_extension_rule_picker',
	icon: 'alt_route',
	description: 'Pick an active assignment rule (or the first matching one); in "Assign selected", the preview opens in a dialog.',
	component: InterfaceComponent,
	types: ['integer'],
	options: null,
});
