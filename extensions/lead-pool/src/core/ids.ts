/**
 * Fixed ids of the roles and policies that setup creates. Fixed ids make setup idempotent (it looks them up by id,
 * never by a name an admin may have changed) and let the extension tell a manager from a rep without a query.
 */
import ids from './ids.json';

export const POLICY = ids.policy;
export const ROLE = ids.role;

export const COLLECTIONS = {
	customers: 'crm_customers',
	followUps: 'crm_follow_ups',
	pools: 'crm_pools',
	poolMembers: 'crm_pool_members',
	teams: 'crm_teams',
	claimRequests: 'crm_claim_requests',
	assignmentRules: 'crm_assignment_rules',
	repProfiles: 'crm_rep_profiles',
	performance: 'crm_performance',
	settings: 'crm_settings',
	events: 'crm_events',
} as const;
