import { useApi } from '@directus/extensions-sdk';
import { ref, type Ref } from 'vue';
import type { ActorKind } from '../core/actor';

/**
 * The studio side of the API, in one place for every Vue file of the bundle: the text of a failed request (Lead
 * Pool's refusals arrive already in the user's language) and who the user is to Lead Pool, as the server decides it
 * (`GET /lead-pool/status`), so no component re-decides roles from role ids.
 */
export function apiErrorText(error: any, fallback: string): string {
	return error?.response?.data?.errors?.[0]?.message ?? fallback;
}

/** One status request per page, however many components ask. */
let asked: Promise<ActorKind> | null = null;

/** The signed-in user's kind to Lead Pool: 'admin', 'manager', 'rep' (null until the server answered). */
export function useCallerKind(): Ref<ActorKind | null> {
	const api = useApi();
	const kind = ref<ActorKind | null>(null);
	asked ??= api
		.get('/lead-pool/status')
		.then((res: any) => res.data?.data?.role as ActorKind)
		.catch((error: unknown) => {
			asked = null;
			throw error;
		});
	asked.then(
		(k) => (kind.value = k),
		() => undefined,
	);
	return kind;
}
