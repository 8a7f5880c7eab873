import { defineOperationApp } from '@directus/extensions-sdk';

export default defineOperationApp({
	id: 'lead-pool-assign',
	name: 'Lead Pool: assign · 分配客户',
	icon: 'alt_route',
	description: 'Assign the trigger’s customers (or a pool’s unowned customers) to reps by an assignment rule.',
	overview: ({ rule, dry_run, pool }) => [
		{ label: 'Rule · 规则', text: rule ? String(rule) : 'first matching rule · 自动匹配' },
		{ label: 'Pool · 公海', text: pool ? String(pool) : '—' },
		{ label: 'Dry run · 预演', text: dry_run ? 'yes' : 'no' },
	],
	options: [
		{ field: 'rule', name: 'Assignment rule id (empty: the first matching rule) · 分配规则', type: 'integer', meta: { width: 'half', interface: 'input' } },
		{ field: 'match_only', name: 'Only customers the rule matches · 仅匹配规则的客户', type: 'boolean', meta: { width: 'half', interface: 'boolean' }, schema: { default_value: true } },
		{ field: 'pool', name: 'Pool id when the trigger names no customers · 公海', type: 'integer', meta: { width: 'half', interface: 'input' } },
		{ field: 'dry_run', name: 'Dry run (plan only) · 预演', type: 'boolean', meta: { width: 'half', interface: 'boolean' }, schema: { default_value: false } },
	],
});
