import { ForbiddenError } from '@directus/errors';
import type { Register } from './register';


const APPEND_ONLY = 'Ownership events are an append-only audit trail; they cannot be written, changed or deleted.';

/** The audit trail is append-only: the extension writes it in SQL; nobody creates, edits or deletes events through the API. */
export function registerAuditGuard({ filter }: Register) {
	for (const event of ['crm_events.items.create', 'crm_events.items.update', 'crm_events.items.delete']) {
		filter(event, (payload: unknown, _meta: unknown, context: any) => {
			if (context?.accountability) throw new ForbiddenError({ reason: APPEND_ONLY } as any);
			return payload;
		});
	}
}
