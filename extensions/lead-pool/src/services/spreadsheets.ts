import { createError, InvalidPayloadError } from '@directus/errors';
import type { Knex } from 'knex';
import type { Writable } from 'node:stream';
import { languageKey, type Language } from '../core/labels';
import { languageOf, RefusalError, say, type Lang, type Refusal } from '../core/refusals';
import {
	exportHeaders,
	exportRow,
	fileProblemMessage,
	IMPORT_LIMITS,
	importRefusal,
	outcomeMessage,
	problemMessage,
	readRow,
	reportSheet,
	summaryCounts,
	templateHeaders,
	templateInstructions,
	templateLists,
	mapHeaders,
	fieldLabel,
	type FileProblem,
	type ReportRow,
	type RowProblem,
} from '../core/spreadsheet';
import { resolveActorKind, userLanguage, userNames } from '../data/people';
import { memberPoolIds } from '../data/pools';
import { findPool, placements, resolveOwners } from '../data/spreadsheets';
import { markImport } from '../shared/import-report';
import { FileProblemError, readTable, sheetFile, sheetStream, templateFile } from '../shared/spreadsheet-files';
import { withRefusals } from '../shared/errors';

/**
 * Spreadsheets in and out. An import is a Directus import: the rows that can be read go in through
 * ItemsService.createMany with the importer's accountability, in one transaction, marked as an import, so the
 * customer create hook applies the same rules as to any import (landing pool, import guard, caps). Rows that cannot
 * be read (no name, an unknown source…) are refused, reported with their row number and the reason, and not
 * imported; the others still go in. A file that cannot be read at all is refused whole.
 */

export interface SpreadsheetContext {
	knex: Knex;
	services: any;
	schema: any;
	accountability: any;
}

export interface Upload {
	buffer: Buffer;
	/** the upload went past the size limit and was cut */
	truncated: boolean;
	maxBytes: number;
}

export interface ImportResult {
	pool: { id: number; name: string } | null;
	format: 'xlsx' | 'csv';
	encoding: string | null;
	/** headers that name no field the import writes */
	ignored_columns: string[];
	summary: Record<ReportRow['outcome'], number> & { rows: number };
	rows: ReportRow[];
}

const statusErrors = new Map<number, any>();
function fileError(problem: FileProblem, lang: Lang) {
	const { status, en, zh } = fileProblemMessage(problem);
	const message = say(lang, en, zh);
	if (status === 400) return new InvalidPayloadError({ reason: message });
	let cls = statusErrors.get(status);
	if (!cls) {
		cls = createError(status === 413 ? 'CONTENT_TOO_LARGE' : 'UNSUPPORTED_MEDIA_TYPE', (ext: { message: string }) => ext.message, status);
		statusErrors.set(status, cls);
	}
	return new cls({ message });
}

async function readerLanguage(knex: Knex, user: string | null | undefined): Promise<Language> {
	return languageKey(await userLanguage(knex, user));
}

