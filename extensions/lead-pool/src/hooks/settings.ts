import type { Knex } from 'knex';
import { RefusalError } from '../core/refusals';
import { validatePool, validateRepProfile, validateSettings } from '../core/validate';
import { readBool } from '../data/db';
import { clearSettingsCache } from '../data/ownership';
import { clearScheduleCache } from '../data/schedule';
import { withRefusals } from '../shared/errors';

type Register = { filter: (event: string, handler: (...args: any[]) => any) => void };

/** How many members a pool will have after a write whose payload may carry nested member changes. */
function memberCountAfter(current: number, members: unknown): number {
	if (members === undefined) return current;
	if (Array.isArray(members)) return members.length;
	if (members && typeof members === 'object') {
		const m = members as { create?: unknown[]; delete?: unknown[] };
		return current + (m.create?.length ?? 0) - (m.delete?.length ?? 0);
	}
	return current;
}

export function registerSettingsValidation({ filter, action }: Register & { action: (event: string, handler: (...args: any[]) => any) => void }, database: Knex) {
	for (const event of ['crm_settings.items.create', 'crm_settings.items.update'])
		action(event, () => {
			clearSettingsCache();
			clearScheduleCache();
		});
	const check = async (context: any, fn: (knex: Knex) => Promise<void>) => {
		const knex: Knex = context?.database ?? database;
		await withRefusals(knex, context?.accountability?.user, () => fn(knex));
	};

	filter('crm_pools.items.create', async (payload: Record<string, unknown>, _meta: unknown, context: any) => {
		await check(context, async () => {
			const merged = { status: 'active', kind: 'company', claim_policy: 'open', claim_direct: true, ...payload };
			const refusal = validatePool(payload, merged, { memberCount: memberCountAfter(0, payload['members']), customersInPool: 0, wasActive: false });
			if (refusal) throw new RefusalError(refusal);
		});
		return payload;
	});

	filter('crm_pools.items.update', async (payload: Record<string, unknown>, meta: any, context: any) => {
		await check(context, async (knex) => {
			const rows = await knex('crm_pools').select('*').whereIn('id', meta?.keys ?? []);
			for (const row of rows) {
				const merged = { ...row, claim_direct: readBool(row.claim_direct), claim_by_follow_up: readBool(row.claim_by_follow_up), claim_by_request: readBool(row.claim_by_request), reclaim_enabled: readBool(row.reclaim_enabled), ...payload };
				const members = Number((await knex('crm_pool_members').count({ n: '*' }).where('pool', row.id))[0]?.n ?? 0);
				const inPool = Number((await knex('crm_customers').count({ n: '*' }).where('pool', row.id).whereNull('owner'))[0]?.n ?? 0);
				const refusal = validatePool(payload, merged, { memberCount: memberCountAfter(members, payload['members']), customersInPool: inPool, wasActive: row.status !== 'disabled' });
				if (refusal) throw new RefusalError(refusal);
			}
		});
		return payload;
	});

	for (const event of ['crm_settings.items.create', 'crm_settings.items.update']) {
		filter(event, async (payload: Record<string, unknown>, _meta: unknown, context: any) => {
			await check(context, async () => {
				const refusal = validateSettings(payload);
				if (refusal) throw new RefusalError(refusal);
			});
			return payload;
		});
	}

	for (const event of ['crm_rep_profiles.items.create', 'crm_rep_profiles.items.update']) {
		filter(event, async (payload: Record<string, unknown>, _meta: unknown, context: any) => {
			await check(context, async () => {
				const refusal = validateRepProfile(payload);
				if (refusal) throw new RefusalError(refusal);
			});
			return payload;
		});
	}
}
