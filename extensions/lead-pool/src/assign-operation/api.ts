import { defineOperationApi } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { runAssignment, type AssignResult } from '../services/assignment';
import { triggerKeys } from '../core/trigger';
import { resolveActorKind } from '../data/actors';
import { loadCustomers } from '../data/ownership';
import { notify } from '../services/notify';
import { toDirectusError } from '../shared/errors';
import { refusalMessage } from '../core/refusals';

type Options = { rule?: number | string | null; match_only?: boolean | string; pool?: number | string | null; dry_run?: boolean | string };

const truthy = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';

/**
 * The customers come from the trigger: an event trigger on customer creation ($trigger.key / keys), a manual trigger
 * on the collection page ($trigger.body.keys), or none (a schedule), when the pool option names whose unowned
 * customers to assign. A manual trigger is a person choosing customers to assign: managers and admins only. Its
 * dry run (`dry_run` option, or the confirmation dialog's "Preview only") sends the plan to that person as a
 * notification and changes nothing.
 */
export default defineOperationApi<Options>({
	id: 'lead-pool-assign',
	handler: async (options, { data, database, accountability, services, getSchema }) => {
		const knex = database as unknown as Knex;
		const trigger = (data as any)?.$trigger;
		const manual = !!trigger?.body && Array.isArray(trigger.body.keys);
		const user: string | null = (accountability as any)?.user ?? null;
		if (manual && accountability && (await resolveActorKind(knex, accountability)) === 'rep') {
			const refusal = { code: 'LEAD_POOL_MANAGERS_ONLY' as const, params: { what: 'Assigning customers', what_zh: '分配客户' } };
			// the studio shows a pressed flow as started; the rep reads the refusal in their notifications
			if (user) await notify(services, await getSchema(), [user], { subject: `${refusalMessage(refusal, 'en')} · ${refusalMessage(refusal, 'zh')}`, message: 'Ask a sales manager to assign these customers. · 请联系销售经理分配这些客户。', collection: 'crm_customers' });
			throw await toDirectusError(knex, user, refusal);
		}
		const keys = triggerKeys(trigger);
		const rule = options.rule === null || options.rule === undefined || options.rule === '' ? undefined : Number(options.rule);
		const pool = options.pool === null || options.pool === undefined || options.pool === '' ? undefined : Number(options.pool);
		if (!keys && pool === undefined) return { assigned: 0, left_in_pool: 0, skipped: [], decisions: [], note: 'no customers in the trigger and no pool set' };
		// a person pressing the flow previews unless they untick "Preview only" (absent counts as ticked)
		const dryRun = truthy(options.dry_run) || (manual && trigger.body.dry_run !== false && trigger.body.dry_run !== 'false');
		const result = await runAssignment(knex, {
			keys: keys ?? undefined,
			pool,
			ruleId: rule,
			matchOnly: options.match_only === undefined ? true : truthy(options.match_only),
			dryRun,
			actor: user,
			services,
			getSchema,
		});
		if (manual && dryRun && user) await notify(services, await getSchema(), [user], await planNote(knex, result));
		return result;
	},
});

/** The dry run's plan as a notification: one line per customer, who would get it and why. */
async function planNote(knex: Knex, result: AssignResult) {
	const names = new Map((await loadCustomers(knex, result.decisions.map((d) => d.customer).slice(0, 200))).map((c) => [c.id, c.name]));
	const lines = result.decisions.slice(0, 200).map((d) => `- ${names.get(d.customer) ?? `#${d.customer}`} → ${d.to_name ?? 'stays in the pool · 留在公海'} (${d.rule_name}: ${d.reason})`);
	for (const s of result.skipped.slice(0, 50)) lines.push(`- #${s.key}: ${s.reason}`);
	const planned = result.decisions.filter((d) => d.to).length;
	return {
		subject: `Assignment preview: ${planned} of ${result.decisions.length + result.skipped.length} would be assigned · 分配预演：${planned} 个将被分配`,
		message: `${lines.join('\n')}\n\nNothing was changed. Run it again without "Preview only" to assign. · 未做任何更改；取消「仅预演」后再运行即可分配。`,
		collection: 'crm_customers',
	};
}
