import type { Knex } from 'knex';
import { languageOfUser } from '../services/actors';
import { notify } from '../services/notify';
import { isImportRequest, markImport, summarize } from '../shared/import-report';
import type { HookDeps, Register } from './register';


/**
 * Marks imports of customers (Directus's import and batch creates through the API) so the create hook applies the
 * import guard, and tells the importer afterwards what happened to each row that was skipped, merged or flagged,
 * in a Directus notification (the import's own answer carries no per-row details).
 */
export function registerImportGuard({ init }: Register, { services, getSchema, logger }: HookDeps, database: Knex) {
	init('middlewares.after', ({ app }: any) => {
		app.use((req: any, res: any, next: () => void) => {
			const source = isImportRequest(req.method, req.path, req.body);
			const accountability = req.accountability;
			if (!source || !accountability?.user) return next();
			const report = markImport(accountability, source);
			res.on('finish', () => {
				if (res.statusCode >= 400) return;
				if (!report.rows.some((r) => r.outcome !== 'created')) return;
				void (async () => {
					try {
						const summary = summarize(report, await languageOfUser(database, accountability.user));
						if (!summary) return;
						const note = { subject: summary.subject, message: summary.message, collection: 'crm_customers' };
						await notify(services, await getSchema(), [accountability.user], note, accountability.user);
					} catch (error) {
						logger.warn(error, 'Lead Pool: could not send the import report');
					}
				})();
			});
			next();
		});
	});
}
