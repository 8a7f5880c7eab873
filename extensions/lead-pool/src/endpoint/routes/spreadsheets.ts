import busboy from 'busboy';
import { ForbiddenError } from '@directus/errors';
import type { Knex } from 'knex';
import { exportCustomers, importReportFile, importSpreadsheet, importTemplate, type Upload } from '../../services/spreadsheets';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Largest file an import reads (a 10,000-row trade-show list is about 1 MB). */
const MAX_BYTES = Number(process.env['LEAD_POOL_IMPORT_MAX_BYTES'] ?? 20 * 1024 * 1024);
const EXPORT_MAX_ROWS = Number(process.env['LEAD_POOL_EXPORT_MAX_ROWS'] ?? 100_000);

interface Context {
	database: unknown;
	services: any;
	getSchema: () => Promise<any>;
}

/**
 * Spreadsheets: `POST /import` (multipart `file`, optional `pool`) answers the per-row report; `POST
 * /import/report.xlsx` turns that report into a spreadsheet; `GET /import/template.xlsx`; `GET /export.xlsx?filter=`
 * (managers and admins).
 */
export function registerSpreadsheetRoutes(router: any, { database, services, getSchema }: Context) {
	const knex = database as Knex;
	const context = async (req: any) => ({ knex, services, schema: req.schema ?? (await getSchema()), accountability: req.accountability });

	router.post('/import', async (req: any, res: any, next: any) => {
		if (!req.accountability?.user) return next(new ForbiddenError());
		try {
			const { upload, fields } = await readMultipart(req);
			const pool = fields['pool'] === undefined || fields['pool'] === '' || fields['pool'] === 'null' ? undefined : Number(fields['pool']);
			res.json({ data: await importSpreadsheet(await context(req), upload, { pool }) });
		} catch (error) {
			next(error);
		}
	});

	router.post('/import/report.xlsx', async (req: any, res: any, next: any) => {
		if (!req.accountability?.user) return next(new ForbiddenError());
		try {
			sendXlsx(res, 'import-report.xlsx', await importReportFile(await context(req), await reportBody(req)));
		} catch (error) {
			next(error);
		}
	});

	router.get('/import/template.xlsx', async (req: any, res: any, next: any) => {
		if (!req.accountability?.user) return next(new ForbiddenError());
		try {
			sendXlsx(res, 'lead-pool-import-template.xlsx', await importTemplate(await context(req)));
		} catch (error) {
			next(error);
		}
	});

	router.get('/export.xlsx', async (req: any, res: any, next: any) => {
		if (!req.accountability?.user && req.accountability?.admin !== true) return next(new ForbiddenError());
		try {
			await exportCustomers(await context(req), { filter: req.query?.filter, maxRows: EXPORT_MAX_ROWS }, {
				start: (filename) => {
					res.setHeader('Content-Type', XLSX);
					res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
					return res;
				},
			});
			res.end();
		} catch (error) {
			if (res.headersSent) res.destroy(error as Error);
			else next(error);
		}
	});
}

/**
 * The report as JSON: parsed by Directus when sent as application/json; a report larger than Directus's
 * MAX_PAYLOAD_SIZE (10,000 rows are about 2 MB) comes as text/plain and is read here, up to the file size limit.
 */
async function reportBody(req: any): Promise<unknown> {
	if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body) && Object.keys(req.body).length > 0) return req.body;
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BYTES) return null;
		chunks.push(chunk);
	}
	try {
		return JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		return null;
	}
}

function sendXlsx(res: any, filename: string, body: Buffer) {
	res.setHeader('Content-Type', XLSX);
	res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
	res.end(body);
}

/** The `file` part (read whole, up to the size limit, then drained) and the plain fields of a multipart request. */
function readMultipart(req: any): Promise<{ upload: Upload | null; fields: Record<string, string> }> {
	return new Promise((resolve, reject) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({ headers: req.headers, limits: { fileSize: MAX_BYTES, files: 1, fields: 20, fieldSize: 1000 } });
		} catch {
			// not multipart at all: the service says what to send
			return resolve({ upload: null, fields: {} });
		}
		const fields: Record<string, string> = {};
		let upload: Upload | null = null;
		const reading: Promise<void>[] = [];
		parser.on('field', (name, value) => (fields[name] = value));
		parser.on('file', (name, stream) => {
			if (name !== 'file' || upload) {
				stream.resume();
				return;
			}
			const chunks: Buffer[] = [];
			const current: Upload = { buffer: Buffer.alloc(0), truncated: false, maxBytes: MAX_BYTES };
			upload = current;
			reading.push(
				new Promise((done) => {
					stream.on('data', (chunk: Buffer) => {
						if (!current.truncated) chunks.push(chunk);
					});
					stream.on('limit', () => {
						current.truncated = true;
						chunks.length = 0;
					});
					stream.on('close', () => {
						current.buffer = current.truncated ? Buffer.alloc(0) : Buffer.concat(chunks);
						done();
					});
				}),
			);
		});
		parser.on('close', () => Promise.all(reading).then(() => resolve({ upload, fields }), reject));
		parser.on('error', () => resolve({ upload: null, fields }));
		req.pipe(parser);
	});
}
