import { mayEditCustomer, type ActorLike } from '../core/actor';
import { boolValue } from '../core/field-rules';
import { convertedAt, EVENT, stageEvent } from '../core/events';
import { eventReason, releaseReason } from '../core/labels';
import { effectiveQuota, quotaRefusal, type Stage } from '../core/quota';
import { invalid, RefusalError } from '../core/refusals';
import { customersForPurge, deferCustomerReferences, deleteCustomersForGood, loadCustomers, reserveCustomerId } from '../data/customers';
import { transaction, type Db } from '../data/dialects';
import { findExactDuplicate, mergeInto, type ExistingCustomer } from '../data/duplicates';
import { insertEvents, insertEventsAhead } from '../data/events';
import { holdingsOf, lockReps } from '../data/holdings';
import { loadProfile, userNames } from '../data/people';
import { poolForSource } from '../data/pools';
import { loadSettings } from '../data/settings';
import type { ImportReport } from '../shared/import-report';
import { callerOf, type Caller } from './actors';
import { lockCustomers } from './locks';
import { assignCustomers, changeStage, claimCustomers, releaseCustomers } from './ownership';
import { idOf, stripFields, withKeys, type Payload, type UpdateFilter } from './payload';

/**
 * Customers created, edited and deleted through Directus (forms, the API, imports): who may write what, where a new
 * customer lands, and how a change of owner becomes a claim, a release or an assignment. The hooks on crm_customers
 * call these and return what they answer.
 */

/** Fields the extension keeps itself; nobody writes them through the API. */
const COMPUTED = [
	'name_key',
	'phone_key',
	'email_key',
	'reminded_due_at',
	'escalated_due_at',
	'purge_requested',
	'duplicate_of',
	'last_follow_up_summary',
	'return_count',
	'days_since_contact',
];
/** What an import row may add to the customer it duplicates (empty fields only); ownership is never merged. */
const MERGEABLE = ['contact_name', 'phone', 'email', 'country', 'region', 'industry', 'tier', 'notes'];
/** The values of an import row kept in its event, so nothing of a skipped or merged row is lost. */
const IMPORT_VALUES = ['name', 'contact_name', 'phone', 'email', 'country', 'region', 'industry', 'source', 'tier', 'notes'];
const MATCH_ZH: Record<string, string> = { name: '名称', phone: '电话', email: '邮箱' };
/** Ownership bookkeeping a rep never writes directly (the claim, release and reclaim rules do). */
const REP_READONLY = [
	'owned_since',
	'last_contact_at',
	'previous_owner',
	'released_at',
	'converted_at',
	'received_by',
	'pool',
	'user_created',
	'date_created',
	'locked',
	'locked_until',
];
/** What a customer in a pool does not have: a planned contact or a lock (data/customers returnToPool). */
const POOL_CUSTOMER_CLEARS = ['next_contact_at', 'locked', 'locked_until', 'locked_by'];
/** Fields a change of owner carries; the ownership services write them. */
const OWNERSHIP_FIELDS = ['owner', 'owned_since', 'previous_owner', 'released_at', 'release_reason'];

/**
 * A new or imported customer lands in a pool, tagged with its source. One created for a rep who is over a cap goes
 * to the pool instead, with an event saying why: nothing is rejected or lost. Runs inside the create transaction
 * and answers the payload to insert (or, for an import row the guard skipped or merged, a row the database ignores).
 */
