import type { Knex } from 'knex';
import { actorKind, type ActorKind, type ActorLike } from '../core/actor';

const TTL_MS = 10_000;
const cache = new Map<string, { at: number; policies: string[] }>();

/**
 * The Lead Pool policies a user holds directly or through their roles. Directus's accountability carries roles but
 * not policies, and a manager may be made one by a policy attached to the user; cached briefly per user and role.
 */
export async function policiesOf(knex: Knex, accountability: ActorLike): Promise<string[]> {
	if (!accountability.user) return [];
	const roles = [...(accountability.roles ?? []), ...(accountability.role ? [accountability.role] : [])];
	const key = `${accountability.user}|${roles.join(',')}`;
	const hit = cache.get(key);
	if (hit && Date.now() - hit.at < TTL_MS) return hit.policies;
	const rows = await knex('directus_access')
		.select('policy')
		.where('user', accountability.user)
		.orWhereIn('role', roles.length ? roles : ['00000000-0000-0000-0000-000000000000']);
	const policies = [...new Set(rows.map((r: { policy: string }) => r.policy))];
	cache.set(key, { at: Date.now(), policies });
	if (cache.size > 5000) cache.clear();
	return policies;
}

export async function resolveActorKind(knex: Knex, accountability: ActorLike | null | undefined): Promise<ActorKind> {
	if (!accountability) return 'anonymous';
	if (accountability.admin) return 'admin';
	return actorKind({ ...accountability, policies: await policiesOf(knex, accountability) });
}
