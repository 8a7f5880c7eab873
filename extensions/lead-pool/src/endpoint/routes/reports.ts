import { ForbiddenError } from '@directus/errors';
import { readReport, REPORTS, type ReportName } from '../../services/reports';
import { withRefusals } from '../../shared/errors';
import { badInput } from '../parse';
import type { RouteContext, Router } from '../context';

export function registerReportRoutes(router: Router, { knex }: RouteContext) {
	/** Pool reports for the dashboard; managers and admins see every rep, a rep their own rows of some reports. */
	router.get('/reports/:name', async (req, res, next) => {
		const user = req.accountability?.user;
		if (!user) return next(new ForbiddenError());
		try {
			const name = String(req.params.name) as ReportName;
			if (!REPORTS.includes(name)) throw badInput(`Unknown report "${name}"; one of ${REPORTS.join(', ')}`, `没有名为 "${name}" 的报表；可选：${REPORTS.join('、')}`, 'name');
			const data = await withRefusals(knex, user, () => readReport(knex, req.accountability, name, req.query ?? {}));
			res.json({ data });
		} catch (error) {
			next(error);
		}
	});
}
