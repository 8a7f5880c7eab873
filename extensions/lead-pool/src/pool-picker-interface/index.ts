import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

export default defineInterface({
	id: 'lead-pool-pool-picker',
	name: '$t:lead_pool_extension_pool_picker',
	icon: 'waves',
	description: 'Pick an active pool by name (the pool "Move to pool" sends the selected customers to).',
	component: InterfaceComponent,
	types: ['integer'],
	options: null,
});
