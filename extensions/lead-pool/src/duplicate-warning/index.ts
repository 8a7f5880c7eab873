import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

export default defineInterface({
	id: 'lead-pool-duplicate-warning',
	name: '$t:lead_pool_extension_duplicate_warning',
	icon: 'content_copy',
	description: 'On the customer form, lists customers of any pool whose name, phone or e-mail is like the one being typed.',
	component: InterfaceComponent,
	types: ['alias'],
	localTypes: ['presentation'],
	group: 'presentation',
	options: null,
});
