import { ACTIVE_POOL, isMemberOf } from './membership';
import { invalid, type Refusal } from './refusals';

/**
 * Where customers go when they leave a rep or a pool. A rep releasing a customer may send it to another pool they are
 * a member of, where the customer's pool allows it (`release_elsewhere`); a manager may send it to any active pool.
 * Managers and pool admins move unowned customers between pools (a pool admin only between pools they administer).
 */

export interface PoolFacts {
	id: number;
	name: string;
	status: string;
	release_elsewhere: boolean;
}

/** Why a release may not go to `target` (null: it may). `sources` are the pools the customers are in now. */
export function releaseDestinationRefusal(opts: {
	by: 'rep' | 'manager';
	target: number;
	pools: ReadonlyMap<number, PoolFacts>;
	memberPools: ReadonlySet<number>;
	sources: readonly (number | null)[];
}): Refusal | null {
	const target = opts.pools.get(opts.target);
	if (!target || target.status !== ACTIVE_POOL) return unknownPool(opts.target);
	if (opts.by === 'manager') return null;
	// about the pool, not a customer: no refusal key (keys name customers, and refusals are redacted by them)
	const { id, name } = target;
	if (!isMemberOf(target, opts.memberPools)) return { code: 'LEAD_POOL_NOT_MEMBER', params: { key: id, pool: name } };
	for (const source of opts.sources) {
		if (source === null || source === target.id) continue;
		const from = opts.pools.get(source);
		if (from && !from.release_elsewhere) {
			return invalid(
				`Pool "${from.name}" keeps its customers: release them into "${from.name}" itself, or ask a manager to move them.`,
				`公海「${from.name}」的客户只能放回本公海；如需转到其他公海，请联系经理。`,
				'pool',
			);
		}
	}
	return null;
}

/** Why a move from `sources` to `target` is refused (null: allowed). `administers` are the caller's pools as admin. */
export function moveRefusal(opts: {
	by: 'manager' | 'pool_admin' | 'rep';
	target: number;
	pools: ReadonlyMap<number, PoolFacts>;
	administers: ReadonlySet<number>;
	sources: readonly (number | null)[];
}): Refusal | null {
	const target = opts.pools.get(opts.target);
	if (!target || target.status !== ACTIVE_POOL) return unknownPool(opts.target);
	if (opts.by === 'manager') return null;
	const mine = (pool: number | null) => pool !== null && opts.administers.has(pool);
	if (opts.by === 'rep' || !mine(target.id) || !opts.sources.every(mine)) {
		return { code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Moving customers between pools', what_zh: '在公海之间移动客户' } };
	}
	return null;
}

function unknownPool(id: number): Refusal {
	return invalid(`Pool ${id} does not exist or is disabled; pick an active pool.`, `公海 ${id} 不存在或已停用；请选择一个启用的公海。`, 'pool');
}

/**
 * The pools a release of customers from `sources` may go to, by the same rule as the release itself
 * (releaseDestinationRefusal): the customers' own pool first (where they go when none is picked), then the others
 * by name. `candidates` are the pools worth asking about (a rep's member pools; for a manager, the active pools).
 */
export function releaseDestinations(opts: {
	by: 'rep' | 'manager';
	candidates: readonly number[];
	pools: ReadonlyMap<number, PoolFacts>;
	memberPools: ReadonlySet<number>;
	sources: readonly (number | null)[];
}): { id: number; name: string; source: boolean }[] {
	const sources = new Set(opts.sources.filter((s): s is number => s !== null));
	const allowed = [...new Set([...sources, ...opts.candidates])].filter((target) => {
		const pool = opts.pools.get(target);
		if (!pool || pool.status !== ACTIVE_POOL) return false;
		// the customers' own pool takes them back (a plain release): no membership asked, as the release does not ask
		if (sources.size === 1 && sources.has(target)) return true;
		return releaseDestinationRefusal({ ...opts, target }) === null;
	});
	return allowed
		.map((id) => ({ id, name: opts.pools.get(id)!.name, source: sources.size === 1 && sources.has(id) }))
		.sort((a, b) => Number(b.source) - Number(a.source) || a.name.localeCompare(b.name));
}
