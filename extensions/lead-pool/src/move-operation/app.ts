import { defineOperationApp } from '@directus/extensions-sdk';

export default defineOperationApp({
	id: 'lead-pool-move',
	name: '$t:lead_pool_extension_move',
	icon: 'drive_file_move',
	description: 'Moves the unowned customers selected in a manual flow to another pool, with a reason (managers and pool admins); one moved event each.',
	overview: ({ to_pool }) => [{ label: 'To pool', text: to_pool ? String(to_pool) : 'picked in the dialog' }],
	options: [{ field: 'to_pool', name: 'Pool id (empty: the one picked in the dialog)', type: 'integer', meta: { width: 'half', interface: 'input' } }],
});
