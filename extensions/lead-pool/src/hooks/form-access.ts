import type { Knex } from 'knex';
import { customerAccessIsPerItem, customerFormAccess } from '../services/form-access';
import type { Register } from './register';

/**
 * The studio draws a customer's form from Directus's own permission answers: `GET /permissions/me` (per collection
 * and action: full, partial or none access) and, where that says partial, `GET /permissions/me/crm_customers/<key>`
 * (may this user update, delete this item). On the Core tier Directus answers both from collection permissions only
 * (full access for a rep). These narrow the answers by the ownership rule (services/form-access), so a rep's pool
 * customer opens read-only with no delete icon. They change what the studio offers, not what is allowed: every write
 * keeps its own checks and refusals.
 */
export function registerFormAccess({ init }: Register, database: Knex) {
	init('routes.before', ({ app }: any) => {
		app.get('/permissions/me', async (req: any, res: any, next: (error?: unknown) => void) => {
			try {
				if (await customerAccessIsPerItem(database, req.accountability)) {
					rewriteJson(res, (data) => {
						for (const action of ['update', 'delete']) {
							const info = data?.crm_customers?.[action];
							if (info?.access === 'full') info.access = 'partial';
						}
					});
				}
				next();
			} catch (error) {
				next(error);
			}
		});
		app.get('/permissions/me/crm_customers/:pk', async (req: any, res: any, next: (error?: unknown) => void) => {
			try {
				const access = await customerFormAccess(database, req.accountability, String(req.params.pk));
				if (access) {
					rewriteJson(res, (data) => {
						if (data?.update) data.update.access = data.update.access === true && access.update;
						if (data?.delete) data.delete.access = data.delete.access === true && access.delete;
					});
				}
				next();
			} catch (error) {
				next(error);
			}
		});
	});
}

/** Directus answers with `res.json({ data })`: change `data` on its way out. */
function rewriteJson(res: any, change: (data: any) => void) {
	const json = res.json.bind(res);
	res.json = (body: any) => {
		if (body && typeof body === 'object') change(body.data);
		return json(body);
	};
}