export async function createCustomer(
	trx: Db,
	accountability: ActorLike | null | undefined,
	input: Payload,
	report?: ImportReport,
): Promise<Payload> {
	const payload = { ...input };
	stripFields(payload, COMPUTED);
	// 'skipped' and 'merged' are the import guard's own markers (the database ignores such inserts)
	if (payload['duplicate_status'] !== 'checked' && payload['duplicate_status'] !== 'flagged') delete payload['duplicate_status'];
	withKeys(payload);
	const caller = await callerOf(trx, accountability);
	const actor = caller.user;
	let flaggedAs: { id: number; match: ExistingCustomer['match'] } | null = null;
	if (accountability && (report || (await loadSettings(trx)).duplicate_form_mode === 'block')) {
		const existing = await findExactDuplicate(trx, payload as any);
		if (existing && !report) throw new RefusalError(duplicateRefusal(existing));
		if (existing && report) {
			const outcome = await guardImportRow(trx, report, payload, existing, caller);
			if (outcome) return outcome;
			flaggedAs = { id: existing.id, match: existing.match };
		}
	}
	if (caller.kind === 'rep') {
		refuseRepLock(payload);
		stripFields(payload, ['owned_since', 'previous_owner', 'released_at', 'last_contact_at']);
		const intended = idOf(payload['owner']);
		if (intended === undefined) payload['owner'] = actor;
		else if (intended !== null && intended !== actor) {
			const what = { what: 'Creating a customer for another rep', what_zh: '为其他业务员创建客户' };
			throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: what });
		}
	}
	const now = new Date();
	const settings = await loadSettings(trx);
	const owner: string | null = idOf(payload['owner']) ?? null;
	const stage = (payload['stage'] as Stage) ?? 'new';
	if (payload['pool'] === undefined || payload['pool'] === null) {
		payload['pool'] = await poolForSource(trx, (payload['source'] as string) ?? 'manual', settings.default_pool);
	}
	if (payload['received_by'] === undefined) payload['received_by'] = owner ?? actor;
	const converted = convertedAt(stage, now);
	if (converted && !payload['converted_at']) payload['converted_at'] = converted.toISOString();
	else if (!converted) delete payload['converted_at'];
	const id = payload['id'] ?? (await reserveCustomerId(trx));
	// The customer's first event is written just before the customer row, in this transaction.
	const missing = await deferCustomerReferences(trx, payload);
	if (missing) {
		const [field, value] = missing;
		throw new RefusalError(
			invalid(`"${field}" refers to ${value}, which does not exist; pick an existing one.`, `「${field}」引用的 ${value} 不存在，请选择已有的项。`, field),
		);
	}
	if (id !== null && id !== undefined) payload['id'] = id;
	const pool = idOf(payload['pool']) ?? null;
	const customer = id === null || id === undefined ? null : Number(id);
	const base = { customer, pool, actor, details: { source: payload['source'] ?? 'manual' } };
	if (report) {
		report.rows.push({
			row: report.rows.length + 1,
			outcome: flaggedAs ? 'flagged' : 'created',
			id: base.customer,
			name: (payload['name'] as string) ?? null,
			duplicate_of: flaggedAs?.id ?? null,
			match: (flaggedAs?.match as any) ?? null,
		});
	}
	const none = { from_owner: null, to_owner: null };
	if (flaggedAs) {
		payload['duplicate_of'] = flaggedAs.id;
		payload['duplicate_status'] = 'flagged';
		const reason = eventReason(`duplicate_${flaggedAs.match}`, { id: flaggedAs.id });
		const details = { ...base.details, duplicate_of: flaggedAs.id, match: flaggedAs.match };
		await insertEventsAhead(trx, [{ ...base, ...none, action: EVENT.import_flagged, reason, details }], now);
	}
	if (!owner) {
		stripFields(payload, POOL_CUSTOMER_CLEARS);
		await insertEventsAhead(trx, [{ ...base, ...none, action: EVENT.created_in_pool, reason: null }], now);
		return payload;
	}
	await lockReps(trx, [owner]);
	const [profile, holdings, names] = await Promise.all([loadProfile(trx, owner), holdingsOf(trx, owner), userNames(trx, [owner])]);
	const overCap = quotaRefusal(holdings, effectiveQuota(settings, profile), stage, undefined, names.get(owner));
	if (overCap) {
		payload['owner'] = null;
		delete payload['owned_since'];
		stripFields(payload, POOL_CUSTOMER_CLEARS);
		const details = { ...base.details, intended_owner: owner, cap: overCap.params['cap'], count: overCap.params['count'], stage };
		await insertEventsAhead(trx, [{ ...base, ...none, action: EVENT.over_cap_to_pool, reason: eventReason(stage === 'prospect' ? 'over_cap_prospect' : 'over_cap_new', overCap.params), details }], now);
		return payload;
	}
	payload['owned_since'] = payload['owned_since'] ?? now.toISOString();
	const created = { ...base, from_owner: null, to_owner: owner, reason: null };
	// a customer created as won is a won deal for its owner, counted (and taken back) like any other
	const won = stageEvent('new', stage) === EVENT.won ? [{ ...created, action: EVENT.won, details: { ...base.details, to_stage: stage } }] : [];
	// a manager may create a customer locked (a rep cannot: refuseRepLock): the lock is theirs, and an event
	const lockedAtCreation = boolValue(payload['locked']);
	if (lockedAtCreation) payload['locked_by'] = actor;
	else stripFields(payload, ['locked_by', 'locked_until']);
	const until = lockedAtCreation && payload['locked_until'] ? new Date(payload['locked_until'] as string) : null;
	const lockDetails = { by: 'manager', until: until && !Number.isNaN(until.getTime()) ? until.toISOString() : null };
	const lockEvent = lockedAtCreation ? [{ ...created, action: EVENT.locked, details: lockDetails }] : [];
	await insertEventsAhead(trx, [{ ...created, action: EVENT.created_owned }, ...won, ...lockEvent], now);
	return payload;
}

