import { guardStatements } from '../data/schema/guards';
import type { Knex } from 'knex';
// setup/ is plain JavaScript shared with the `lead-pool-setup` program; the bundle carries a copy of it
import { installLeadPool } from '../../setup/setup.mjs';
import { servicesClient } from '../cli/services-client';
import { POLICY } from '../core/ids';
import { RefusalError } from '../core/refusals';
import { accessInstalled, leadPoolTablesExist, missingParts, someUserId, type MissingPart } from '../data/schema/install-check';
import { prepareDatabase } from './setup';

/**
 * The self-check: whether this instance may serve Lead Pool writes. A `directus schema apply` from another instance
 * (dev → prod) or a restore brings Lead Pool's collections without the triggers, indexes, roles and settings setup
 * adds, and an instance like that would lose customers on DELETE. So when the bundle starts it repairs what an
 * additive setup adds (the whole setup, once, where it never ran on this database; the database guards and indexes
 * otherwise, without setup's backfill of duplicate-check keys), and while a guard is still missing it refuses every Lead Pool write with LEAD_POOL_NOT_INSTALLED (503)
 * and says why in the log and in GET /lead-pool/status.
 */
export interface InstallStatus {
	/** ok: writes are served; not_set_up: Lead Pool's collections are not in this database; incomplete: a guard is missing */
	state: 'checking' | 'ok' | 'not_set_up' | 'incomplete';
	checked_at: string | null;
	/** what the check at start added */
	repaired: string[];
	/** guards that are missing: writes are refused until they exist */
	missing_required: MissingPart[];
	/** optional parts this database does not have, with what that costs */
	missing_optional: MissingPart[];
}

export interface SelfCheckDeps {
	services: any;
	getSchema: () => Promise<any>;
	logger: { info: (msg: string) => void; warn: (msg: string) => void; error: (msg: string) => void };
}

const status: InstallStatus = { state: 'checking', checked_at: null, repaired: [], missing_required: [], missing_optional: [] };
let running: Promise<void> | null = null;
/** A refused write looks again at most this often (setup may have run from the CLI meanwhile). */
const RECHECK_MS = 10_000;

export function installStatus(): InstallStatus {
	return { ...status, repaired: [...status.repaired], missing_required: [...status.missing_required], missing_optional: [...status.missing_optional] };
}

/**
 * Where the database cannot skip a row its guards keep (MySQL), Directus's own statements are shaped first
 * (data/schema/guards.ts); elsewhere this does nothing.
 */
export function shapeGuardedStatements(knex: Knex): void {
	guardStatements(knex);
}

/** At start: repair what an additive setup adds, then record what is still missing. Never throws. */
export function checkAtStart(knex: Knex, deps: SelfCheckDeps): Promise<void> {
	running = (async () => {
		try {
			if (!(await leadPoolTablesExist(knex))) {
				record([], []);
				status.state = 'not_set_up';
				deps.logger.warn('Lead Pool: its collections are not in this database; run `npx directus lead-pool setup` to install it.');
				return;
			}
			const repaired = await repair(knex, deps);
			await recheck(knex, repaired);
			if (repaired.length > 0) deps.logger.info(`Lead Pool self-check added what setup adds: ${repaired.join(', ')}`);
			logState(deps);
		} catch (error: any) {
			status.state = 'incomplete';
			status.checked_at = new Date().toISOString();
			deps.logger.error(`Lead Pool self-check failed (${error?.message ?? error}); Lead Pool refuses writes until \`npx directus lead-pool setup\` succeeds.`);
		}
	})().finally(() => {
		running = null;
	});
	return running;
}

/** After setup ran in this process (POST /lead-pool/setup): the state follows. */
export async function recheckAfterSetup(knex: Knex): Promise<InstallStatus> {
	await recheck(knex, status.repaired);
	return installStatus();
}

/**
 * The gate of every Lead Pool write: passes at once while the instance is guarded; otherwise waits for a check in
 * progress, looks again when the last look is old, and refuses with LEAD_POOL_NOT_INSTALLED.
 */
export async function assertInstalled(knex: Knex): Promise<void> {
	if (status.state === 'ok') return;
	if (running) await running;
	else if (!status.checked_at || Date.now() - Date.parse(status.checked_at) > RECHECK_MS) await lookAgain(knex);
	if ((status.state as InstallStatus['state']) === 'ok') return;
	const parts = status.state === 'not_set_up' ? 'its collections' : status.missing_required.map((p) => p.part).join('; ') || 'its guards';
	throw new RefusalError({ code: 'LEAD_POOL_NOT_INSTALLED', params: { parts } });
}

async function repair(knex: Knex, deps: SelfCheckDeps): Promise<string[]> {
	if (!(await accessInstalled(knex, Object.values(POLICY)))) {
		// the collections came without setup (a schema apply from another instance): run the whole setup once
		const schema = await deps.getSchema();
		// serverInfo() names the version only to a request with a user (a start has none: "unknown version" refused setup)
		const user = await someUserId(knex);
		const info = await new deps.services.ServerService({ knex, schema, accountability: { admin: true, role: null, user } }).serverInfo();
		const client = servicesClient(deps.services, knex, deps.getSchema);
		const { changes } = await installLeadPool({ client, version: info?.version, prepareDatabase: () => prepareDatabase(knex) });
		return changes;
	}
	return (await prepareDatabase(knex, { backfill: false })).indexes_created;
}

/** One look at a time: writes arriving together while the instance is not guarded share the one recheck. */
let looking: Promise<void> | null = null;
function lookAgain(knex: Knex): Promise<void> {
	looking ??= recheck(knex, status.repaired)
		.catch(() => undefined)
		.finally(() => {
			looking = null;
		});
	return looking;
}

async function recheck(knex: Knex, repaired: string[]): Promise<void> {
	if (!(await leadPoolTablesExist(knex))) {
		record(repaired, []);
		status.state = 'not_set_up';
		return;
	}
	record(repaired, await missingParts(knex));
	status.state = status.missing_required.length > 0 ? 'incomplete' : 'ok';
}

function record(repaired: string[], missing: MissingPart[]) {
	status.checked_at = new Date().toISOString();
	status.repaired = repaired;
	status.missing_required = missing.filter((p) => p.required);
	status.missing_optional = missing.filter((p) => !p.required);
}

function logState(deps: SelfCheckDeps) {
	for (const part of status.missing_optional) deps.logger.warn(`Lead Pool: NOT INSTALLED: ${part.part} (${part.reason}). Cost: ${part.cost}`);
	if (status.state !== 'incomplete') return;
	const parts = status.missing_required.map((p) => `${p.part} (${p.reason})`).join('; ');
	deps.logger.error(
		`Lead Pool refuses writes (LEAD_POOL_NOT_INSTALLED): this database lacks ${parts}. ` +
			'Run `npx directus lead-pool setup` as a database user that may create triggers and indexes; see GET /lead-pool/status.',
	);
}
