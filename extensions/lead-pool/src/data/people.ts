import { actorKind, type ActorKind, type ActorLike } from '../core/actor';
import type { QuotaOverride } from '../core/quota';
import ids from '../core/ids.json';
import type { Db } from './dialects';
import { accessEpoch, stillHolds } from './epochs';
import { readBool } from './values';

/** Users as Lead Pool sees them: names, languages, rep profiles and the Lead Pool policies they hold. */

export async function userNames(db: Db, users: (string | null)[]): Promise<Map<string, string>> {
	const unique = [...new Set(users.filter((x): x is string => !!x))];
	if (!unique.length) return new Map();
	const rows = await db('directus_users').select('id', 'first_name', 'last_name', 'email').whereIn('id', unique);
	return new Map(rows.map((r: any) => [r.id, [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email]));
}

const LANGUAGE_TTL_MS = 30_000;
const langCache = new Map<string, { at: number; lang: string | null }>();

/** A user changed their language (or the project default changed): answer in the new one at once. */
export function forgetUserLanguages(users?: string[]): void {
	if (!users) langCache.clear();
	else for (const user of users) langCache.delete(user);
}

/** The user's studio language, else the project's default language. */
export async function userLanguage(db: Db, user: string | null | undefined): Promise<string | null> {
	if (!user) return null;
	const hit = langCache.get(user);
	if (hit && Date.now() - hit.at < LANGUAGE_TTL_MS) return hit.lang;
	const row = await db('directus_users').first('language').where('id', user);
	const lang = row?.language || (await projectLanguage(db));
	langCache.set(user, { at: Date.now(), lang });
	return lang;
}

/** The project's default language (Settings → default language), which a user without one of their own reads. */
async function projectLanguage(db: Db): Promise<string | null> {
	return (await db('directus_settings').first('default_language'))?.default_language ?? null;
}

/** Many users' languages (each their own, else the project's) and whether Directus mails them notifications. */
export async function readersOf(db: Db, users: string[]): Promise<Map<string, { language: string | null; mailed: boolean }>> {
	const fallback = await projectLanguage(db);
	const out = new Map<string, { language: string | null; mailed: boolean }>();
	for (let i = 0; i < users.length; i += 1000) {
		const rows = await db('directus_users').select('id', 'language', 'email', 'email_notifications').whereIn('id', users.slice(i, i + 1000));
		for (const r of rows as any[]) out.set(r.id, { language: r.language || fallback, mailed: !!r.email && readBool(r.email_notifications) });
	}
	return out;
}

export interface RepProfile {
	id: number;
	team: number | null;
	max_new: number | null;
	max_prospects: number | null;
	availability: string | null;
	away_until: unknown;
	monthly_capacity: number | null;
}

export async function loadProfile(db: Db, user: string): Promise<RepProfile | null> {
	return (await loadProfiles(db, [user])).get(user) ?? null;
}

/** Several reps' profiles in one query, by user (a user without a profile is absent). */
export async function loadProfiles(db: Db, users: string[]): Promise<Map<string, RepProfile>> {
	if (users.length === 0) return new Map();
	const rows = await db('crm_rep_profiles')
		.select('id', 'user', 'team', 'max_new', 'max_prospects', 'availability', 'away_until', 'monthly_capacity')
		.whereIn('user', users);
	return new Map(rows.map(({ user, ...profile }: any) => [user, profile as RepProfile]));
}

/** Every rep with a profile (the people assignment can ever choose), with their team. */
export async function repDirectory(db: Db): Promise<any[]> {
	return db('crm_rep_profiles as p')
		.join('directus_users as u', 'u.id', 'p.user')
		.leftJoin('crm_teams as t', 't.id', 'p.team')
		.select(
			'u.id',
			'u.first_name',
			'u.last_name',
			'u.email',
			'u.status',
			'p.team',
			't.name as team_name',
			'p.regions',
			'p.industries',
			'p.availability',
			'p.away_until',
			'p.max_new',
			'p.max_prospects',
			'p.monthly_capacity',
		);
}

/** The cap overrides of active reps with a profile (one of them when `rep` is given). */
export async function activeRepCaps(db: Db, rep?: string): Promise<({ user: string } & QuotaOverride)[]> {
	return db('crm_rep_profiles as p')
		.join('directus_users as u', 'u.id', 'p.user')
		.select('p.user', 'p.max_new', 'p.max_prospects')
		.where('u.status', 'active')
		.modify((q) => (rep ? q.where('p.user', rep) : q));
}

/** Active sales managers: by role, or by the manager policy attached to the user. */
export async function salesManagers(db: Db): Promise<string[]> {
	const managers = await db('directus_users')
		.select('directus_users.id')
		.where('status', 'active')
		.andWhere((q) =>
			q
				.where('role', ids.role.manager)
				.orWhereIn('id', (sub) => sub.select('user').from('directus_access').where('policy', ids.policy.manager).whereNotNull('user')),
		);
	return managers.map((m: { id: string }) => m.id);
}

const POLICY_TTL_MS = 10_000;
const policyCache = new Map<string, { at: number; epoch: number | null; policies: string[] }>();

/** Policies, or who holds them, changed (this process; others by the access epoch). */
export function forgetPolicies(): void {
	policyCache.clear();
}

/**
 * The Lead Pool policies a user holds directly or through their roles. Directus's accountability carries roles but
 * not policies, and a manager may be made one by a policy attached to the user; cached briefly per user and role.
 */
export async function policiesOf(db: Db, accountability: ActorLike): Promise<string[]> {
	if (!accountability.user) return [];
	const roles = [...(accountability.roles ?? []), ...(accountability.role ? [accountability.role] : [])];
	const key = `${accountability.user}|${roles.join(',')}`;
	// the epoch first: facts read after it are tagged with it, never with a later one (see data/epochs)
	const epoch = await accessEpoch(db);
	const hit = policyCache.get(key);
	if (hit && stillHolds(hit, epoch, POLICY_TTL_MS)) return hit.policies;
	const rows = await db('directus_access')
		.select('policy')
		.where('user', accountability.user)
		.orWhereIn('role', roles.length ? roles : ['00000000-0000-0000-0000-000000000000']);
	const policies = [...new Set(rows.map((r: { policy: string }) => r.policy))];
	policyCache.set(key, { at: Date.now(), epoch, policies });
	if (policyCache.size > 5000) policyCache.clear();
	return policies;
}

/** Who an accountability is to Lead Pool: admin, manager, rep or anonymous. */
export async function resolveActorKind(db: Db, accountability: ActorLike | null | undefined): Promise<ActorKind> {
	if (!accountability) return 'anonymous';
	if (accountability.admin) return 'admin';
	return actorKind({ ...accountability, policies: await policiesOf(db, accountability) });
}

/**
 * A user's accountability as Directus would build it, from their role and policies, for code that knows only the
 * user's id (the edge that words refusals).
 */
export async function accountabilityOfUser(db: Db, user: string): Promise<ActorLike> {
	const row = await db('directus_users').first('role').where('id', user);
	const role: string | null = row?.role ?? null;
	const actor: ActorLike = { user, role, roles: role ? [role] : [] };
	const policies = await policiesOf(db, actor);
	const admin = policies.length > 0 && !!(await db('directus_policies').first('id').whereIn('id', policies).where('admin_access', true));
	return { ...actor, admin };
}

/** The team of a rep (their profile's), or null. */
export async function teamOf(db: Db, user: string): Promise<number | null> {
	const row = await db('crm_rep_profiles').first('team').where('user', user);
	return row?.team === null || row?.team === undefined ? null : Number(row.team);
}
