import { defineOperationApp } from '@directus/extensions-sdk';

export default defineOperationApp({
	id: 'lead-pool-claim',
	name: 'Lead Pool: claim for the user · 领取所选',
	icon: 'pan_tool',
	description: 'Claims the customers selected in a manual flow for the person who pressed it, under every claim rule; the outcome arrives as a notification.',
	overview: () => [{ label: 'Claims for · 领取人', text: 'the user who triggers the flow · 触发者' }],
	options: [],
});