function duplicateRefusal(existing: ExistingCustomer) {
	return invalid(
		`A customer named "${existing.name}" with the same ${existing.match} already exists (#${existing.id}); ` +
			'check duplicates and open it instead of adding it again.',
		`已有${MATCH_ZH[existing.match]}相同的客户「${existing.name}」（#${existing.id}），请通过查重找到它，不要重复添加。`,
		existing.match,
	);
}

/** The row as Directus validates it (required fields present), keyed to the existing customer, never inserted. */
function notInserted(payload: Payload, id: number, status: 'skipped' | 'merged'): Payload {
	const row: Payload = { ...payload, id, duplicate_status: status };
	delete row['follow_ups'];
	return row;
}

/**
 * An import row that duplicates an existing customer, under the import setting: skipped (the row maps to the
 * existing customer and is not inserted), merged (the existing customer's empty fields are filled, then as
 * skipped), or flagged (returns null: the row is created with `duplicate_of`). A rep merges only into a customer
 * they own; otherwise their row is skipped. Every outcome is an event and a line of the import's report.
 */
async function guardImportRow(
	trx: Db,
	report: ImportReport,
	payload: Payload,
	existing: ExistingCustomer,
	caller: Caller,
): Promise<Payload | null> {
	const mode = (await loadSettings(trx)).duplicate_import_mode;
	if (mode === 'flag') return null;
	const now = new Date();
	const row = report.rows.length + 1;
	const values = Object.fromEntries(IMPORT_VALUES.filter((f) => payload[f] != null && payload[f] !== '').map((f) => [f, payload[f]]));
	const mayMerge = mode === 'merge' && (caller.kind !== 'rep' || existing.owner === caller.user);
	const base = { customer: existing.id, pool: existing.pool, actor: caller.user, from_owner: null, to_owner: null };
	const name = (payload['name'] as string) ?? null;
	if (mayMerge) {
		const { filled, kept } = await mergeInto(trx, existing.id, payload, MERGEABLE);
		const reason = `Import row ${row} merged (same ${existing.match})`;
		const details = { row, match: existing.match, filled, kept, values };
		await insertEvents(trx, [{ ...base, action: EVENT.import_merged, reason, details }], now);
		report.rows.push({ row, outcome: 'merged', id: existing.id, name, duplicate_of: existing.id, match: existing.match, filled });
		return notInserted(payload, existing.id, 'merged');
	}
	const note = mode === 'merge' ? 'not merged: it belongs to someone else' : undefined;
	const reason = `Import row ${row} skipped: already exists (same ${existing.match})`;
	await insertEvents(trx, [{ ...base, action: EVENT.import_skipped, reason, details: { row, match: existing.match, values } }], now);
	const skipped = { row, outcome: 'skipped' as const, id: existing.id, name, duplicate_of: existing.id, match: existing.match };
	report.rows.push({ ...skipped, ...(note ? { note } : {}) });
	return notInserted(payload, existing.id, 'skipped');
}

