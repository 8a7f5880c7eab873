import { defineOperationApp } from '@directus/extensions-sdk';

export default defineOperationApp({
	id: 'lead-pool-claim',
	name: '$t:lead_pool_extension_claim',
	icon: 'pan_tool',
	description: 'Claims the customers selected in a manual flow for the person who pressed it, under every claim rule; the outcome arrives as a notification.',
	overview: () => [{ label: 'Claims for', text: 'the user who triggers the flow' }],
	options: [],
});
