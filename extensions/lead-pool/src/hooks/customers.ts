import type { Knex } from 'knex';
import { effectiveQuota, quotaRefusal, type Stage } from '../core/ownership';
import { emailKey, nameKey, phoneKey } from '../core/normalize';
import { invalid, RefusalError, refusalMessage } from '../core/refusals';
import { resolveActorKind } from '../data/actors';
import { dialectOf, lockRep, missingReference } from '../data/db';
import { holdingsOf, insertEvents, loadCustomers, loadProfile, loadSettings, poolForSource, reserveCustomerId, userNames } from '../data/ownership';
import { withRefusals } from '../shared/errors';
import { importReportFor, type ImportReport } from '../shared/import-report';
import { findExactDuplicate, mergeInto } from '../data/duplicate-guard';
import { assignCustomers, claimCustomers, releaseCustomers } from '../services/ownership';

type Register = { filter: (event: string, handler: (...args: any[]) => any) => void };

/** Fields the extension keeps itself; nobody writes them through the API. */
const COMPUTED = ['name_key', 'phone_key', 'email_key', 'reminded_due_at', 'purge_requested', 'duplicate_of'];
/** What an import row may add to the customer it duplicates (empty fields only); ownership is never merged. */
const MERGEABLE = ['contact_name', 'phone', 'email', 'country', 'region', 'industry', 'tier', 'notes'];
const MATCH_ZH: Record<string, string> = { name: '名称', phone: '电话', email: '邮箱' };
/** Ownership bookkeeping a rep never writes directly (the claim, release and reclaim rules do). */
const REP_READONLY = ['owned_since', 'last_contact_at', 'previous_owner', 'released_at', 'converted_at', 'received_by', 'pool', 'user_created', 'date_created', 'locked'];

export function idOf(value: unknown): any {
	if (value && typeof value === 'object' && 'id' in (value as any)) return (value as any).id;
	return value;
}

function stripFields(payload: Record<string, unknown>, fields: string[]) {
	for (const f of fields) delete payload[f];
}

function withKeys(payload: Record<string, unknown>) {
	if ('name' in payload) payload['name_key'] = nameKey(payload['name'] as string);
	if ('phone' in payload) payload['phone_key'] = phoneKey(payload['phone'] as string);
	if ('email' in payload) payload['email_key'] = emailKey(payload['email'] as string);
}

