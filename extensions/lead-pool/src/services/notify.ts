import type { Knex } from 'knex';
import ids from '../core/ids.json';

/** Directus notifications (the bell in the studio, and e-mail where users enabled it). */
export async function notify(services: any, schema: any, recipients: (string | null)[], note: { subject: string; message: string; collection?: string; item?: string }) {
	const unique = [...new Set(recipients.filter((r): r is string => !!r))];
	if (unique.length === 0) return;
	const service = new services.NotificationsService({ schema });
	await service.createMany(unique.map((recipient) => ({ recipient, sender: null, subject: note.subject, message: note.message, collection: note.collection ?? null, item: note.item ?? null })));
}

/** Many notifications at once (one insert through the service), e.g. one per rep after an assignment run. */
export async function notifyEach(services: any, schema: any, notes: { recipient: string; subject: string; message: string; collection?: string; item?: string }[]) {
	if (notes.length === 0) return;
	const service = new services.NotificationsService({ schema });
	await service.createMany(notes.map((n) => ({ recipient: n.recipient, sender: null, subject: n.subject, message: n.message, collection: n.collection ?? null, item: n.item ?? null })));
}

/** Pool admins of a pool, or the sales managers when the pool names none. */
export async function poolAdminsAndManagers(knex: Knex, pool: number | null): Promise<string[]> {
	if (pool !== null) {
		const admins = await knex('crm_pool_members').select('user').where({ pool, role: 'admin' }).whereNotNull('user');
		if (admins.length) return admins.map((a: any) => a.user);
	}
	const managers = await knex('directus_users')
		.select('directus_users.id')
		.where('status', 'active')
		.andWhere((q) => q.where('role', ids.role.manager).orWhereIn('id', (sub) => sub.select('user').from('directus_access').where('policy', ids.policy.manager).whereNotNull('user')));
	return managers.map((m: any) => m.id);
}
