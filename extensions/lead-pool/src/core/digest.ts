import { say, type Lang } from './refusals';
import { formatDay } from './time';

/**
 * The morning digest a rep gets once a day: the customers to contact today (next contact today or passed, overdue
 * first) and those that fall due for reclaim soon, in the rep's language. Markdown, as Directus mails notifications.
 */

export interface DigestContact {
	name: string;
	next_contact_at: Date;
}

export interface DigestDue {
	name: string;
	due_at: Date;
	pool_name: string;
}

export interface DigestNote {
	subject: string;
	message: string;
}

/** At most this many names per section; the rest are counted. */
export const DIGEST_MAX_NAMES = 20;

/** One language at a time (core/refusals say): Traditional Chinese is the Simplified text converted, names as written. */
const text = (lang: Lang, en: string, zh: string, keep: readonly unknown[] = []) => say(lang, en, zh, keep);

/** Who gets a digest: every owner with a contact due today or a customer falling due, each once. */
export function digestRecipients(contacts: Map<string, DigestContact[]>, due: Map<string, DigestDue[]>): string[] {
	return [...new Set([...contacts.keys(), ...due.keys()])].filter((owner) => (contacts.get(owner)?.length ?? 0) + (due.get(owner)?.length ?? 0) > 0);
}

/**
 * One rep's digest. `today` is the first moment of the day in the settings' time zone: a contact planned before it
 * is overdue. Dates are shown as days in that zone.
 */
export function digestNote(lang: Lang, opts: { contacts: DigestContact[]; due: DigestDue[]; today: Date; timeZone: string }): DigestNote {
	const contacts = [...opts.contacts].sort((a, b) => a.next_contact_at.getTime() - b.next_contact_at.getTime());
	const due = [...opts.due].sort((a, b) => a.due_at.getTime() - b.due_at.getTime());
	const overdue = contacts.filter((c) => c.next_contact_at < opts.today).length;
	const day = (d: Date) => formatDay(d, opts.timeZone);

	const parts: string[] = [];
	if (contacts.length) parts.push(text(lang, `${contacts.length} to contact today${overdue ? ` (${overdue} overdue)` : ''}`, `今日待联系 ${contacts.length} 个${overdue ? `（逾期 ${overdue} 个）` : ''}`));
	if (due.length) parts.push(text(lang, `${due.length} fall due for reclaim`, `${due.length} 个即将被回收`));
	const subject = text(lang, `Your day: ${parts.join(', ')}`, `今日客户：${parts.join('，')}`);

	const lines: string[] = [];
	if (contacts.length) {
		lines.push(`**${text(lang, 'To contact today', '今日待联系')}** (${contacts.length})`, '');
		for (const c of contacts.slice(0, DIGEST_MAX_NAMES)) {
			const late = c.next_contact_at < opts.today ? ` — ${text(lang, `overdue since ${day(c.next_contact_at)}`, `${day(c.next_contact_at)} 起逾期`)}` : '';
			lines.push(`- ${c.name}${late}`);
		}
		if (contacts.length > DIGEST_MAX_NAMES) lines.push(`- … ${text(lang, `and ${contacts.length - DIGEST_MAX_NAMES} more`, `另有 ${contacts.length - DIGEST_MAX_NAMES} 个`)}`);
		lines.push('');
	}
	if (due.length) {
		lines.push(`**${text(lang, 'Falling due for reclaim: log a follow-up to keep them', '即将被回收：请跟进以保留')}** (${due.length})`, '');
		for (const c of due.slice(0, DIGEST_MAX_NAMES)) lines.push(`- ${c.name} — ${text(lang, `back to "${c.pool_name}" on ${day(c.due_at)}`, `${day(c.due_at)} 回到公海「${c.pool_name}」`, [c.pool_name])}`);
		if (due.length > DIGEST_MAX_NAMES) lines.push(`- … ${text(lang, `and ${due.length - DIGEST_MAX_NAMES} more`, `另有 ${due.length - DIGEST_MAX_NAMES} 个`)}`);
	}
	return { subject, message: lines.join('\n').trim() };
}