/**
 * Edits. Setting `owner` is an ownership change and goes through the rules: a rep claims (owner = themself) or
 * releases (owner = null, with a reason) their own customers; only managers give customers to someone else. Other
 * fields of a customer are the owner's (or a manager's) to edit. Runs before Directus's permission check, for
 * every key of a single, batch or by-query update; answers what is left for Directus to write.
 */
export const editCustomers: UpdateFilter = async (db, accountability, keys, input) => {
	if (!accountability) return input;
	const payload = { ...input };
	stripFields(payload, COMPUTED);
	withKeys(payload);
	const caller = await callerOf(db, accountability);
	// One transaction for the whole change: a lock, a change of owner and a new stage of one PATCH stand or fall
	// together (a PATCH refused at its owner or stage leaves no lock changed). Directus writes what is left after.
	return transaction(db, async (trx) => {
		// any change of a lock (the form's switch, its end, who holds it) is a lock request: the lock rules (who, cap,
		// length, events) decide it, whoever sends it and however
		const lock = lockRequestOf(payload, caller);
		stripFields(payload, LOCK_FIELDS);
		if (lock) await lockCustomers(trx, caller, { keys, ...lock });
		return editWithin(trx, caller, keys, payload);
	});
};

/** What is left of an edit once its lock is decided: owner, the owner's check, the stage (one transaction). */
async function editWithin(trx: Db, caller: Caller, keys: (number | string)[], payload: Payload): Promise<Payload> {
	const actor = caller.user;
	// a release may name the pool it goes to (the release rules decide whether it may)
	const releaseInto = 'owner' in payload && idOf(payload['owner']) == null && payload['pool'] != null ? Number(idOf(payload['pool'])) : undefined;
	if (caller.kind === 'rep') stripFields(payload, REP_READONLY);
	// the conversion stamp follows the stage (changeStage), nobody sets it by hand
	delete payload['converted_at'];
	if ('owner' in payload) {
		const to: string | null = idOf(payload['owner']) ?? null;
		const reason = typeof payload['release_reason'] === 'string' ? (payload['release_reason'] as string).trim() : '';
		stripFields(payload, OWNERSHIP_FIELDS);
		await changeOwner(trx, caller, keys, to, reason, releaseInto);
		if (releaseInto !== undefined) delete payload['pool'];
	} else if ('release_reason' in payload && caller.kind === 'rep') {
		delete payload['release_reason'];
	}
	if (caller.kind === 'rep' && Object.keys(payload).length > 0) {
		const notMine = (await loadCustomers(trx, keys)).find((c) => !mayEditCustomer(caller.kind, actor, c.owner));
		if (notMine) throw new RefusalError({ code: 'LEAD_POOL_NOT_OWNER', key: notMine.id, params: { key: notMine.id, name: notMine.name } });
	}
	// A new stage can put a rep over a cap as a claim can, and entering or leaving the won stage is a won deal or its
	// revert: written under the owners' locks with its events, and Directus writes the same value after (so the
	// item's revisions show it).
	if (typeof payload['stage'] === 'string') await changeStage(trx, { keys, to: payload['stage'] as Stage, actor });
	return payload;
}

/** The fields of a lock: nobody writes them but the lock service (services/locks). */
const LOCK_FIELDS = ['locked', 'locked_until', 'locked_by'];

/**
 * The lock request an edit stands for, or null when it touches no lock field: `locked` says lock or unlock; without
 * it, setting `locked_until` locks until then (cleared: without an end for a manager, the longest a rep may), and
 * `locked_by` locks (as the caller: nobody locks in someone else's name) or, emptied, unlocks.
 */