export async function importSpreadsheet(ctx: SpreadsheetContext, upload: Upload | null, opts: { pool?: number }): Promise<ImportResult> {
	const { knex, accountability } = ctx;
	const user: string | null = accountability?.user ?? null;
	const language = await readerLanguage(knex, user);
	const lang = languageOf(language);
	if (!upload) throw fileError({ code: 'no_file' }, lang);
	if (upload.truncated) throw fileError({ code: 'too_large', max: upload.maxBytes }, lang);
	let table;
	try {
		table = await readTable(upload.buffer, IMPORT_LIMITS.maxRows);
	} catch (error) {
		if (error instanceof FileProblemError) throw fileError(error.problem, lang);
		throw error;
	}

	return withRefusals(knex, user, async () => {
		const kind = await resolveActorKind(knex, accountability);
		if (opts.pool !== undefined && (!Number.isInteger(opts.pool) || opts.pool <= 0)) {
			throw new RefusalError({ code: 'INVALID_PAYLOAD', params: { en: '"pool" must be the id of a pool', zh: 'pool 必须是公海的 id', field: 'pool' } });
		}
		const pool = opts.pool === undefined ? null : await findPool(knex, opts.pool);
		if (opts.pool !== undefined && !pool) {
			const params = { en: `Pool ${opts.pool} does not exist; pick one of the pools`, zh: `公海 ${opts.pool} 不存在，请选择已有的公海`, field: 'pool' };
			throw new RefusalError({ code: 'INVALID_PAYLOAD', params });
		}
		const columns = mapHeaders(table.headers);
		const memberPools = kind === 'rep' && pool && user ? await memberPoolIds(knex, user) : [];
		const refusal: Refusal | null = importRefusal({ kind, rows: table.rows.length, pool, memberPools });
		if (refusal) throw new RefusalError(refusal);

		const read = table.rows.map((r) => ({ row: r.row, ...readRow(r.cells, columns) }));
		const owners = await resolveOwners(knex, read.flatMap((r) => (r.ownerRef ? [r.ownerRef] : [])));
		const accepted: { row: number; payload: Record<string, unknown>; owner: string | null }[] = [];
		const refused: ReportRow[] = [];
		for (const r of read) {
			const problems: RowProblem[] = [...r.problems];
			let owner: string | null = null;
			if (r.ownerRef) {
				const found = owners.get(r.ownerRef);
				if (kind === 'rep' && found !== user) problems.push({ code: 'owner_not_self', value: r.ownerRef });
				else if (found === undefined) problems.push({ code: 'unknown_owner', value: r.ownerRef });
				else if (found === 'ambiguous') problems.push({ code: 'ambiguous_owner', value: r.ownerRef });
				else owner = found;
			}
			if (problems.length > 0) {
				const message = problems.map((p) => problemMessage(p, language)).join(language === 'en-US' ? '; ' : '；');
				refused.push({ row: r.row, outcome: 'refused', id: null, name: r.payload['name'] ?? null, duplicate_of: null, match: null, message });
				continue;
			}
			const payload: Record<string, unknown> = { ...r.payload };
			if (pool) payload['pool'] = pool.id;
			// a rep's rows are theirs unless they import into a pool; a manager's rows have the owner the file names
			if (owner) payload['owner'] = owner;
			else if (pool) payload['owner'] = null;
			accepted.push({ row: r.row, payload, owner: owner ?? (kind === 'rep' && !pool ? user : null) });
		}

		const created = accepted.length > 0 ? await createRows(ctx, accepted.map((a) => a.payload)) : [];
		const rows = [...refused, ...(await describeCreated(knex, accepted, created, language))].sort((a, b) => a.row - b.row);
		return {
			pool: pool ? { id: pool.id, name: pool.name } : null,
			format: table.format,
			encoding: table.encoding ?? null,
			ignored_columns: columns.ignored,
			summary: { rows: rows.length, ...summaryCounts(rows) },
			rows,
		};
	});
}

/**
 * The create itself: Directus's own createMany, one transaction, the importer's accountability marked as an import.
 * Directus retries a transaction that SQLite found busy, and the hook reports each attempt's rows, so the rows of the
 * attempt that committed are the last ones.
 */
async function createRows(ctx: SpreadsheetContext, payloads: Record<string, unknown>[]) {
	const accountability = { ...ctx.accountability };
	const report = markImport(accountability, 'import');
	const service = new ctx.services.ItemsService('crm_customers', { knex: ctx.knex, schema: ctx.schema, accountability });
	await service.createMany(payloads);
	return report.rows.slice(-payloads.length);
}

