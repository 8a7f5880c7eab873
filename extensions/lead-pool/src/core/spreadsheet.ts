import * as OpenCC from 'opencc-js/t2cn';
import { CUSTOMER_CHOICES, CUSTOMER_FIELDS, DAY_AND_LEVER_FIELDS, IMPORT_OUTCOMES, IMPORT_REPORT_COLUMNS, LANGUAGES, type Label, type Language } from './labels';
import type { ActorKind } from './actor';
import { FIELD_RULES } from './field-rules';
import type { Refusal } from './refusals';

/**
 * Spreadsheets in and out, as rules: which column is which field (by key, or by a label or alias in English,
 * Simplified or Traditional Chinese, e.g. 公司名称 → name), which value is which choice (展会名片 → trade_show,
 * 华东 → East China), what makes a row refusable, what a rep may import, and what the import report, the template
 * and the export say in the reader's language. No Directus, no spreadsheet library: cells arrive here as plain
 * values and leave as plain values.
 */

/** Fields an import writes, in template order. `owner` is a rep named by e-mail or full name. */
export const IMPORT_FIELDS = [
	'name',
	'contact_name',
	'phone',
	'email',
	'country',
	'region',
	'industry',
	'source',
	'tier',
	'stage',
	'owner',
	'notes',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Columns of an export, in order; the import reads an export back (pool and dates are ignored there). */
export const EXPORT_FIELDS = [...IMPORT_FIELDS.filter((f) => f !== 'notes'), 'pool', 'last_contact_at', 'days_since_contact', 'date_created', 'notes'] as const;
export type ExportField = (typeof EXPORT_FIELDS)[number];

/** Choice fields whose value must be one of the choices; region and industry also take other values, as in the studio. */
const STRICT_CHOICES = new Set(['source', 'tier', 'stage']);
/** The longest value a field takes, from the field rules (so an import row is refused where a create would be). */
function maxLength(field: string): number {
	const rule = FIELD_RULES['crm_customers']?.[field];
	return rule && (rule.kind === 'text' || rule.kind === 'email') ? rule.max : 255;
}

const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/**
 * How a header or a choice value compares: Unicode NFKC (full-width to half-width), Traditional to Simplified, no
 * case, no spaces, and none of the marks people add around names (`*` for required, `_`, `-`, `:`, `.`).
 */
export function matchKey(text: string): string {
	return toSimplified(text.normalize('NFKC').toLowerCase()).replace(/[\s_\-*:：.。]+/gu, '');
}

let headerNames: Map<string, string> | null = null;
function headerIndex(): Map<string, string> {
	if (headerNames) return headerNames;
	headerNames = new Map();
	for (const [field, { label, aliases }] of Object.entries(CUSTOMER_FIELDS)) {
		for (const name of [field, ...Object.values(label), ...aliases]) headerNames.set(matchKey(name), field);
	}
	return headerNames;
}

/**
 * The field a header names, or null. A header may give one name ("公司名称", "contact_name") or two names of the same
 * field side by side, as the template's bilingual headers do ("客户名称 Company name *").
 */
export function fieldForHeader(header: string): string | null {
	const key = matchKey(header);
	if (!key) return null;
	const index = headerIndex();
	const direct = index.get(key);
	if (direct) return direct;
	for (const [name, field] of index) {
		if (key.startsWith(name) && index.get(key.slice(name.length)) === field) return field;
	}
	return null;
}

export interface ColumnMap {
	/** per column of the sheet, the import field it fills, or null */
	fields: (ImportField | null)[];
	/** headers that name no field the import writes (shown in the report, never an error) */
	ignored: string[];
}

/** Headers to fields. The first column of a field wins; a second column of the same field is ignored. */
export function mapHeaders(headers: string[]): ColumnMap {
	const taken = new Set<string>();
	const ignored: string[] = [];
	const fields = headers.map((header) => {
		const field = fieldForHeader(header);
		if (!field || !(IMPORT_FIELDS as readonly string[]).includes(field) || taken.has(field)) {
			if (header.trim()) ignored.push(header.trim());
			return null;
		}
		taken.add(field);
		return field as ImportField;
	});
	return { fields, ignored };
}

let choiceNames: Map<string, Map<string, string>> | null = null;
/** The key of a choice given by its key or its label in any language; undefined when it is none of them. */
export function choiceKey(field: string, value: string): string | undefined {
	if (!choiceNames) {
		choiceNames = new Map();
		for (const [f, choices] of Object.entries(CUSTOMER_CHOICES)) {
			const names = new Map<string, string>();
			for (const [key, label] of Object.entries(choices)) for (const name of [key, ...Object.values(label)]) names.set(matchKey(name), key);
			choiceNames.set(f, names);
		}
	}
	return choiceNames.get(field)?.get(matchKey(value));
}

/** A choice's label in a language; values outside the list (a region typed by hand) read as they are. */
export function choiceLabel(field: string, key: string | null | undefined, language: Language): string {
	if (key === null || key === undefined) return '';
	const label = CUSTOMER_CHOICES[field]?.[key];
	return label ? label[language] : key;
}

export function fieldLabel(field: string, language: Language): string {
	const entry = CUSTOMER_FIELDS[field];
	// the rep's-day fields an export shows (days since last contact) are named where the studio names them
	const day = DAY_AND_LEVER_FIELDS['crm_customers']?.[field];
	return entry ? entry.label[language] : day ? day[language] : field;
}

/**
 * A cell as text, whatever shape the spreadsheet gave it: a number (phones saved as numbers, never in exponent
 * form), a date, rich text, a hyperlink (e-mails often are), a formula's result.
 */
export function cellText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) return '';
		return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
	}
	if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return '';
		const iso = value.toISOString();
		return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
	}
	if (typeof value === 'object') {
		const v = value as Record<string, unknown>;
		if (Array.isArray(v['richText'])) return (v['richText'] as { text?: string }[]).map((r) => r.text ?? '').join('');
		if ('text' in v) return cellText(v['text']);
		if ('result' in v) return cellText(v['result']);
		if ('hyperlink' in v) return String(v['hyperlink']).replace(/^mailto:/i, '');
	}
	return '';
}

