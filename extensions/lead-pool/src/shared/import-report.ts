import { say, type Lang } from '../core/refusals';
/**
 * Which writes are imports. Directus's own import (`POST /utils/import/crm_customers`, `POST /utils/import`) and a
 * batch `POST /items/crm_customers` run one create per row, with the request's accountability; a middleware marks
 * that accountability object, and the customer create hook finds it there and applies the import guard (skip, merge
 * or flag) instead of the form's rule. Each row's outcome is collected here for the importer's report.
 */
export type RowOutcome = 'created' | 'skipped' | 'merged' | 'flagged';

export interface ImportRow {
	row: number;
	outcome: RowOutcome;
	id: number | null;
	name: string | null;
	duplicate_of: number | null;
	match: 'name' | 'phone' | 'email' | null;
	filled?: string[];
	note?: string;
}

export interface ImportReport {
	source: 'import' | 'api';
	rows: ImportRow[];
}

const reports = new WeakMap<object, ImportReport>();

export function markImport(accountability: object, source: ImportReport['source']): ImportReport {
	const report: ImportReport = { source, rows: [] };
	reports.set(accountability, report);
	return report;
}

export function importReportFor(accountability: object | null | undefined): ImportReport | undefined {
	return accountability ? reports.get(accountability) : undefined;
}

/** Is this request one whose customer creates are import rows? */
export function isImportRequest(method: string, path: string, body: unknown): ImportReport['source'] | null {
	if (method !== 'POST') return null;
	const clean = path.replace(/\/+$/, '');
	if (clean === '/utils/import/crm_customers') return 'import';
	if (clean === '/utils/import' && Array.isArray(body) && body.some((e: any) => e?.collection === 'crm_customers')) return 'import';
	if (clean === '/items/crm_customers' && Array.isArray(body)) return 'api';
	return null;
}

/** A short per-row summary for the importer's notification, in the importer's language. */
export function summarize(report: ImportReport, lang: Lang = 'en'): { subject: string; message: string } | null {
	const count = (o: RowOutcome) => report.rows.filter((r) => r.outcome === o).length;
	const special = report.rows.filter((r) => r.outcome !== 'created');
	if (special.length === 0) return null;
	const [created, skipped, merged, flagged] = (['created', 'skipped', 'merged', 'flagged'] as const).map(count);
	const subject = say(
		lang,
		`Import: ${created} created, ${skipped} skipped, ${merged} merged, ${flagged} flagged`,
		`导入：新建 ${created}，跳过 ${skipped}，合并 ${merged}，标记 ${flagged}`,
	);
	const what: Record<RowOutcome, string> = {
		created: say(lang, 'created', '新建'),
		skipped: say(lang, 'skipped, already exists as', '已跳过，已有客户'),
		merged: say(lang, 'merged into', '已合并到'),
		flagged: say(lang, 'imported and flagged, matches', '已导入并标记，匹配'),
	};
	const lines = special
		.slice(0, 200)
		.map((r) => {
			const match = r.match ? say(lang, ` (same ${r.match})`, `（${r.match}相同）`, [r.match]) : '';
			const filled = r.filled?.length ? say(lang, `; filled ${r.filled.join(', ')}`, `；补全 ${r.filled.join(', ')}`, r.filled) : '';
			const row = say(lang, `Row ${r.row}`, `第 ${r.row} 行`);
			return `- ${row} "${r.name ?? ''}": ${what[r.outcome]} #${r.duplicate_of ?? r.id}${match}${filled}${r.note ? `; ${r.note}` : ''}`;
		});
	if (special.length > 200) lines.push(`- ${say(lang, `… and ${special.length - 200} more rows; see the customer events`, `… 其余 ${special.length - 200} 行见客户事件记录`)}`);
	return { subject, message: lines.join('\n') };
}
