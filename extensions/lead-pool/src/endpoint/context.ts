import type { Knex } from 'knex';

/** What every route group gets from the endpoint: the database and Directus's services, schema and logger. */
export interface RouteContext {
	knex: Knex;
	services: any;
	getSchema: () => Promise<any>;
	logger: any;
}

/** The router of a Directus endpoint, as far as the routes use it. */
export type Router = {
	get: (path: string, handler: (req: any, res: any, next: (error?: unknown) => void) => unknown) => unknown;
	post: (path: string, handler: (req: any, res: any, next: (error?: unknown) => void) => unknown) => unknown;
};
