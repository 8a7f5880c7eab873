import { POLICY, ROLE } from './ids';

/** Who is acting, in the business's terms. */
export type ActorKind = 'admin' | 'manager' | 'rep' | 'anonymous';

export interface ActorLike {
	user?: string | null;
	admin?: boolean;
	role?: string | null;
	/** the user's role and its parents, as Directus puts them on accountability */
	roles?: readonly string[] | null;
	/** policies attached to the user or their roles (resolved by the data layer) */
	policies?: readonly string[] | null;
}

/**
 * Admins and sales managers see and change everything; anyone else signed in is treated as a rep, so a user an
 * admin forgot to give a Lead Pool role gets the narrowest view, never the widest.
 */
export function actorKind(actor: ActorLike | null | undefined): ActorKind {
	if (!actor) return 'anonymous';
	if (actor.admin) return 'admin';
	if (actor.policies?.includes(POLICY.admin)) return 'admin';
	if (actor.policies?.includes(POLICY.manager) || actor.roles?.includes(ROLE.manager) || actor.role === ROLE.manager) return 'manager';
	if (!actor.user) return 'anonymous';
	return 'rep';
}

/** Whether an actor of this kind manages customers: gives them to reps, transfers, assigns and decides requests. */
export function managesCustomers(kind: ActorKind): boolean {
	return kind === 'admin' || kind === 'manager';
}

/**
 * Whether a caller may change a customer's fields or delete it (which returns it to its pool): managers and admins
 * any customer, a rep only their own. A rep's way into a pool customer is a claim, never an edit.
 */
export function mayEditCustomer(kind: ActorKind, user: string | null, owner: string | null): boolean {
	if (managesCustomers(kind)) return true;
	return user !== null && owner === user;
}
