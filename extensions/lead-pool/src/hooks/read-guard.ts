import type { Knex } from 'knex';
import { ForbiddenError } from '@directus/errors';
import { cleanRead, guardRead, mayDownload } from '../services/read-guard';
import { membershipChanged } from '../services/settings';
import { withRefusals } from '../shared/errors';
import type { Register } from './register';

/** The fields of a user that who-may-see-what reads: their role, status, policies, and avatar (colleagues see avatars). */
const USER_ACCESS_FIELDS = new Set(['role', 'status', 'policies', 'avatar']);

/**
 * Every read of every collection, by anyone but an admin, passes the read guard: the query is rewritten before it
 * runs (rows narrowed wherever a relation leads, no filter or sort that reaches hidden rows or private fields) and
 * the records are cleaned after (colleagues by name and avatar, hidden contacts masked). Directus emits `<scope>.query`
 * and `<scope>.read` once per read, for the top-level collection, with the nested records inside: `*.query` and
 * `*.read` catch `items.*` and every system scope (`users`, `files`…) alike. `/assets` and export-to-file bypass
 * those events, so a middleware applies the same rule there before Directus answers.
 */
export function registerReadGuard({ filter, action, init }: Register, database: Knex) {
	filter('*.query', (query: any, meta: any, context: any) => {
		const accountability = context?.accountability;
		if (!accountability || accountability.admin) return query;
		const db: Knex = context?.database ?? database;
		return withRefusals(db, accountability.user, () => guardRead(db, accountability, meta?.collection, query, context?.schema));
	});
	filter('*.read', (records: unknown, meta: any, context: any) => {
		const accountability = context?.accountability;
		if (!accountability || accountability.admin) return records;
		return cleanRead(context?.database ?? database, accountability, meta?.collection, records, meta?.query, context?.schema);
	});

	init('routes.before', ({ app }: any) => {
		app.use(async (req: any, _res: any, next: (error?: unknown) => void) => {
			try {
				const accountability = req.accountability;
				if (accountability?.admin) return next();
				const asset = /^\/assets\/([0-9a-fA-F-]{36})/.exec(req.path ?? '');
				if (asset && !(await mayDownload(database, accountability, asset[1]!.toLowerCase()))) return next(new ForbiddenError());
				// export-to-file answers 204 and reads later: refuse a query the read guard would refuse, now
				const exported = req.method === 'POST' ? /^\/utils\/export\/([^/]+)/.exec(req.path ?? '') : null;
				if (exported && accountability) {
					await withRefusals(database, accountability.user, () =>
						guardRead(database, accountability, exported[1]!, req.body?.query ?? {}, req.schema),
					);
				}
				next();
			} catch (error) {
				next(error);
			}
		});
	});

	// setup adding a field (hide_contacts on an existing install) changes what the guard reads
	action('fields.create', () => membershipChanged(database));
	// who may see what: pools, memberships, rep profiles, users (team, role, status), and the policies a user or role holds
	const scopes = ['crm_pools', 'crm_pool_members', 'crm_rep_profiles', 'directus_users', 'directus_access', 'directus_policies', 'directus_roles'];
	for (const collection of scopes) {
		const scope = collection.startsWith('directus_') ? collection.slice(9) : `${collection}.items`;
		for (const event of ['create', 'update', 'delete']) {
			action(`${scope}.${event}`, (meta: any) => {
				// the studio writes a user's last page on every navigation: only what the guard reads moves the epoch
				if (collection === 'directus_users' && event === 'update' && !Object.keys(meta?.payload ?? {}).some((f) => USER_ACCESS_FIELDS.has(f))) return;
				return membershipChanged(database);
			});
		}
	}
}
