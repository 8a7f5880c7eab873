import { defineOperationApi } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import { triggerKeys } from '../core/trigger';
import { languageOf } from '../core/refusals';
import { loadCustomers, userLanguage } from '../data/ownership';
import { claimCustomers } from '../services/ownership';
import { notify } from '../services/notify';
import { describeRefusals } from '../shared/errors';

/**
 * "Claim selected · 领取所选": a rep selects pool customers in the list and presses the flow; each is claimed or
 * refused on its own (caps, daily limit, cool-down, membership, claim mode, someone quicker), exactly as the claim
 * endpoint does, and the rep gets one notification saying which and why.
 */
export default defineOperationApi<Record<string, never>>({
	id: 'lead-pool-claim',
	handler: async (_options, { data, database, accountability, services, getSchema }) => {
		const knex = database as unknown as Knex;
		const user: string | null = (accountability as any)?.user ?? null;
		const keys = triggerKeys((data as any)?.$trigger);
		if (!user || !keys) return { claimed: [], refused: [] };
		const result = await claimCustomers(knex, { rep: user, actor: user, keys: keys.slice(0, 500), mode: 'direct', allOrNothing: false });
		const refused = await describeRefusals(knex, user, result.refused);
		const names = new Map((await loadCustomers(knex, result.claimed)).map((c) => [c.id, c.name]));
		const zh = languageOf(await userLanguage(knex, user)) === 'zh';
		const lines = [...result.claimed.map((id) => (zh ? `- 已领取：${names.get(id) ?? id}` : `- Claimed: ${names.get(id) ?? id}`)), ...refused.map((r) => `- ${r.message}`)];
		await notify(services, await getSchema(), [user], {
			subject: zh ? `领取：成功 ${result.claimed.length} 个，未领取 ${refused.length} 个` : `Claimed ${result.claimed.length} of ${keys.length} · 领取 ${result.claimed.length}/${keys.length}`,
			message: lines.join('\n'),
			collection: 'crm_customers',
		});
		return { claimed: result.claimed, refused };
	},
});
