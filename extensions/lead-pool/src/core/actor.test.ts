import { describe, expect, it } from 'vitest';
import { actorKind } from './actor';
import { POLICY, ROLE } from './ids';
import { redactUsersForRep } from './users';

describe('who is acting', () => {
	it('tells admins, managers and reps apart by policy', () => {
		expect(actorKind({ user: 'u', admin: true, policies: [] })).toBe('admin');
		expect(actorKind({ user: 'u', admin: false, policies: [POLICY.manager] })).toBe('manager');
		expect(actorKind({ user: 'u', admin: false, roles: [ROLE.manager] })).toBe('manager');
		expect(actorKind({ user: 'u', admin: false, policies: [POLICY.rep, POLICY.studio] })).toBe('rep');
		expect(actorKind({ user: 'u', admin: false, policies: [] })).toBe('rep');
		expect(actorKind({ user: null, admin: false, policies: [] })).toBe('anonymous');
		expect(actorKind(null)).toBe('anonymous');
	});
});

describe('what a rep reads of other users', () => {
	it('keeps names and avatar of others and the whole own record', () => {
		const out = redactUsersForRep(
			[
				{ id: 'me', email: 'me@x', first_name: 'Me' },
				{ id: 'other', email: 'o@x', first_name: 'O', token: 't', avatar: 'a' },
			],
			'me',
		);
		expect(out).toEqual([{ id: 'me', email: 'me@x', first_name: 'Me' }, { id: 'other', first_name: 'O', avatar: 'a' }]);
	});
});

describe('reads that target one user', () => {
	it('recognises readOne-style filters', async () => {
		const { filterTargetsOnly } = await import('./users');
		expect(filterTargetsOnly({ _and: [{}, { id: { _eq: 'me' } }] }, 'me')).toBe(true);
		expect(filterTargetsOnly({ id: { _eq: 'other' } }, 'me')).toBe(false);
		expect(filterTargetsOnly({ first_name: { _eq: 'me' } }, 'me')).toBe(false);
		expect(filterTargetsOnly(undefined, 'me')).toBe(false);
	});
});

describe('users nested in what a rep reads', () => {
	it('are redacted through m2o and o2m relations, leaving the rep themself whole', async () => {
		const { redactNestedUsers } = await import('./users');
		const relations: Record<string, { collection: string; kind: 'm2o' | 'o2m' }> = {
			'crm_customers.owner': { collection: 'directus_users', kind: 'm2o' },
			'crm_customers.follow_ups': { collection: 'crm_follow_ups', kind: 'o2m' },
			'crm_follow_ups.rep': { collection: 'directus_users', kind: 'm2o' },
		};
		const out = redactNestedUsers(
			'crm_customers',
			[
				{
					id: 1,
					owner: { id: 'x', email: 'x@e', first_name: 'X' },
					follow_ups: [
						{ id: 5, rep: { id: 'me', email: 'me@e' } },
						{ id: 6, rep: { id: 'y', email: 'y@e' } },
					],
				},
			],
			'me',
			(c, f) => relations[`${c}.${f}`] ?? null,
		);
		expect(out).toEqual([
			{
				id: 1,
				owner: { id: 'x', first_name: 'X' },
				follow_ups: [
					{ id: 5, rep: { id: 'me', email: 'me@e' } },
					{ id: 6, rep: { id: 'y' } },
				],
			},
		]);
	});
});
