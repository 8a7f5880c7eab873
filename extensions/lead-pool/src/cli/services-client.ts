import type { Knex } from 'knex';

/** What an @directus/sdk REST command describes: `createItem('crm_pools', {...})()` and the like. */
interface RestCommand {
	path: string;
	method?: string;
	params?: Record<string, any>;
	body?: string;
}

/** System collections setup writes through their own services, by the REST path that names them. */
const SYSTEM_SERVICES: Record<string, string> = {
	policies: 'PoliciesService',
	roles: 'RolesService',
	permissions: 'PermissionsService',
	presets: 'PresetsService',
	dashboards: 'DashboardsService',
	panels: 'PanelsService',
	flows: 'FlowsService',
	operations: 'OperationsService',
	translations: 'TranslationsService',
};

/**
 * A client for setup's @directus/sdk commands that answers them with the Directus services of this process instead
 * of HTTP, as the REST controllers would (create, then read back). It runs without accountability, as the Directus
 * CLI's own commands do (`schema apply`, `users create`), so no token is needed. Only the routes setup uses exist;
 * any other command is refused by name, so a new step in setup fails loudly here rather than half-working.
 */
export function servicesClient(services: any, knex: Knex, getSchema: () => Promise<any>) {
	const make = async (name: string, collection?: string) => {
		const schema = await getSchema();
		const Service = services[name];
		return collection ? new Service(collection, { knex, schema, accountability: null }) : new Service({ knex, schema, accountability: null });
	};
	return {
		async request(command: () => RestCommand): Promise<any> {
			const { path, method = 'GET', params = {}, body } = command();
			const data = body === undefined ? undefined : JSON.parse(body);
			const [, first, second, third] = path.split('/').map(decodeURIComponent);
			if (first === 'collections' && !second) {
				const service = await make('CollectionsService');
				if (method === 'GET') return service.readByQuery();
				if (method === 'POST') return (await make('CollectionsService')).readOne(await service.createOne(data));
			}
			if (first === 'collections' && second && method === 'PATCH') {
				await (await make('CollectionsService')).updateOne(second, data);
				return (await make('CollectionsService')).readOne(second);
			}
			if (first === 'fields' && !third) {
				if (method === 'GET' && !second) return (await make('FieldsService')).readAll();
				if (method === 'POST' && second) {
					await (await make('FieldsService')).createField(second, data);
					return (await make('FieldsService')).readOne(second, data.field);
				}
			}
			if (first === 'fields' && second && third && method === 'PATCH') {
				await (await make('FieldsService')).updateField(second, { ...data, field: third });
				return (await make('FieldsService')).readOne(second, third);
			}
			if (first === 'settings' && !second && method === 'GET') return (await make('SettingsService')).readSingleton(params);
			if (first === 'relations' && !second) {
				if (method === 'GET') return (await make('RelationsService')).readAll();
				if (method === 'POST') {
					await (await make('RelationsService')).createOne(data);
					return (await make('RelationsService')).readOne(data.collection, data.field);
				}
			}
			if (first && SYSTEM_SERVICES[first] && !third) return itemsRequest(() => make(SYSTEM_SERVICES[first]!), { method, params, data, key: second });
			if (first === 'items' && second && !third) {
				const schema = await getSchema();
				if (schema.collections[second]?.singleton) {
					const service = await make('ItemsService', second);
					if (method === 'GET') return service.readSingleton(params);
					if (method === 'PATCH') {
						await service.upsertSingleton(data);
						return (await make('ItemsService', second)).readSingleton(params);
					}
				}
				return itemsRequest(() => make('ItemsService', second), { method, params, data });
			}
			if (first === 'items' && second && third && method === 'PATCH') return itemsRequest(() => make('ItemsService', second), { method, params, data, key: third });
			throw new Error(`lead-pool setup: no local route for ${method} ${path}`);
		},
	};
}

async function itemsRequest(service: () => Promise<any>, { method, params, data, key }: { method: string; params: any; data: any; key?: string }) {
	if (method === 'GET' && !key) return (await service()).readByQuery(params);
	if (method === 'POST' && !key) {
		if (Array.isArray(data)) {
			const keys = await (await service()).createMany(data);
			return (await service()).readMany(keys, params);
		}
		return (await service()).readOne(await (await service()).createOne(data), params);
	}
	if (method === 'PATCH' && key) {
		await (await service()).updateOne(key, data);
		return (await service()).readOne(key, params);
	}
	throw new Error(`lead-pool setup: no local route for ${method} on this collection`);
}
