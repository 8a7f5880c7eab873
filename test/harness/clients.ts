import { createDirectus, rest, staticToken } from '@directus/sdk';
import { inject } from 'vitest';

/** SDK clients of the harness's admin, manager and reps, on the instance of the current project. */
export function harness() {
	const info = inject('leadPool');
	const as = (token: string) => createDirectus(info.url).with(staticToken(token)).with(rest());
	return {
		info,
		url: info.url,
		admin: as(info.adminToken),
		manager: as(info.people.manager.token),
		reps: info.people.reps.map((r) => as(r.token)),
		as,
		/** Raw HTTP for what the SDK hides (status codes, error bodies). */
		http: async (token: string | null, method: string, path: string, body?: unknown) => {
			const res = await fetch(`${info.url}${path}`, {
				method,
				headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await res.text();
			let json: any = null;
			try {
				json = text ? JSON.parse(text) : null;
			} catch {
				json = text;
			}
			return { status: res.status, body: json };
		},
	};
}

/** What an SDK call that must be refused was refused with: status, error code and message. */
export async function refusal(p: Promise<unknown>): Promise<{ status: number | undefined; code: string | undefined; message: string }> {
	try {
		await p;
	} catch (e: any) {
		return { status: e?.response?.status, code: e?.errors?.[0]?.extensions?.code, message: e?.errors?.[0]?.message as string };
	}
	throw new Error('expected a refusal');
}
