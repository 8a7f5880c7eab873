import { defineOperationApp } from '@directus/extensions-sdk';

export default defineOperationApp({
	id: 'lead-pool-assign',
	name: '$t:lead_pool_extension_assign',
	icon: 'alt_route',
	description: 'Assign the trigger’s customers (or a pool’s unowned customers) to reps by an assignment rule.',
	overview: ({ rule, dry_run, pool }) => [
		{ label: 'Rule', text: rule ? String(rule) : 'first matching rule' },
		{ label: 'Pool', text: pool ? String(pool) : '—' },
		{ label: 'Dry run', text: dry_run ? 'yes' : 'no' },
	],
	options: [
		{ field: 'rule', name: 'Assignment rule id (empty: the first matching rule)', type: 'integer', meta: { width: 'half', interface: 'input' } },
		{ field: 'match_only', name: 'Only customers the rule matches', type: 'boolean', meta: { width: 'half', interface: 'boolean' }, schema: { default_value: true } },
		{ field: 'pool', name: 'Pool id when the trigger names no customers', type: 'integer', meta: { width: 'half', interface: 'input' } },
		{ field: 'dry_run', name: 'Dry run (plan only)', type: 'boolean', meta: { width: 'half', interface: 'boolean' }, schema: { default_value: false } },
	],
});
