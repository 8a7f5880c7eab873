import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

/** A stored reason on a form (a customer's release reason, an event's reason): Lead Pool's own in the reader's language, typed ones as typed. */
export default defineInterface({
	id: 'lead-pool-release-reason-input',
	name: '$t:lead_pool_extension_release_reason',
	icon: 'undo',
	description: "Why a customer went back to the pool. Lead Pool's own reasons (reclaimed, deleted…) read in the reader's language.",
	component: InterfaceComponent,
	types: ['text', 'string'],
	options: null,
});
