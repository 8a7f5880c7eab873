import { createItem, createItems, createUsers, rest, staticToken, createDirectus } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { harness } from './clients';

/**
 * Fresh people and pools per test file, so files never share quotas, memberships or customers. Everything is created
 * through the API by the admin, as a manager would in the studio.
 */
export function fixtures() {
	const h = harness();
	const tag = randomBytes(3).toString('hex');

	async function makeReps(count: number, opts: { team?: number; language?: string; profile?: Record<string, unknown> } = {}) {
		const people = Array.from({ length: count }, (_, i) => ({ id: randomUUID(), email: `rep-${tag}-${i}-${randomBytes(2).toString('hex')}@example.org`, token: randomBytes(16).toString('hex') }));
		await h.admin.request(
			createUsers(people.map((p, i) => ({ id: p.id, email: p.email, token: p.token, role: ids.role.rep, status: 'active', email_notifications: false, first_name: `Rep${i}`, last_name: tag, password: randomBytes(8).toString('hex'), ...(opts.language ? { language: opts.language } : {}) })) as any),
		);
		await h.admin.request(createItems('crm_rep_profiles', people.map((p) => ({ user: p.id, team: opts.team ?? null, availability: 'available', ...opts.profile })) as any));
		return people.map((p) => ({ ...p, client: h.as(p.token) }));
	}

	async function makeTeam(name = `Team ${tag} ${randomBytes(2).toString('hex')}`) {
		return (await h.admin.request(createItem('crm_teams', { name } as any))) as any as { id: number };
	}

	async function makePool(data: Record<string, unknown> & { members?: { user?: string; team?: number; role?: string }[] }) {
		const { members = [], ...rest } = data;
		return (await h.admin.request(
			createItem('crm_pools', { name: `Pool ${tag} ${randomBytes(2).toString('hex')}`, kind: 'department', status: 'active', claim_policy: 'open', claim_direct: true, cooldown_days: 0, ...rest, members: members.map((m) => ({ role: m.role ?? 'member', user: m.user ?? null, team: m.team ?? null })) } as any),
		)) as any as { id: number; name: string };
	}

	/** Customers created by the admin straight into a pool (unowned) or for an owner. */
	async function makeCustomers(count: number, data: Record<string, unknown> = {}) {
		const rows = Array.from({ length: count }, (_, i) => ({ name: `Customer ${tag} ${i} ${randomBytes(2).toString('hex')}`, source: 'manual', stage: 'new', ...data }));
		const created = (await h.admin.request(createItems('crm_customers', rows as any))) as any[];
		return created.map((c) => Number(c.id));
	}

	return { h, tag, makeReps, makeTeam, makePool, makeCustomers, adminToken: h.info.adminToken, as: (token: string) => createDirectus(h.url).with(staticToken(token)).with(rest()) };
}
