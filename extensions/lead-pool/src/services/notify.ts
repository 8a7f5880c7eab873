import type { Db } from '../data/dialects';
import { salesManagers } from '../data/people';
import { poolAdmins } from '../data/pools';

/** What sending notifications needs from Directus: its services, the schema, and a logger for failures. */
export interface NotifyDeps {
	services: any;
	getSchema: () => Promise<any>;
	logger?: any;
}

export interface Note {
	subject: string;
	message: string;
	collection?: string;
	item?: string;
}

/** Directus notifications (the bell in the studio, and e-mail where users enabled it). */
export async function notify(services: any, schema: any, recipients: (string | null)[], note: Note, sender: string | null = null) {
	const unique = [...new Set(recipients.filter((r): r is string => !!r))];
	await notifyEach(
		services,
		schema,
		unique.map((recipient) => ({ recipient, ...note })),
		sender,
	);
}

/** Many notifications at once (one insert through the service), e.g. one per rep after an assignment run. */
export async function notifyEach(services: any, schema: any, notes: (Note & { recipient: string })[], sender: string | null = null) {
	if (notes.length === 0) return;
	const service = new services.NotificationsService({ schema });
	await service.createMany(
		notes.map((n) => ({
			recipient: n.recipient,
			sender,
			subject: n.subject,
			message: n.message,
			collection: n.collection ?? null,
			item: n.item ?? null,
		})),
	);
}

/** Pool admins of a pool, or the sales managers when the pool names none. */
export async function poolAdminsAndManagers(db: Db, pool: number | null): Promise<string[]> {
	if (pool !== null) {
		const admins = await poolAdmins(db, pool);
		if (admins.length) return admins;
	}
	return salesManagers(db);
}
