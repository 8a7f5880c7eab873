import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { Readable, type Writable } from 'node:stream';
import { cellText, fieldForHeader, type FileProblem } from '../core/spreadsheet';

/**
 * Spreadsheet files as rows of text, and rows of values as spreadsheet files: .xlsx through exceljs (streamed, so a
 * large file never sits in memory as a workbook), .csv through papaparse after finding its encoding (UTF-8 with or
 * without a BOM, UTF-16 from Excel's "Unicode text", GB18030/GBK as Excel saves CSV in mainland China, Big5 as it
 * does in Taiwan and Hong Kong). What the rows mean is core/spreadsheet.ts's business.
 */

export class FileProblemError extends Error {
	constructor(readonly problem: FileProblem) {
		super(problem.code);
	}
}

export interface Table {
	/** the header row as written */
	headers: string[];
	/** data rows below it, each with its row number in the file (1-based, as a spreadsheet shows it) */
	rows: { row: number; cells: string[] }[];
	format: 'xlsx' | 'csv';
	encoding?: string;
}

const MAX_COLUMNS = 200;
/** Rows above the header that a list may carry (a title such as "2026 广交会名片"). */
const HEADER_SEARCH_ROWS = 10;

export async function readTable(buffer: Buffer, maxRows: number): Promise<Table> {
	if (buffer.length === 0) throw new FileProblemError({ code: 'empty' });
	if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(buffer, maxRows);
	if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) throw new FileProblemError({ code: 'old_excel' });
	return readCsv(buffer, maxRows);
}

/** The header is the first of the top rows that names the company-name column; everything below it is data. */
function splitHeader(rows: { row: number; cells: string[] }[], maxRows: number): { headers: string[]; rows: { row: number; cells: string[] }[] } {
	const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (nonEmpty.length === 0) throw new FileProblemError({ code: 'empty' });
	const at = nonEmpty.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => r.cells.some((c) => fieldForHeader(c) === 'name'));
	if (at < 0) throw new FileProblemError({ code: 'no_header', found: nonEmpty[0]!.cells.map((c) => c.trim()).filter(Boolean).slice(0, 30) });
	const data = nonEmpty.slice(at + 1);
	if (data.length > maxRows) throw new FileProblemError({ code: 'too_many_rows', max: maxRows });
	return { headers: nonEmpty[at]!.cells, rows: data };
}

type SheetRows = { row: number; cells: string[] }[];

function cellsOf(row: { values: unknown }): string[] {
	const values = (row.values as unknown[]) ?? [];
	const cells: string[] = [];
	for (let i = 1; i < Math.min(values.length, MAX_COLUMNS + 1); i++) cells.push(cellText(values[i]));
	return cells;
}

const hasNameHeader = (rows: SheetRows) => rows.slice(0, HEADER_SEARCH_ROWS).some((r) => r.cells.some((c) => fieldForHeader(c) === 'name'));

/**
 * The first sheet with customers in it (a template's lists and instructions come after its customers), else the
 * first sheet; null when the file has no sheet at all (a zip that is no workbook).
 */
async function customerSheet(sheets: AsyncIterable<SheetRows> | Iterable<SheetRows>): Promise<SheetRows | null> {
	let first: SheetRows | null = null;
	for await (const rows of sheets) {
		if (hasNameHeader(rows)) return rows;
		first ??= rows;
	}
	return first;
}

/**
 * Streamed, so a large file is read only as far as the row limit. exceljs's streaming reader needs the workbook part
 * to come before a worksheet it can parse at once; files written by some tools (exceljs itself, now and then) put it
 * last, and for those the whole-file reader, which takes the parts in any order, reads the file instead.
 */
async function readXlsx(buffer: Buffer, maxRows: number): Promise<Table> {
	const bound = maxRows + HEADER_SEARCH_ROWS + 1;
	async function* streamed(): AsyncGenerator<SheetRows> {
		const options = { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'cache', styles: 'cache', entries: 'emit' } as any;
		const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), options);
		for await (const worksheet of reader as any) {
			const rows: SheetRows = [];
			for await (const row of worksheet) {
				rows.push({ row: row.number, cells: cellsOf(row) });
				// a bounded read: a list far over the limit is refused without reading all of it
				if (rows.length > bound) break;
			}
			yield rows;
		}
	}
	async function whole(): Promise<SheetRows[]> {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(buffer as any);
		return workbook.worksheets.map((worksheet) => {
			const rows: SheetRows = [];
			worksheet.eachRow((row, number) => {
				if (rows.length <= bound) rows.push({ row: number, cells: cellsOf(row) });
			});
			return rows;
		});
	}
	let rows: SheetRows | null = null;
	let problem: unknown = 'no worksheet in the file';
	try {
		rows = await customerSheet(streamed());
	} catch (streamError) {
		problem = streamError;
		try {
			rows = await customerSheet(await whole());
		} catch {
			rows = null;
		}
	}
	if (!rows) throw new FileProblemError({ code: 'unreadable_xlsx', detail: String((problem as Error)?.message ?? problem).slice(0, 200) });
	return { ...splitHeader(rows, maxRows), format: 'xlsx' };
}

