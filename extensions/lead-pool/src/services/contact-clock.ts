import { contactClock, contactClockText } from '../core/contact-cycle';
import type { Db } from '../data/dialects';
import { contactClockFacts } from '../data/customers';
import { loadSettings } from '../data/settings';
import { readInt, readTs } from '../data/values';

/**
 * "Days since last contact" (`days_since_contact`) is counted when it is read, so it is never stale: a list that
 * asks for it gets each owned customer's days against its contact cycle (core/contact-cycle), read for all the
 * listed customers with one query.
 */
export async function fillDaysSinceContact(db: Db, records: unknown, now = new Date()): Promise<unknown> {
	const list = Array.isArray(records) ? records : records && typeof records === 'object' ? [records] : [];
	const asked = list.filter((r: any) => r && typeof r === 'object' && 'days_since_contact' in r && r.id != null) as Record<string, any>[];
	if (asked.length === 0) return records;
	const facts = await contactClockFacts(db, [...new Set(asked.map((r) => Number(r['id'])))]);
	const { contact_cycle_days_by_tier } = await loadSettings(db);
	for (const record of asked) {
		const f = facts.get(Number(record['id']));
		if (!f) continue;
		// a pool customer's clock is its last contact only (whoever made it); never contacted, it has none
		const clock = contactClock(
			now,
			{ lastContactAt: readTs(f.last_contact_at), ownedSince: f.owner ? readTs(f.owned_since) : null, ownCycle: readInt(f.contact_cycle_days), tier: f.tier },
			contact_cycle_days_by_tier,
		);
		record['days_since_contact'] = contactClockText(clock);
	}
	return records;
}

/**
 * A read that asks for the days but not the key gets the key too (the days are found by it). A sort by the days is a
 * sort by the clock they count from — the last contact, then (never contacted) when the owner got the customer — the
 * latest first for the fewest days: the same order, on columns the database has (the days themselves are counted
 * after the read, so the database cannot sort by them). Customers without any clock sort together.
 */
export function askKeyWithDaysSinceContact(query: any): any {
	let out = query;
	const fields = query?.fields;
	if (Array.isArray(fields) && fields.includes('days_since_contact') && !fields.includes('id') && !fields.includes('*')) {
		out = { ...out, fields: [...fields, 'id'] };
	}
	const sort = sortByContactClock(query?.sort);
	if (sort) out = { ...out, sort };
	return out;
}

/** The sort list with `days_since_contact` (either way) put as the clock's columns; undefined when it has none. */
export function sortByContactClock(sort: unknown): string[] | undefined {
	const list = typeof sort === 'string' ? sort.split(',') : Array.isArray(sort) ? sort.map(String) : null;
	if (!list || !list.some((s) => s.replace(/^-/, '') === 'days_since_contact')) return undefined;
	return list.flatMap((s) => {
		if (s === 'days_since_contact') return ['-last_contact_at', '-owned_since'];
		if (s === '-days_since_contact') return ['last_contact_at', 'owned_since'];
		return [s];
	});
}
