import { defineDisplay } from '@directus/extensions-sdk';
import DisplayComponent from './display.vue';

/** "Days since last contact" in the customer lists: the days counted, red past the contact cycle. */
export default defineDisplay({
	id: 'lead-pool-days-since',
	name: 'Lead Pool: days since last contact',
	icon: 'schedule',
	description: 'Days since the last contact, red when past the contact cycle.',
	component: DisplayComponent,
	options: null,
	types: ['string'],
});
