import { createCollection, createDirectus, createItems, createUsers, rest, staticToken } from '@directus/sdk';
import { randomBytes, randomUUID } from 'node:crypto';
import ids from '../../extensions/lead-pool/src/core/ids.json' with { type: 'json' };

export interface Person {
	id: string;
	email: string;
	token: string;
}
export interface People {
	manager: Person;
	reps: Person[];
}

/** A sales manager and six reps, all API-only (no studio access, so they take no Directus 12 seat). */
export async function createPeople(url: string, adminToken: string, repCount = 6): Promise<People> {
	const client = createDirectus(url).with(staticToken(adminToken)).with(rest());
	const make = (label: string, role: string): Person & { role: string } => ({ id: randomUUID(), email: `${label}-${randomBytes(3).toString('hex')}@example.org`, token: randomBytes(16).toString('hex'), role });
	const manager = make('manager', ids.role.manager);
	const reps = Array.from({ length: repCount }, (_, i) => make(`rep${i + 1}`, ids.role.rep));
	await client.request(
		createUsers(
			[manager, ...reps].map((p, i) => ({ id: p.id, email: p.email, token: p.token, role: p.role, status: 'active', email_notifications: false, first_name: i === 0 ? 'Test' : 'Rep', last_name: i === 0 ? 'Manager' : String(i), password: randomBytes(8).toString('hex') })),
		),
	);
	const strip = ({ role: _role, ...p }: Person & { role: string }) => p;
	return { manager: strip(manager), reps: reps.map(strip) };
}

/** An unrelated collection with rows, as a customer's existing Directus would have. */
export async function seedUnrelatedCollection(url: string, adminToken: string) {
	const client = createDirectus(url).with(staticToken(adminToken)).with(rest());
	await client.request(
		createCollection({
			collection: 'blog_posts',
			meta: { icon: 'article', note: 'Not ours: setup must leave it alone' },
			schema: {},
			fields: [
				{ field: 'id', type: 'integer', meta: { hidden: true }, schema: { is_primary_key: true, has_auto_increment: true } },
				{ field: 'title', type: 'string', meta: { interface: 'input' }, schema: {} },
				{ field: 'owner', type: 'string', meta: { interface: 'input' }, schema: {} },
			],
		} as any),
	);
	await client.request(createItems('blog_posts', [{ title: 'Hello', owner: 'someone' }, { title: 'World', owner: 'someone else' }]));
}
