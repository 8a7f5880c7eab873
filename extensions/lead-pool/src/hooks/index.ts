import { defineHook } from '@directus/extensions-sdk';
import { registerAuditGuard } from './audit';
import { registerClaimRequestHooks } from './claim-requests';
import { registerCustomerHooks } from './customers';
import { registerDeleteGuards } from './deletes';
import { registerReclaimSchedule } from './reclaim';
import { registerDigestSchedule } from './digest';
import { registerRollupCompaction } from './rollups';
import { registerContactClock } from './contact-clock';
import { registerFieldRules } from './field-rules';
import { registerDashboardNames } from './dashboard-names';
import { registerFollowUpHooks } from './follow-ups';
import { registerFormAccess } from './form-access';
import { registerImportGuard } from './imports';
import { languagesChanged } from '../services/settings';
import { registerSettingsValidation } from './settings';
import { registerReadGuard } from './read-guard';
import { registerSelfCheck } from './self-check';

export default defineHook((events, { database, services, getSchema, logger }) => {
	const deps = { services, getSchema, logger };
	registerSelfCheck(events, database, deps);
	registerReadGuard(events, database);
	registerFormAccess(events, database);
	registerDashboardNames(events, database);
	registerContactClock(events, database);
	// field rules first: no other hook acts on a payload that is then refused
	registerFieldRules(events, database);
	registerCustomerHooks(events, database);
	registerFollowUpHooks(events, database);
	registerClaimRequestHooks(events, database, deps);
	registerSettingsValidation(events, database);
	registerDeleteGuards(events, database);
	registerAuditGuard(events);
	registerReclaimSchedule(events, database, deps);
	registerDigestSchedule(events, database, deps);
	registerRollupCompaction(events, database, deps);
	registerImportGuard(events, deps, database);
	// messages follow a user's language as soon as it changes
	events.action('users.update', (meta: any) => languagesChanged((meta?.keys ?? []).map(String)));
	events.action('settings.update', () => languagesChanged());
});