function decodeCandidates(buffer: Buffer): { encoding: string; text: string }[] {
	if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return [{ encoding: 'utf-8', text: buffer.subarray(3).toString('utf8') }];
	if (buffer[0] === 0xff && buffer[1] === 0xfe) return [{ encoding: 'utf-16le', text: iconv.decode(buffer.subarray(2), 'utf-16le') }];
	if (buffer[0] === 0xfe && buffer[1] === 0xff) return [{ encoding: 'utf-16be', text: iconv.decode(buffer.subarray(2), 'utf-16be') }];
	// a binary file (an image, a PDF, a zip that is not .xlsx) has NUL bytes early on; text has none
	if (buffer.subarray(0, 8192).includes(0)) throw new FileProblemError({ code: 'not_a_spreadsheet' });
	try {
		return [{ encoding: 'utf-8', text: new TextDecoder('utf-8', { fatal: true }).decode(buffer) }];
	} catch {
		// not UTF-8: Excel's "CSV" in Chinese Windows; which of the two is told by which reads the headers better
		return ['gb18030', 'big5'].map((encoding) => ({ encoding, text: iconv.decode(buffer, encoding) }));
	}
}

function readCsv(buffer: Buffer, maxRows: number): Table {
	const candidates = decodeCandidates(buffer);
	let best: { encoding: string; text: string; score: number } | null = null;
	for (const c of candidates) {
		const first = Papa.parse<string[]>(c.text.slice(0, 20_000), { skipEmptyLines: 'greedy', preview: HEADER_SEARCH_ROWS }).data;
		const score = first.reduce((n, cells) => n + cells.filter((cell) => fieldForHeader(String(cell)) !== null).length, 0);
		if (!best || score > best.score) best = { ...c, score };
	}
	const parsed = Papa.parse<string[]>(best!.text, { skipEmptyLines: 'greedy', preview: maxRows + HEADER_SEARCH_ROWS + 2 });
	const records = parsed.data.map((cells, i) => ({ row: i + 1, cells: cells.slice(0, MAX_COLUMNS).map((c) => String(c ?? '')) }));
	return { ...splitHeader(records, maxRows), format: 'csv', encoding: best!.encoding };
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F5EF' } };

function styleHeader(sheet: ExcelJS.Worksheet) {
	const header = sheet.getRow(1);
	header.font = { bold: true };
	header.fill = HEADER_FILL;
	sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/**
 * The import template: the customers sheet with bilingual headers and drop-down lists (Excel data validation) on
 * its choice columns, the lists themselves on a hidden sheet, and an instructions sheet.
 */
export async function templateFile(opts: {
	sheetName: string;
	instructionsName: string;
	headers: string[];
	lists: { column: number; labels: string[]; strict: boolean; title: string; error: string }[];
	instructions: string[][];
	rows: number;
}): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Lead Pool';
	const sheet = workbook.addWorksheet(opts.sheetName);
	sheet.addRow(opts.headers);
	sheet.columns.forEach((col, i) => (col.width = Math.max(14, [...(opts.headers[i] ?? '')].length + 6)));
	styleHeader(sheet);
	const lists = workbook.addWorksheet('Lists', { state: 'hidden' });
	opts.lists.forEach((list, i) => {
		const col = i + 1;
		list.labels.forEach((label, r) => (lists.getCell(r + 1, col).value = label));
		const letter = lists.getColumn(col).letter;
		const target = sheet.getColumn(list.column + 1).letter;
		(sheet as any).dataValidations.add(`${target}2:${target}${opts.rows + 1}`, {
			type: 'list',
			allowBlank: true,
			formulae: [`Lists!$${letter}$1:$${letter}$${list.labels.length}`],
			showErrorMessage: true,
			// region and industry take other values too: a warning, not a stop
			errorStyle: list.strict ? 'stop' : 'warning',
			errorTitle: list.title,
			error: list.error,
		});
	});
	const help = workbook.addWorksheet(opts.instructionsName);
	for (const line of opts.instructions) help.addRow(line);
	help.getRow(1).font = { bold: true, size: 14 };
	help.getColumn(1).width = 60;
	help.getColumn(2).width = 60;
	help.getColumn(3).width = 24;
	help.getColumn(4).width = 24;
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** One sheet of rows under a header: the import report. */
export async function sheetFile(name: string, header: string[], rows: unknown[][]): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Lead Pool';
	const sheet = workbook.addWorksheet(name);
	sheet.addRow(header);
	for (const row of rows) sheet.addRow(row);
	sheet.columns.forEach((col, i) => (col.width = i === header.length - 1 ? 70 : 18));
	styleHeader(sheet);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A sheet streamed to `out` row by row (an export of any size never sits in memory whole). */
export function sheetStream(out: Writable, name: string, header: string[]) {
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
	workbook.creator = 'Lead Pool';
	const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = header.map((h) => ({ header: h, width: Math.max(14, [...h].length + 6) }));
	const first = sheet.getRow(1);
	first.font = { bold: true };
	first.fill = HEADER_FILL;
	first.commit();
	return {
		add(values: unknown[]) {
			sheet.addRow(values).commit();
		},
		async end() {
			sheet.commit();
			await workbook.commit();
		},
	};
}