function lockRequestOf(payload: Payload, caller: Caller): { locked: boolean; until: Date | null } | null {
	if (!LOCK_FIELDS.some((f) => f in payload)) return null;
	const by = 'locked_by' in payload ? (idOf(payload['locked_by']) ?? null) : undefined;
	const locked = 'locked' in payload ? boolValue(payload['locked']) : by !== null;
	if (locked && by !== undefined && by !== null && by !== caller.user) {
		throw new RefusalError(
			invalid('"locked_by" is who locks: a lock is always in your own name.', '「锁定人」为锁定者本人：只能以自己的名义锁定。', 'locked_by'),
		);
	}
	const value = payload['locked_until'];
	if (!locked || value === undefined || value === null || value === '') return { locked, until: null };
	const until = new Date(value as string);
	if (Number.isNaN(until.getTime())) throw new RefusalError(invalid('"locked_until" must be a date and time.', '「锁定至」必须是日期时间。', 'locked_until'));
	return { locked, until };
}

/**
 * A lock spares a customer from reclaim, so it is taken under the lock rules (services/locks: the rep's lock cap, a
 * lock that ends, an event), by the lock switch once the customer exists: a rep never creates a customer locked.
 * `locked: false` changes nothing and is let through; a lock end without a lock is dropped.
 */
function refuseRepLock(payload: Payload): void {
	if (boolValue(payload['locked'])) {
		const what = { what: 'Creating a customer already locked', what_zh: '创建时直接锁定客户' };
		throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: what });
	}
	stripFields(payload, LOCK_FIELDS);
}

/** A new owner set on customers, as the rule it stands for: a claim, a release or a manager's assignment. */
async function changeOwner(
	db: Db,
	caller: Caller,
	keys: (number | string)[],
	to: string | null,
	reason: string,
	toPool?: number,
): Promise<void> {
	const actor = caller.user;
	if (caller.kind !== 'rep') {
		const byManager = reason || releaseReason('by_manager');
		if (to === null) await releaseCustomers(db, { actor, keys, reason: byManager, action: EVENT.released, toPool });
		else await assignCustomers(db, { actor, keys, to, reason: reason || null });
		return;
	}
	if (to === actor) {
		await claimCustomers(db, { rep: actor!, actor, keys, mode: 'direct', allOrNothing: true });
	} else if (to === null) {
		if (!reason) {
			throw new RefusalError(invalid('Say why you release the customer: fill in "Release reason".', '请填写放回原因。', 'release_reason'));
		}
		await releaseCustomers(db, { actor, keys, reason, action: EVENT.released, onlyOwner: actor!, toPool });
	} else {
		const what = { what: 'Giving a customer to another rep', what_zh: '将客户分给其他业务员' };
		throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: what });
	}
}

/**
 * Deleting never destroys a customer: every DELETE (single, batch, by query, GraphQL, studio) returns the customers
 * to their pools with who and when; follow-ups stay. The database trigger installed by setup skips the row
 * deletion itself; only an admin purge removes rows. Answers the keys Directus goes on to delete.
 */
export async function deleteToPool(db: Db, accountability: ActorLike | null | undefined, keys: (number | string)[]) {
	const caller = await callerOf(db, accountability);
	const reason = releaseReason('deleted');
	const onlyOwner = caller.kind === 'rep' ? { onlyOwner: caller.user! } : {};
	await releaseCustomers(db, { actor: caller.user, keys, reason, action: EVENT.deleted_to_pool, ...onlyOwner });
	return keys;
}

/** Admins remove customers for good (their follow-ups too); the purge itself is recorded, keeping id and name. */
export async function purgeCustomers(db: Db, opts: { keys: number[]; reason: string; actor: string | null }) {
	const now = new Date();
	return transaction(db, async (trx) => {
		const rows = await customersForPurge(trx, opts.keys);
		if (rows.length === 0) return { purged: [] };
		const ids = rows.map((r) => r.id);
		const events = rows.map((r) => ({
			customer: r.id,
			action: EVENT.purged,
			from_owner: r.owner,
			to_owner: null,
			pool: r.pool,
			actor: opts.actor,
			reason: opts.reason,
			details: { customer_id: r.id, name: r.name },
		}));
		await insertEvents(trx, events, now);
		await deleteCustomersForGood(trx, ids);
		return { purged: ids };
	});
}
