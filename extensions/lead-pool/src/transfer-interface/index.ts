import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

export default defineInterface({
	id: 'lead-pool-transfer',
	name: '$t:lead_pool_extension_transfer',
	icon: 'move_down',
	description: 'On a rep profile: give every customer the rep owns to another rep in one step, with a reason (managers).',
	component: InterfaceComponent,
	types: ['alias'],
	localTypes: ['presentation'],
	group: 'presentation',
	options: null,
});
