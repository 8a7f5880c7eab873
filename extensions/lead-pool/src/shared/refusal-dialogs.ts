/**
 * Directus's studio shows a refused save as a dialog titled with the translation of `errors.<CODE>` (setup installs
 * one per refusal code, from core/labels.ts) and, under it, the raw error as "[LEAD_POOL_NOT_OWNER] <message>". For
 * Lead Pool's own refusals the message is already written for people, in their language: show it as the dialog's
 * text, without the code. Installed once per page by the bundle's components (the customer form's claim and release
 * buttons, the panels), as a listener on the studio's notifications store; other errors are left as Directus shows
 * them.
 */
let installed = false;

export function plainRefusalDialogs(notifications: { $onAction?: (listener: (context: { name: string; args: any[] }) => void, detached?: boolean) => unknown } | null | undefined) {
	if (installed || typeof notifications?.$onAction !== 'function') return;
	installed = true;
	notifications.$onAction(({ name, args }) => {
		if (name !== 'add') return;
		const notice = args[0];
		const plain = plainRefusal(notice?.error);
		if (!notice?.dialog || !plain) return;
		notice.text = plain;
		delete notice.error;
	}, true);
}

/** The message of a Lead Pool refusal inside an error the studio caught, or null for any other error. */
export function plainRefusal(error: any): string | null {
	// the three shapes the studio's error dialog reads a code from (an API answer, the SDK's, one error of a list)
	const first = error?.response?.data?.errors?.[0] ?? error?.errors?.[0] ?? error;
	const code = first?.extensions?.code;
	if (typeof code !== 'string' || !code.startsWith('LEAD_POOL_') || typeof first?.message !== 'string') return null;
	return first.message;
}
