import { managesCustomers, type ActorKind, type ActorLike } from '../core/actor';
import { languageOf, RefusalError, type Lang } from '../core/refusals';
import type { Db } from '../data/dialects';
import { readersOf, resolveActorKind, userLanguage } from '../data/people';

/** Who is calling, in Lead Pool's terms: the user, and whether they act as admin, manager or rep. */
export interface Caller {
	user: string | null;
	kind: ActorKind;
}

/** The caller of a request; a call without accountability (the system itself) acts as an admin. */
export async function callerOf(db: Db, accountability: ActorLike | null | undefined): Promise<Caller> {
	return { user: accountability?.user ?? null, kind: accountability ? await resolveActorKind(db, accountability) : 'admin' };
}

/** The caller, when they manage customers (sales managers and admins); anyone else is refused with what they tried. */
export async function managingCaller(db: Db, accountability: ActorLike | null | undefined, what: { en: string; zh: string }) {
	const caller = await callerOf(db, accountability);
	if (!managesCustomers(caller.kind)) {
		throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: what.en, what_zh: what.zh } });
	}
	return caller;
}

/** Who the caller is to Lead Pool (setup uses it to check its token). */
export async function describeCaller(db: Db, accountability: ActorLike): Promise<{ role: ActorKind; admin: boolean }> {
	return { role: await resolveActorKind(db, accountability), admin: accountability.admin === true };
}

/** The language a user reads Lead Pool's messages in. */
export async function languageOfUser(db: Db, user: string | null | undefined): Promise<Lang> {
	return languageOf(await userLanguage(db, user));
}

/** The languages several users read Lead Pool's messages in, from one query (e.g. a run's digests). */
export async function languagesOfUsers(db: Db, users: string[]): Promise<Map<string, Lang>> {
	const readers = await readersOf(db, users);
	return new Map(users.map((user) => [user, languageOf(readers.get(user)?.language)]));
}
