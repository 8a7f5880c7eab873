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
