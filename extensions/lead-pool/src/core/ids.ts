/**
 * Fixed ids of the roles and policies that setup creates. Fixed ids make setup idempotent (it looks them up by id,
 * never by a name an admin may have changed) and let the extension tell a manager from a rep without a query.
 */
import ids from './ids.json';

export const POLICY = ids.policy;
export const ROLE = ids.role;
