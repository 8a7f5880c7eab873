/**
 * Contacts hidden until claimed: what a member of a pool that hides contacts reads instead of a pool customer's phone,
 * e-mail and contact name. Enough to tell two cards apart (the first and last digits, the mail domain, the family
 * name), never enough to call or write.
 */
export const MASKED_CONTACT_FIELDS = ['phone', 'email', 'contact_name', 'phone_key', 'email_key'] as const;

/**
 * `13812345678` → `138****5678`; `+86 21 5555 0199` → `+86****0199`; a local number keeps its last four digits, a
 * short one its last two: at least four digits are always hidden.
 */
export function maskPhone(phone: string): string {
	const digits = phone.replace(/\D/g, '');
	if (digits.length < 8) return `***${digits.slice(-2)}`;
	if (digits.length < 11) return `****${digits.slice(-4)}`;
	const head = phone.trim().startsWith('+') ? `+${digits.slice(0, 2)}` : digits.slice(0, 3);
	return `${head}****${digits.slice(-4)}`;
}

/** `wang@example.com` → `w***@example.com`. */
export function maskEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at <= 0) return '***';
	return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** `王小明` → `王**`; `John Smith` → `J***`. */
export function maskName(name: string): string {
	const chars = [...name.trim()];
	if (chars.length === 0) return '';
	const cjk = /[\u3400-\u9fff]/.test(chars[0]!);
	return `${chars[0]}${cjk ? '*'.repeat(Math.max(chars.length - 1, 1)) : '***'}`;
}

/**
 * The record with its contact fields masked (fields it does not carry stay absent). `aliases` names the fields read
 * under another name (`alias[x]=phone`, a GraphQL alias): those are masked as the field they are.
 */
export function maskContacts<T extends Record<string, unknown>>(record: T, aliases: Record<string, string> = {}): T {
	const out: Record<string, unknown> = { ...record };
	const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
	for (const [key, value] of Object.entries(out)) {
		const field = aliases[key] ?? key;
		if (field === 'phone' && text(value)) out[key] = maskPhone(value as string);
		else if (field === 'email' && text(value)) out[key] = maskEmail(value as string);
		else if (field === 'contact_name' && text(value)) out[key] = maskName(value as string);
		else if ((field === 'phone_key' || field === 'email_key') && value !== null) out[key] = null;
	}
	return out as T;
}

/** Whether a record carries a contact field, under its own name or an alias. */
export function carriesContacts(record: Record<string, unknown>, aliases: Record<string, string> = {}): boolean {
	return Object.keys(record).some((key) => (MASKED_CONTACT_FIELDS as readonly string[]).includes(aliases[key] ?? key));
}