export function registerCustomerHooks({ filter }: Register, database: Knex) {
	/**
	 * A new or imported customer lands in a pool, tagged with its source. One created for a rep who is over a cap goes
	 * to the pool instead, with an event saying why: nothing is rejected or lost. Runs inside the create transaction.
	 */
	filter('crm_customers.items.create', async (input: Record<string, unknown>, _meta: unknown, context: any) => {
		const trx: Knex = context.database;
		const accountability = context.accountability;
		const payload = { ...input };
		stripFields(payload, COMPUTED);
		// 'skipped' and 'merged' are the import guard's own markers (the database ignores such inserts)
		if (payload['duplicate_status'] !== 'checked' && payload['duplicate_status'] !== 'flagged') delete payload['duplicate_status'];
		withKeys(payload);
		const kind = accountability ? await resolveActorKind(trx, accountability) : 'admin';
		const actor: string | null = accountability?.user ?? null;
		return withRefusals(trx, actor, async () => {
			const report = importReportFor(accountability);
			let flaggedAs: { id: number; match: string } | null = null;
			if (accountability && (report || (await loadSettings(trx)).duplicate_form_mode === 'block')) {
				const existing = await findExactDuplicate(trx, payload as any);
				if (existing && !report) {
					throw new RefusalError(
						invalid(
							`A customer named "${existing.name}" with the same ${existing.match} already exists (#${existing.id}); check duplicates and open it instead of adding it again.`,
							`已有${MATCH_ZH[existing.match]}相同的客户「${existing.name}」（#${existing.id}），请通过查重找到它，不要重复添加。`,
							existing.match,
						),
					);
				}
				if (existing && report) {
					const outcome = await guardImportRow(trx, report, payload, existing, { kind, actor });
					if (outcome) return outcome;
					flaggedAs = { id: existing.id, match: existing.match };
				}
			}
			if (kind === 'rep') {
				stripFields(payload, ['owned_since', 'previous_owner', 'released_at', 'last_contact_at']);
				const intended = idOf(payload['owner']);
				if (intended === undefined) payload['owner'] = actor;
				else if (intended !== null && intended !== actor) throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Creating a customer for another rep', what_zh: '为其他业务员创建客户' } });
			}
			const now = new Date();
			const settings = await loadSettings(trx);
			const owner: string | null = idOf(payload['owner']) ?? null;
			const stage = (payload['stage'] as Stage) ?? 'new';
			if (payload['pool'] === undefined || payload['pool'] === null) payload['pool'] = await poolForSource(trx, (payload['source'] as string) ?? 'manual', settings.default_pool);
			if (payload['received_by'] === undefined) payload['received_by'] = owner ?? actor;
			if (stage === 'customer' && !payload['converted_at']) payload['converted_at'] = now.toISOString();
			const id = payload['id'] ?? (await reserveCustomerId(trx));
			// The customer's first event is written just before the customer row, in this transaction; SQLite checks
			// that reference at commit when told to (PostgreSQL's constraint is made deferrable by setup).
			if (dialectOf(trx) === 'sqlite') {
				const missing = await missingReference(trx, 'crm_customers', payload);
				if (missing) throw new RefusalError(invalid(`"${missing[0]}" refers to ${missing[1]}, which does not exist; pick an existing one.`, `「${missing[0]}」引用的 ${missing[1]} 不存在，请选择已有的项。`, missing[0]));
				await trx.raw('PRAGMA defer_foreign_keys = ON');
			}
			if (id !== null && id !== undefined) payload['id'] = id;
			const pool = idOf(payload['pool']) ?? null;
			const base = { customer: id === null || id === undefined ? null : Number(id), pool, actor, details: { source: payload['source'] ?? 'manual' } };
			if (report) {
				report.rows.push({ row: report.rows.length + 1, outcome: flaggedAs ? 'flagged' : 'created', id: base.customer, name: (payload['name'] as string) ?? null, duplicate_of: flaggedAs?.id ?? null, match: (flaggedAs?.match as any) ?? null });
			}
			if (flaggedAs) {
				payload['duplicate_of'] = flaggedAs.id;
				payload['duplicate_status'] = 'flagged';
				await insertEvents(trx, [{ ...base, action: 'import_flagged', from_owner: null, to_owner: null, reason: `Possible duplicate of #${flaggedAs.id} (same ${flaggedAs.match}) · 疑似与 #${flaggedAs.id} 重复`, details: { ...base.details, duplicate_of: flaggedAs.id, match: flaggedAs.match } }], now);
			}
			if (!owner) {
				await insertEvents(trx, [{ ...base, action: 'created_in_pool', from_owner: null, to_owner: null, reason: null }], now);
				return payload;
			}
			await lockRep(trx, owner);
			const [profile, holdings, names] = await Promise.all([loadProfile(trx, owner), holdingsOf(trx, owner), userNames(trx, [owner])]);
			const overCap = quotaRefusal(holdings, effectiveQuota(settings, profile), stage, undefined, names.get(owner));
			if (overCap) {
				payload['owner'] = null;
				delete payload['owned_since'];
				await insertEvents(
					trx,
					[{ ...base, action: 'over_cap_to_pool', from_owner: null, to_owner: null, reason: refusalMessage(overCap, 'en'), details: { ...base.details, intended_owner: owner, cap: overCap.params['cap'], count: overCap.params['count'], stage } }],
					now,
				);
				return payload;
			}
			payload['owned_since'] = payload['owned_since'] ?? now.toISOString();
			await insertEvents(trx, [{ ...base, action: 'created_owned', from_owner: null, to_owner: owner, reason: null }], now);
			return payload;
		});
	});

	/** The row as Directus validates it (required fields present), keyed to the existing customer, never inserted. */
	function notInserted(payload: Record<string, unknown>, id: number, status: 'skipped' | 'merged') {
		const row: Record<string, unknown> = { ...payload, id, duplicate_status: status };
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
		trx: Knex,
		report: ImportReport,
		payload: Record<string, unknown>,
		existing: NonNullable<Awaited<ReturnType<typeof findExactDuplicate>>>,
		who: { kind: string; actor: string | null },
	): Promise<Record<string, unknown> | null> {
		const settings = await loadSettings(trx);
		const mode = settings.duplicate_import_mode;
		if (mode === 'flag') return null;
		const now = new Date();
		const row = report.rows.length + 1;
		const values = Object.fromEntries(['name', 'contact_name', 'phone', 'email', 'country', 'region', 'industry', 'source', 'tier', 'notes'].filter((f) => payload[f] != null && payload[f] !== '').map((f) => [f, payload[f]]));
		const mayMerge = mode === 'merge' && (who.kind !== 'rep' || existing.owner === who.actor);
		const base = { customer: existing.id, pool: existing.pool, actor: who.actor, from_owner: null, to_owner: null };
		if (mayMerge) {
			const { filled, kept } = await mergeInto(trx, existing.id, payload, MERGEABLE);
			await insertEvents(trx, [{ ...base, action: 'import_merged', reason: `Import row ${row} merged (same ${existing.match}) · 导入第 ${row} 行已合并`, details: { row, match: existing.match, filled, kept, values } }], now);
			report.rows.push({ row, outcome: 'merged', id: existing.id, name: (payload['name'] as string) ?? null, duplicate_of: existing.id, match: existing.match, filled });
			return notInserted(payload, existing.id, 'merged');
		}
		const note = mode === 'merge' ? 'not merged: it belongs to someone else · 属于他人，未合并' : undefined;
		await insertEvents(trx, [{ ...base, action: 'import_skipped', reason: `Import row ${row} skipped: already exists (same ${existing.match}) · 导入第 ${row} 行已跳过：客户已存在`, details: { row, match: existing.match, values } }], now);
		report.rows.push({ row, outcome: 'skipped', id: existing.id, name: (payload['name'] as string) ?? null, duplicate_of: existing.id, match: existing.match, ...(note ? { note } : {}) });
		return notInserted(payload, existing.id, 'skipped');
	}

	/**
	 * Edits. Setting `owner` is an ownership change and goes through the rules: a rep claims (owner = themself) or
	 * releases (owner = null, with a reason) their own customers; only managers give customers to someone else. Other
	 * fields of a customer are the owner's (or a manager's) to edit. Runs before Directus's permission check, for
	 * every key of a single, batch or by-query update.
	 */
	filter('crm_customers.items.update', async (input: Record<string, unknown>, meta: any, context: any) => {
		const accountability = context.accountability;
		if (!accountability) return input;
		const knex: Knex = context.database ?? database;
		const keys: (number | string)[] = meta?.keys ?? [];
		const payload = { ...input };
		stripFields(payload, COMPUTED);
		withKeys(payload);
		const kind = await resolveActorKind(knex, accountability);
		const actor: string | null = accountability.user ?? null;
		return withRefusals(knex, actor, async () => {
			if (kind === 'rep') stripFields(payload, REP_READONLY);
			if (payload['stage'] === 'customer' && !payload['converted_at']) payload['converted_at'] = new Date().toISOString();
			if ('owner' in payload) {
				const to: string | null = idOf(payload['owner']) ?? null;
				const reason = typeof payload['release_reason'] === 'string' ? (payload['release_reason'] as string).trim() : '';
				stripFields(payload, ['owner', 'owned_since', 'previous_owner', 'released_at', 'release_reason']);
				if (kind === 'rep') {
					if (to === actor) await claimCustomers(knex, { rep: actor!, actor, keys, mode: 'direct', allOrNothing: true });
					else if (to === null) {
						if (!reason) throw new RefusalError(invalid('Say why you release the customer: fill in "Release reason".', '请填写放回原因。', 'release_reason'));
						await releaseCustomers(knex, { actor, keys, reason, action: 'released', onlyOwner: actor! });
					} else throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Giving a customer to another rep', what_zh: '将客户分给其他业务员' } });
				} else if (to === null) {
					await releaseCustomers(knex, { actor, keys, reason: reason || 'Returned to the pool by a manager', action: 'released' });
				} else {
					await assignCustomers(knex, { actor, keys, to, reason: reason || null });
				}
			} else if ('release_reason' in payload && kind === 'rep') {
				delete payload['release_reason'];
			}
			if (kind === 'rep' && Object.keys(payload).length > 0) {
				const customers = await loadCustomers(knex, keys);
				const notMine = customers.find((c) => c.owner !== actor);
				if (notMine) throw new RefusalError({ code: 'LEAD_POOL_NOT_OWNER', key: notMine.id, params: { key: notMine.id, name: notMine.name } });
			}
			return payload;
		});
	});

	/**
	 * Deleting never destroys a customer: every DELETE (single, batch, by query, GraphQL, studio) returns the customers
	 * to their pools with who and when; follow-ups stay. The database trigger installed by setup skips the row
	 * deletion itself; only an admin purge (POST /lead-pool/purge) removes rows.
	 */
	filter('crm_customers.items.delete', async (keys: (number | string)[], _meta: unknown, context: any) => {
		const accountability = context?.accountability;
		const actor: string | null = accountability?.user ?? null;
		const knex: Knex = context?.database ?? database;
		const kind = accountability ? await resolveActorKind(knex, accountability) : 'admin';
		return withRefusals(knex, actor, async () => {
			const reason = 'Deleted, returned to the pool · 删除，退回公海';
			if (kind === 'rep') await releaseCustomers(knex, { actor, keys, reason, action: 'deleted_to_pool', onlyOwner: actor! });
			else await releaseCustomers(knex, { actor, keys, reason, action: 'deleted_to_pool' });
			return keys;
		});
	});
}
