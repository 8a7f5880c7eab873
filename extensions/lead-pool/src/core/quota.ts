import type { Refusal } from './refusals';
import { SETTINGS_DEFAULTS } from './settings-defaults';

/**
 * The quota: how many customers a rep may hold. New customers and prospects each count against their own cap; won
 * customers (stage `customer`) never count. A rep's cap is their profile's override where set, else the global
 * setting, else the shipped default (settings-defaults.json). A cap of 0 is a real cap (the rep may hold none); no
 * cap at all is `null`.
 *
 * A won customer that went back to a pool and is claimed again (where the pool lets reps claim won customers) needs a
 * free prospect place to be claimed, and takes none once held (it is a won customer): so claiming it never takes a
 * rep past a cap, and a rep at their prospect cap cannot gather won customers from the pool (`claimRefusal`).
 *
 * Every way a rep comes to hold a customer of a capped stage asks this module, under that rep's lock: claiming (all
 * three modes and approved requests), creating a customer for a rep, assigning and transferring, and changing the
 * stage of a customer a rep owns.
 */

export type Stage = 'new' | 'prospect' | 'customer';
export type CappedStage = 'new' | 'prospect';

/** The stages that count against a cap, each against its own. */
export const CAPPED_STAGES: readonly CappedStage[] = ['new', 'prospect'];

export function countsAgainstCap(stage: unknown): stage is CappedStage {
	return stage === 'new' || stage === 'prospect';
}

/** Caps on what a rep holds; null means no cap. */
export interface Quota {
	maxNew: number | null;
	maxProspects: number | null;
}

/** How many customers a rep owns, by capped stage. */
export interface Holdings {
	new: number;
	prospect: number;
}

export const NO_HOLDINGS: Readonly<Holdings> = Object.freeze({ new: 0, prospect: 0 });

/** The caps of a rep without a profile override, when settings leave a cap empty. */
export const DEFAULT_QUOTA: Readonly<Quota> = Object.freeze({
	maxNew: SETTINGS_DEFAULTS.max_new_per_rep,
	maxProspects: SETTINGS_DEFAULTS.max_prospects_per_rep,
});

export interface QuotaSettings {
	max_new_per_rep: number | null;
	max_prospects_per_rep: number | null;
}

export interface QuotaOverride {
	max_new: number | null;
	max_prospects: number | null;
}

/** A rep's caps: their profile's override where set, otherwise the global setting. Only null falls back. */
export function effectiveQuota(settings: QuotaSettings, profile?: QuotaOverride | null): Quota {
	return {
		maxNew: profile?.max_new ?? settings.max_new_per_rep ?? null,
		maxProspects: profile?.max_prospects ?? settings.max_prospects_per_rep ?? null,
	};
}

function capOf(quota: Quota, stage: CappedStage): number | null {
	return stage === 'new' ? quota.maxNew : quota.maxProspects;
}

/**
 * Whether a rep holding `holdings` may take one more customer of `stage`; the refusal names the cap, the count and,
 * when given, the customer and the rep (`who`, for a manager giving customers to someone else).
 */
export function quotaRefusal(holdings: Holdings, quota: Quota, stage: Stage, key?: number, who?: string): Refusal | null {
	if (!countsAgainstCap(stage)) return null;
	const cap = capOf(quota, stage);
	if (cap === null || holdings[stage] + 1 <= cap) return null;
	return { code: 'LEAD_POOL_QUOTA_EXCEEDED', key, params: { stage, count: holdings[stage], cap, who } };
}

export function addHolding(holdings: Holdings, stage: Stage): Holdings {
	return countsAgainstCap(stage) ? { ...holdings, [stage]: holdings[stage] + 1 } : holdings;
}

export function removeHolding(holdings: Holdings, stage: Stage): Holdings {
	return countsAgainstCap(stage) ? { ...holdings, [stage]: Math.max(0, holdings[stage] - 1) } : holdings;
}

/**
 * Give a rep several customers at once, in the order given: the first that does not fit is the refusal, and nothing
 * is given (all or nothing). `stage` is the stage each customer will have once the rep holds it.
 */
export function fitQuota(
	holdings: Holdings,
	quota: Quota,
	customers: readonly { id: number; stage: Stage }[],
	who?: string,
): { refusal: Refusal | null; holdings: Holdings } {
	let after = holdings;
	for (const c of customers) {
		const refusal = quotaRefusal(after, quota, c.stage, c.id, who);
		if (refusal) return { refusal, holdings };
		after = addHolding(after, c.stage);
	}
	return { refusal: null, holdings: after };
}

/**
 * Change the stage of customers a rep owns: each moves out of its stage and into `to`, which must then fit. Moving
 * into a won stage always fits; moving within the same stage changes nothing.
 */
export function stageChangeRefusal(
	holdings: Holdings,
	quota: Quota,
	customers: readonly { id: number; stage: Stage }[],
	to: Stage,
	who?: string,
): Refusal | null {
	const moving = customers.filter((c) => c.stage !== to);
	let without = holdings;
	for (const c of moving) without = removeHolding(without, c.stage);
	return fitQuota(without, quota, moving.map((c) => ({ id: c.id, stage: to })), who).refusal;
}

/**
 * Whether a rep holding `holdings` may claim one more customer of `stage` from a pool: as `quotaRefusal`, except that
 * a won customer needs a free prospect place (and, once claimed, takes none).
 */
export function claimRefusal(holdings: Holdings, quota: Quota, stage: Stage, key?: number): Refusal | null {
	return quotaRefusal(holdings, quota, stage === 'customer' ? 'prospect' : stage, key);
}
