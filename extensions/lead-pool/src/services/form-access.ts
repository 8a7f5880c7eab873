import { mayEditCustomer, type ActorLike } from '../core/actor';
import { loadCustomers } from '../data/customers';
import type { Db } from '../data/dialects';
import { callerOf } from './actors';

/**
 * Whether the studio must ask item by item before it offers to edit or delete a customer. The studio asks
 * (`/permissions/me/crm_customers/<key>`) only where Directus's summary of the user's permissions (`GET
 * /permissions/me`) says "partial" access: so for anyone whose edits depend on the customer (a rep), it says so.
 */
export async function customerAccessIsPerItem(db: Db, accountability: ActorLike | null | undefined): Promise<boolean> {
	if (!accountability?.user || accountability.admin) return false;
	return !mayEditCustomer((await callerOf(db, accountability)).kind, accountability.user, null);
}

export interface ItemAccess {
	update: boolean;
	delete: boolean;
}

/**
 * What the studio may offer on one customer's form: Directus asks `GET /permissions/me/crm_customers/<key>` before
 * it draws the form, and on the Core tier (no item rules on permissions) it would answer "update and delete" for
 * every customer a rep can read. The same rule as the writes (core/actor mayEditCustomer): a rep's pool customer
 * reads as read-only, with no delete, and the form's Claim panel is the way in. Answers null when nothing narrows.
 */
export async function customerFormAccess(db: Db, accountability: ActorLike | null | undefined, key: string): Promise<ItemAccess | null> {
	if (!accountability?.user || accountability.admin || !/^\d+$/.test(key)) return null;
	const caller = await callerOf(db, accountability);
	const [customer] = await loadCustomers(db, [key]);
	if (!customer) return { update: false, delete: false };
	const may = mayEditCustomer(caller.kind, caller.user, customer.owner);
	return { update: may, delete: may };
}
