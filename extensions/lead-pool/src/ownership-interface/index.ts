import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

export default defineInterface({
	id: 'lead-pool-ownership',
	name: '$t:lead_pool_extension_ownership',
	icon: 'pan_tool',
	description: 'Buttons on the customer form to claim a pool customer or release your own, with a reason.',
	component: InterfaceComponent,
	types: ['alias'],
	localTypes: ['presentation'],
	group: 'presentation',
	options: null,
});