async function describeCreated(
	knex: Knex,
	accepted: { row: number; payload: Record<string, unknown>; owner: string | null }[],
	outcomes: Awaited<ReturnType<typeof createRows>>,
	language: Language,
): Promise<ReportRow[]> {
	const duplicateIds = outcomes.flatMap((o) => (o.duplicate_of ? [o.duplicate_of] : []));
	const createdIds = outcomes.flatMap((o) => (o.id !== null && (o.outcome === 'created' || o.outcome === 'flagged') ? [o.id] : []));
	const [where, dupes] = await Promise.all([placements(knex, createdIds), placements(knex, duplicateIds)]);
	const names = await userNames(knex, accepted.map((a) => a.owner));
	return accepted.map((a, i) => {
		const o = outcomes[i]!;
		const duplicate_of = o.duplicate_of ? { id: o.duplicate_of, name: dupes.get(o.duplicate_of)?.name ?? `#${o.duplicate_of}` } : null;
		const placed = o.id !== null ? where.get(o.id) : undefined;
		const overCap = placed && a.owner && placed.owner === null ? { owner: names.get(a.owner) ?? a.owner, pool: placed.poolName } : null;
		const owner = placed?.owner ? (names.get(placed.owner) ?? null) : null;
		return {
			row: a.row,
			outcome: o.outcome,
			id: o.id,
			name: o.name,
			duplicate_of,
			match: o.match,
			message: outcomeMessage({ outcome: o.outcome, duplicate_of, match: o.match, filled: o.filled, note: o.note, over_cap: overCap, owner }, language),
		};
	});
}

/** The import report the studio shows, as a spreadsheet to keep: rows as the import answered them, re-checked. */
export async function importReportFile(ctx: SpreadsheetContext, body: unknown): Promise<Buffer> {
	const language = await readerLanguage(ctx.knex, ctx.accountability?.user);
	const raw = (body as any)?.rows;
	if (!Array.isArray(raw) || raw.length > IMPORT_LIMITS.maxRows) {
		throw new InvalidPayloadError({ reason: `"rows" must be the rows of an import report (at most ${IMPORT_LIMITS.maxRows})` });
	}
	const outcomes = ['created', 'flagged', 'merged', 'skipped', 'refused'];
	const text = (v: unknown, max = 2000) => (v === null || v === undefined ? null : String(v).slice(0, max));
	const rows: ReportRow[] = raw.map((r: any) => ({
		row: Number(r?.row) || 0,
		outcome: outcomes.includes(r?.outcome) ? r.outcome : 'refused',
		id: Number.isInteger(r?.id) ? r.id : null,
		name: text(r?.name, 255),
		duplicate_of: r?.duplicate_of && Number.isInteger(r.duplicate_of.id) ? { id: r.duplicate_of.id, name: text(r.duplicate_of.name, 255) ?? '' } : null,
		match: ['name', 'phone', 'email'].includes(r?.match) ? r.match : null,
		message: text(r?.message) ?? '',
	}));
	const sheet = reportSheet(rows, language);
	return sheetFile({ 'en-US': 'Import report', 'zh-CN': '导入报告', 'zh-TW': '匯入報告' }[language], sheet.header, sheet.rows);
}

/** The import template in the reader's language (headers in two languages), for anyone who may import. */
export async function importTemplate(ctx: SpreadsheetContext): Promise<Buffer> {
	const language = await readerLanguage(ctx.knex, ctx.accountability?.user);
	const m = (en: string, zhCN: string, zhTW: string) => ({ 'en-US': en, 'zh-CN': zhCN, 'zh-TW': zhTW })[language];
	return templateFile({
		sheetName: m('Customers', '客户', '客戶'),
		instructionsName: m('Instructions', '填写说明', '填寫說明'),
		headers: templateHeaders(language),
		lists: templateLists(language).map((l) => ({
			...l,
			title: fieldLabel(l.field, language),
			error: l.strict ? m('Pick a value from the list', '请从列表中选择', '請從清單中選擇') : m('Not in the list; keep it anyway?', '不在列表中，仍要使用吗？', '不在清單中，仍要使用嗎？'),
		})),
		instructions: templateInstructions(language),
		rows: 5000,
	});
}

