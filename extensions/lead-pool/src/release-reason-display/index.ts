import { defineDisplay } from '@directus/extensions-sdk';
import DisplayComponent from './display.vue';

/** A stored reason in lists (a customer's release reason, an event's reason): Lead Pool's own (reclaimed, deleted, an assignment's) in the reader's language. */
export default defineDisplay({
	id: 'lead-pool-release-reason',
	name: 'Lead Pool: release reason',
	icon: 'undo',
	description: "Why a customer went back to the pool; Lead Pool's own reasons in the reader's language, typed reasons as typed.",
	component: DisplayComponent,
	options: null,
	types: ['string', 'text'],
});