export type RowProblem =
	| { code: 'name_missing' }
	| { code: 'too_long'; field: string; max: number }
	| { code: 'bad_email'; value: string }
	| { code: 'unknown_choice'; field: string; value: string }
	| { code: 'unknown_owner'; value: string }
	| { code: 'ambiguous_owner'; value: string }
	| { code: 'owner_not_self'; value: string };

export interface ReadRow {
	/** what goes to the create: field keys and choice keys, only the cells that have a value */
	payload: Record<string, string>;
	/** the owner as written (an e-mail or a name), resolved by the caller */
	ownerRef: string | null;
	problems: RowProblem[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One data row read through the column map: values trimmed, choices to keys, what makes it refusable. */
export function readRow(cells: string[], columns: ColumnMap): ReadRow {
	const payload: Record<string, string> = {};
	const problems: RowProblem[] = [];
	let ownerRef: string | null = null;
	columns.fields.forEach((field, i) => {
		if (!field) return;
		const value = (cells[i] ?? '').trim();
		if (!value) return;
		if (field === 'owner') {
			ownerRef = value;
			return;
		}
		if (value.length > maxLength(field)) {
			problems.push({ code: 'too_long', field, max: maxLength(field) });
			return;
		}
		if (field in CUSTOMER_CHOICES) {
			const key = choiceKey(field, value);
			if (key) payload[field] = key;
			else if (STRICT_CHOICES.has(field)) problems.push({ code: 'unknown_choice', field, value });
			else payload[field] = value;
			return;
		}
		if (field === 'email' && !value.split(/[;,，；\s]+/).filter(Boolean).every((part) => EMAIL.test(part))) {
			problems.push({ code: 'bad_email', value });
			return;
		}
		payload[field] = value;
	});
	if (!payload['name'] && !problems.some((p) => p.code === 'too_long' && p.field === 'name')) problems.unshift({ code: 'name_missing' });
	return { payload, ownerRef, problems };
}

const quote = (language: Language, text: string) => (language === 'en-US' ? `"${text}"` : `「${text}」`);

/** Why a row was refused, in the reader's language; for an unknown choice, the labels it may take. */
export function problemMessage(problem: RowProblem, language: Language): string {
	const m = (en: string, zhCN: string, zhTW: string) => ({ 'en-US': en, 'zh-CN': zhCN, 'zh-TW': zhTW })[language];
	switch (problem.code) {
		case 'name_missing':
			return m('The company name is empty', '客户名称为空', '客戶名稱為空');
		case 'too_long': {
			const f = fieldLabel(problem.field, language);
			return m(`${f} is longer than ${problem.max} characters`, `${f}超过 ${problem.max} 个字符`, `${f}超過 ${problem.max} 個字元`);
		}
		case 'bad_email':
			return m(
				`${quote(language, problem.value)} is not an e-mail address`,
				`${quote(language, problem.value)}不是有效的邮箱地址`,
				`${quote(language, problem.value)}不是有效的郵箱地址`,
			);
		case 'unknown_choice': {
			const f = fieldLabel(problem.field, language);
			const allowed = Object.values(CUSTOMER_CHOICES[problem.field] ?? {}).map((l) => l[language]).join(language === 'en-US' ? ', ' : '、');
			return m(
				`${quote(language, problem.value)} is not a ${f.toLowerCase()}; use one of: ${allowed}`,
				`${quote(language, problem.value)}不是有效的${f}，可选：${allowed}`,
				`${quote(language, problem.value)}不是有效的${f}，可選：${allowed}`,
			);
		}
		case 'unknown_owner':
			return m(
				`No user ${quote(language, problem.value)}: give the owner's e-mail or full name`,
				`找不到用户${quote(language, problem.value)}：请填写负责人的邮箱或姓名`,
				`找不到使用者${quote(language, problem.value)}：請填寫負責人的郵箱或姓名`,
			);
		case 'ambiguous_owner':
			return m(
				`Several users are called ${quote(language, problem.value)}: give the owner's e-mail`,
				`有多位用户名为${quote(language, problem.value)}：请填写负责人的邮箱`,
				`有多位使用者名為${quote(language, problem.value)}：請填寫負責人的郵箱`,
			);
		case 'owner_not_self':
			return m(
				`A rep imports customers for themself only (owner ${quote(language, problem.value)}); leave the owner empty or ask your manager`,
				`业务员只能为自己导入客户（负责人${quote(language, problem.value)}）；请留空负责人或联系经理`,
				`業務員只能為自己匯入客戶（負責人${quote(language, problem.value)}）；請留空負責人或聯絡經理`,
			);
	}
}

/** What can be wrong with a file as a whole; the import then refuses it and keeps nothing. */
export type FileProblem =
	| { code: 'empty' }
	| { code: 'old_excel' }
	| { code: 'not_a_spreadsheet' }
	| { code: 'unreadable_xlsx'; detail: string }
	| { code: 'no_header'; found: string[] }
	| { code: 'too_many_rows'; max: number }
	| { code: 'too_large'; max: number }
	| { code: 'no_file' };

/** A file problem as a refusal: HTTP status and a message in English and Chinese that says what to do. */
export function fileProblemMessage(problem: FileProblem): { status: 400 | 413 | 415; en: string; zh: string } {
	switch (problem.code) {
		case 'no_file':
			return { status: 400, en: 'Send the spreadsheet as multipart/form-data in a field named "file"', zh: '请以 multipart/form-data 的 file 字段上传表格文件' };
		case 'empty':
			return { status: 400, en: 'The file is empty; fill in the template and try again', zh: '文件是空的，请填写模板后重试' };
		case 'old_excel':
			return {
				status: 415,
				en: 'This is an old Excel file (.xls); save it as .xlsx or CSV and try again',
				zh: '这是旧版 Excel 文件（.xls），请另存为 .xlsx 或 CSV 后重试',
			};
		case 'not_a_spreadsheet':
			return { status: 415, en: 'This file is not a spreadsheet; import an .xlsx or .csv file', zh: '该文件不是表格，请导入 .xlsx 或 .csv 文件' };
		case 'unreadable_xlsx':
			return { status: 400, en: 'This .xlsx file cannot be read; open it in Excel, save it again and retry', zh: '无法读取该 .xlsx 文件，请用 Excel 打开并重新保存后重试' };
		case 'no_header': {
			const found = problem.found.length ? problem.found.join(', ') : '—';
			return {
				status: 400,
				en: `No company-name column found (a header such as "Company name", "公司名称" or "name"); the first row reads: ${found}`,
				zh: `未找到客户名称列（标题应为「公司名称」「客户名称」「Company name」或 name）；第一行为：${found}`,
			};
		}
		case 'too_many_rows':
			return {
				status: 400,
				en: `The file has more than ${problem.max} rows; import at most ${problem.max} at a time (split the file)`,
				zh: `文件超过 ${problem.max} 行，每次最多导入 ${problem.max} 行（请拆分文件）`,
			};
		case 'too_large': {
			const mb = Math.round(problem.max / 1024 / 1024);
			return { status: 413, en: `The file is larger than ${mb} MB; split the list into smaller files`, zh: `文件超过 ${mb} MB，请将名单拆分为较小的文件` };
		}
	}
}

/** Limits of an import that no setting changes: a file is a list, not a database. */
export const IMPORT_LIMITS = { maxRows: 50_000, repMaxRows: 500 };

/**
 * What a rep may import: their own trade-show cards, not a bought list. A rep imports at most `repMaxRows` rows,
 * into their own book (the default: rows are theirs, and rows over their cap go to the pool as on any create) or
 * into a pool they are a member of (rows unowned); they never name another owner (checked per row). Managers and
 * admins import any number of rows (a file holds at most `maxRows`, checked as it is read) into any active pool, for
 * any owner.
 */
export function importRefusal(opts: {
	kind: ActorKind;
	rows: number;
	pool: { id: number; name: string; status: string } | null;
	memberPools: number[];
	limits?: typeof IMPORT_LIMITS;
}): Refusal | null {
	const limits = opts.limits ?? IMPORT_LIMITS;
	if (opts.rows === 0) return { code: 'INVALID_PAYLOAD', params: { en: 'The file has no customer rows below its header row', zh: '文件标题行下没有客户数据' } };
	if (opts.pool && opts.pool.status !== 'active') {
		const { name } = opts.pool;
		return { code: 'INVALID_PAYLOAD', params: { en: `Pool "${name}" is not active; pick an active pool`, zh: `公海「${name}」未启用，请选择已启用的公海`, field: 'pool' } };
	}
	if (opts.kind !== 'rep') return null;
	const max = limits.repMaxRows;
	if (opts.rows > max) return { code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: `Importing more than ${max} rows at a time`, what_zh: `一次导入超过 ${max} 行` } };
	if (opts.pool && !opts.memberPools.includes(opts.pool.id)) {
		return { code: 'LEAD_POOL_NOT_MEMBER', params: { pool: opts.pool.name } };
	}
	return null;
}

export type Outcome = keyof typeof IMPORT_OUTCOMES;

export interface ReportRow {
	/** the row's number in the spreadsheet, as the manager sees it (the header is row 1 in most files) */
	row: number;
	outcome: Outcome;
	/** the customer created, or the existing one a skipped or merged row maps to */
	id: number | null;
	name: string | null;
	duplicate_of: { id: number; name: string } | null;
	match: 'name' | 'phone' | 'email' | null;
	message: string;
}

/** What the guard and the cap did to one created row, in the reader's language. */
export function outcomeMessage(
	row: {
		outcome: Outcome;
		duplicate_of: { id: number; name: string } | null;
		match: string | null;
		filled?: string[];
		note?: string;
		over_cap?: { owner: string; pool: string | null } | null;
		owner?: string | null;
	},
	language: Language,
): string {
	const m = (en: string, zhCN: string, zhTW: string) => ({ 'en-US': en, 'zh-CN': zhCN, 'zh-TW': zhTW })[language];
	const parts: string[] = [];
	const dup = row.duplicate_of ? quote(language, row.duplicate_of.name) : '';
	const same = row.match ? fieldLabel(row.match, language) : '';
	if (row.outcome === 'flagged') parts.push(m(
		`Possible duplicate of ${dup} (same ${same.toLowerCase()})`,
		`疑似与${dup}重复（${same}相同）`,
		`疑似與${dup}重複（${same}相同）`,
	));
	if (row.outcome === 'skipped') parts.push(m(
		`Already exists as ${dup} (same ${same.toLowerCase()})`,
		`已有客户${dup}（${same}相同）`,
		`已有客戶${dup}（${same}相同）`,
	));
	if (row.outcome === 'skipped' && row.note) parts.push(m('not merged: it belongs to someone else', '属于他人，未合并', '屬於他人，未合併'));
	if (row.outcome === 'merged') {
		const filled = (row.filled ?? []).map((f) => fieldLabel(f, language)).join(language === 'en-US' ? ', ' : '、');
		parts.push(
			filled
				? m(`Merged into ${dup}: filled ${filled}`, `已合并到${dup}：补充了${filled}`, `已合併到${dup}：補充了${filled}`)
				: m(`Merged into ${dup}: nothing to fill`, `已合并到${dup}：无需补充`, `已合併到${dup}：無需補充`),
		);
	}
	if (row.over_cap) {
		const to = row.over_cap.pool ? quote(language, row.over_cap.pool) : '';
		parts.push(m(
			`${row.over_cap.owner} is at the cap: the customer went to pool ${to}`,
			`${row.over_cap.owner}已达上限：客户进入公海${to}`,
			`${row.over_cap.owner}已達上限：客戶進入公海${to}`,
		));
	} else if (row.owner && (row.outcome === 'created' || row.outcome === 'flagged')) {
		parts.push(m(`Owner: ${row.owner}`, `负责人：${row.owner}`, `負責人：${row.owner}`));
	}
	return parts.join(language === 'en-US' ? '; ' : '；');
}

/** The report as a sheet: a header in the reader's language and one line per row of the file. */
export function reportSheet(rows: ReportRow[], language: Language): { header: string[]; rows: (string | number | null)[][] } {
	const c = IMPORT_REPORT_COLUMNS;
	return {
		header: [c.row, c.name, c.outcome, c.customer, c.duplicate_of, c.message].map((l) => l[language]),
		rows: rows.map((r) => {
			const duplicate = r.duplicate_of ? `${r.duplicate_of.name} (#${r.duplicate_of.id})` : null;
			return [r.row, r.name ?? '', IMPORT_OUTCOMES[r.outcome][language], r.id, duplicate, r.message];
		}),
	};
}

export function summaryCounts(rows: ReportRow[]): Record<Outcome, number> {
	const counts = { created: 0, flagged: 0, merged: 0, skipped: 0, refused: 0 };
	for (const r of rows) counts[r.outcome]++;
	return counts;
}

/** The other language of a bilingual header: English beside Chinese, Simplified Chinese beside English. */
function secondLanguage(language: Language): Language {
	return language === 'en-US' ? 'zh-CN' : 'en-US';
}

/** Template headers in two languages, the reader's first ("客户名称 Company name *"); the import reads them back. */
export function templateHeaders(language: Language): string[] {
	const other = secondLanguage(language);
	return IMPORT_FIELDS.map((f) => `${fieldLabel(f, language)} ${fieldLabel(f, other)}${f === 'name' ? ' *' : ''}`);
}

/** The drop-down lists of the template: per choice field, its labels in the reader's language. */
export function templateLists(language: Language): { field: ImportField; column: number; labels: string[]; strict: boolean }[] {
	return IMPORT_FIELDS.flatMap((field, column) => {
		const choices = CUSTOMER_CHOICES[field];
		if (!choices) return [];
		return [{ field, column, labels: Object.values(choices).map((l) => l[language]), strict: STRICT_CHOICES.has(field) }];
	});
}

/** The instructions sheet: how to fill the template, every column with the names it is known by, every choice. */
export function templateInstructions(language: Language): string[][] {
	const other = secondLanguage(language);
	const m = (en: string, zhCN: string, zhTW: string) => ({ 'en-US': en, 'zh-CN': zhCN, 'zh-TW': zhTW })[language];
	const both = (en: string, zhCN: string, zhTW: string) => [m(en, zhCN, zhTW), ({ 'en-US': en, 'zh-CN': zhCN, 'zh-TW': zhTW })[other]];
	const lines: string[][] = [
		both('How to import customers', '如何导入客户', '如何匯入客戶'),
		both(
			'Fill one customer per row of the first sheet, below the header row. Only the company name is required.',
			'在第一个工作表的标题行下，每行填写一个客户。只有客户名称必填。',
			'在第一個工作表的標題列下，每列填寫一個客戶。只有客戶名稱必填。',
		),
		both(
			'Headers may be in English or Chinese, or field keys; columns may be in any order; other columns are ignored.',
			'标题可以是中文、英文或字段名；列的顺序不限；其他列会被忽略。',
			'標題可以是中文、英文或欄位名；欄的順序不限；其他欄會被忽略。',
		),
		both(
			'Source, tier and stage must be one of the listed values (pick from the drop-down); region and industry may also be other text.',
			'来源、等级和阶段必须是列出的值（从下拉列表选择）；区域和行业也可以填写其他文字。',
			'來源、等級和階段必須是列出的值（從下拉清單選擇）；區域和行業也可以填寫其他文字。',
		),
		both(
			'Owner: the e-mail or full name of a rep; leave it empty to put the customer in the pool chosen at import.',
			'负责人：业务员的邮箱或姓名；留空则客户进入导入时选择的公海。',
			'負責人：業務員的郵箱或姓名；留空則客戶進入匯入時選擇的公海。',
		),
		both(
			'Duplicates of existing customers are skipped, merged or flagged as the settings say; the import report tells you which.',
			'与已有客户重复的行按设置跳过、合并或标记；导入报告会逐行说明。',
			'與既有客戶重複的列按設定略過、合併或標記；匯入報告會逐列說明。',
		),
		[],
		[m('Column', '列', '欄'), m('Also accepted as a header', '也可作为标题', '也可作為標題')],
	];
	for (const field of IMPORT_FIELDS) {
		const { label, aliases } = CUSTOMER_FIELDS[field]!;
		const names = [field, ...LANGUAGES.filter((l) => l !== language).map((l) => label[l]), ...aliases];
		lines.push([label[language], [...new Set(names)].join(', ')]);
	}
	lines.push([]);
	lines.push([...both('Allowed values', '可选值', '可選值'), ...LANGUAGES.filter((l) => l !== language && l !== other).map(() => ''), 'key']);
	for (const [field, choices] of Object.entries(CUSTOMER_CHOICES)) {
		lines.push([fieldLabel(field, language)]);
		for (const [key, label] of Object.entries(choices) as [string, Label][]) {
			lines.push([label[language], label[other], ...LANGUAGES.filter((l) => l !== language && l !== other).map((l) => label[l]), key]);
		}
	}
	return lines;
}

export interface ExportCustomer {
	name: string;
	contact_name: string | null;
	phone: string | null;
	email: string | null;
	country: string | null;
	region: string | null;
	industry: string | null;
	source: string | null;
	tier: string | null;
	stage: string | null;
	owner: string | null;
	pool: string | null;
	notes: string | null;
	last_contact_at: Date | null;
	/** "12/7": 12 days since the last contact against a 7-day cycle (services/contact-clock), counted when read */
	days_since_contact: string | null;
	date_created: Date | null;
}

export function exportHeaders(language: Language): string[] {
	return EXPORT_FIELDS.map((f) => fieldLabel(f, language));
}

/** One customer as an export row: choices by label in the reader's language, owner and pool by name. */
export function exportRow(c: ExportCustomer, language: Language): (string | Date | null)[] {
	return EXPORT_FIELDS.map((f) => {
		const value = c[f as keyof ExportCustomer] ?? null;
		return f in CUSTOMER_CHOICES ? choiceLabel(f, value as string | null, language) : value;
	});
}