const EXPORT_PAGE = 1000;
const EXPORT_FIELDS_READ = [
	...['id', 'name', 'contact_name', 'phone', 'email', 'country', 'region', 'industry', 'source', 'tier', 'stage', 'notes'],
	...['last_contact_at', 'days_since_contact', 'date_created', 'owner.first_name', 'owner.last_name', 'owner.email', 'pool.name'],
];

/**
 * Managers and admins: the customers a Directus filter selects, as .xlsx, read through ItemsService with the
 * manager's accountability so every read rule applies, in pages by id, streamed to `out`. Refusals (not a manager,
 * a bad filter, too many rows) come before the first byte is written.
 */
export async function exportCustomers(
	ctx: SpreadsheetContext,
	opts: { filter: unknown; maxRows: number },
	out: { start: (filename: string) => Writable },
): Promise<number> {
	const { knex, accountability } = ctx;
	const user = accountability?.user ?? null;
	const language = await readerLanguage(knex, user);
	const kind = await resolveActorKind(knex, accountability);
	if (kind !== 'manager' && kind !== 'admin') {
		await withRefusals(knex, user, async () => {
			throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'Exporting customers', what_zh: '导出客户' } });
		});
	}
	let filter: Record<string, unknown> | null = null;
	if (opts.filter !== undefined && opts.filter !== '') {
		try {
			filter = typeof opts.filter === 'string' ? JSON.parse(opts.filter) : (opts.filter as any);
		} catch {
			const reason = '"filter" must be a Directus filter in JSON, e.g. {"source":{"_eq":"trade_show"}}';
			throw new InvalidPayloadError({ reason });
		}
		if (!filter || typeof filter !== 'object' || Array.isArray(filter)) {
			throw new InvalidPayloadError({ reason: '"filter" must be a JSON object' });
		}
	}
	const service = new ctx.services.ItemsService('crm_customers', { knex, schema: ctx.schema, accountability });
	const counted = await service.readByQuery({ aggregate: { count: ['*'] }, ...(filter ? { filter } : {}) });
	const total = Number(counted?.[0]?.count ?? 0);
	if (total > opts.maxRows) {
		const max = opts.maxRows;
		const reason = say(
			languageOf(language),
			`The filter selects ${total} customers; export at most ${max} at a time (narrow the filter)`,
			`筛选结果有 ${total} 个客户，每次最多导出 ${max} 个，请缩小范围`,
		);
		throw new InvalidPayloadError({ reason });
	}
	const sheetName = { 'en-US': 'Customers', 'zh-CN': '客户', 'zh-TW': '客戶' }[language];
	const sheet = sheetStream(out.start(`customers-${new Date().toISOString().slice(0, 10)}.xlsx`), sheetName, exportHeaders(language));
	let last = 0;
	let written = 0;
	for (;;) {
		const page = (await service.readByQuery({
			fields: EXPORT_FIELDS_READ,
			filter: filter ? { _and: [filter, { id: { _gt: last } }] } : { id: { _gt: last } },
			sort: ['id'],
			limit: EXPORT_PAGE,
		})) as any[];
		for (const c of page) {
			const o = c.owner && typeof c.owner === 'object' ? c.owner : null;
			const owner = o ? [o.first_name, o.last_name].filter(Boolean).join(' ') || o.email || null : null;
			const date = (v: unknown) => (v ? new Date(v as string) : null);
			const pool = c.pool?.name ?? null;
			sheet.add(exportRow({ ...c, owner, pool, last_contact_at: date(c.last_contact_at), date_created: date(c.date_created) }, language));
		}
		written += page.length;
		if (page.length < EXPORT_PAGE || written >= opts.maxRows) break;
		last = Number(page[page.length - 1].id);
	}
	await sheet.end();
	return written;
}
