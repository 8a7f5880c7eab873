import type { Db } from './dialects';
import { accessEpoch, stillHolds } from './epochs';
import { readBool } from './values';

/** Facts the read guard decides on, each one indexed query, the per-request ones cached briefly per process. */

const TTL_MS = 5_000;
let hiddenPools: { at: number; epoch: number | null; ids: number[] } | null = null;
let avatars: { at: number; epoch: number | null; ids: Set<string> } | null = null;
let hasHideColumn: { at: number; value: boolean } | null = null;

/** Pools that hide their customers' contacts until claimed (none where the column does not exist yet). */
export async function contactHidingPools(db: Db): Promise<number[]> {
	const epoch = await accessEpoch(db);
	if (hiddenPools && stillHolds(hiddenPools, epoch, TTL_MS)) return hiddenPools.ids;
	if (!hasHideColumn || Date.now() - hasHideColumn.at > 60_000) {
		hasHideColumn = { at: Date.now(), value: await db.schema.hasColumn('crm_pools', 'hide_contacts') };
	}
	const rows = hasHideColumn.value ? await db('crm_pools').select('id', 'hide_contacts').where('hide_contacts', true) : [];
	const ids = rows.filter((r: any) => readBool(r.hide_contacts)).map((r: any) => Number(r.id));
	hiddenPools = { at: Date.now(), epoch, ids };
	return ids;
}

/** Files that are someone's avatar: the studio shows colleagues' avatars, so anyone signed in may read those. */
export async function avatarFiles(db: Db): Promise<Set<string>> {
	const epoch = await accessEpoch(db);
	if (avatars && stillHolds(avatars, epoch, TTL_MS * 6)) return avatars.ids;
	const rows = await db('directus_users').distinct('avatar').whereNotNull('avatar');
	avatars = { at: Date.now(), epoch, ids: new Set(rows.map((r: any) => String(r.avatar))) };
	return avatars.ids;
}

export function forgetVisibilityFacts(): void {
	hiddenPools = null;
	avatars = null;
	hasHideColumn = null;
}

/** Of these customers, the ones whose contacts are hidden: unowned, in a pool that hides contacts. */
export async function customersWithHiddenContacts(db: Db, ids: number[], pools: number[]): Promise<Set<number>> {
	if (ids.length === 0 || pools.length === 0) return new Set();
	const hidden = new Set<number>();
	for (let i = 0; i < ids.length; i += 1000) {
		const rows = await db('crm_customers').select('id').whereIn('id', ids.slice(i, i + 1000)).whereNull('owner').whereIn('pool', pools);
		for (const r of rows as { id: number }[]) hidden.add(Number(r.id));
	}
	return hidden;
}

/** Public files of the project (logo, login background…), which Directus serves to anyone. */
async function projectFiles(db: Db): Promise<string[]> {
	const row = await db('directus_settings').first('project_logo', 'public_foreground', 'public_background', 'public_favicon');
	return Object.values(row ?? {}).filter((v): v is string => typeof v === 'string');
}

/** Whether a user may download a file: their own upload, someone's avatar, or a public file of the project. */
export async function mayReadFile(db: Db, file: string, user: string | null): Promise<boolean> {
	if ((await avatarFiles(db)).has(file)) return true;
	if ((await projectFiles(db)).includes(file)) return true;
	if (!user) return false;
	const row = await db('directus_files').first('id').where({ id: file, uploaded_by: user });
	return !!row;
}
