import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Phones in the duplicate check identify a number; they never reveal one. A typed phone matches a customer when it is
 * the same whole number — international, national (with or without the trunk 0) or the local number printed on a card
 * without its area code (`55550199` for `+86 21 5555 0199`) — and never when it is a fragment, so adding one digit at a
 * time cannot rebuild a hidden customer's phone. Each stored phone keeps two keys: the digits of its international
 * form, and its local number where the country's numbering has area codes this knows (China, North America).
 */
export interface PhoneKeys {
	key: string | null;
	local: string | null;
}

/** Shortest typed phone that is treated as a number at all (a local number has 7 or 8 digits). */
export const MIN_PHONE_DIGITS = 7;

export function phoneKeys(phone: string | null | undefined, defaultCountry: CountryCode = 'CN'): PhoneKeys {
	if (phone == null) return { key: null, local: null };
	const text = phone.normalize('NFKC');
	const parsed = parsePhoneNumberFromString(text, defaultCountry);
	if (parsed?.isValid()) return { key: parsed.number.replace(/\D+/g, ''), local: localNumber(parsed.countryCallingCode, parsed.nationalNumber) };
	const digits = text.replace(/\D+/g, '');
	return { key: digits.length >= 5 ? digits : null, local: null };
}

/**
 * The subscriber number without its area code. China: fixed lines are a 2-digit (10, 2x) or 3-digit area code and 7
 * or 8 digits; mobiles (1[3-9] and 9 more digits) have none; a number given without its area code is local already.
 * North America: a 3-digit area code and 7 digits. Elsewhere the national number is matched whole.
 */
export function localNumber(callingCode: string, national: string): string | null {
	if (callingCode === '86') {
		if (/^1[3-9]\d{9}$/.test(national)) return null;
		if (national.length === 7 || national.length === 8) return national;
		if (national.length < 10 || national.length > 11) return null;
		const local = national.slice(/^(10|2)/.test(national) ? 2 : 3);
		return local.length === 7 || local.length === 8 ? local : null;
	}
	if (callingCode === '1' && national.length === 10) return national.slice(3);
	return null;
}

/** What a typed keyword may match as a phone: whole international keys and local numbers; nothing for a fragment. */
export function phoneCandidates(keyword: string, defaultCountry: CountryCode = 'CN'): { keys: string[]; locals: string[] } {
	const trimmed = keyword.normalize('NFKC').trim();
	const digits = trimmed.replace(/\D+/g, '');
	if (!/^[\d\s()+\-.]+$/.test(trimmed) || digits.length < MIN_PHONE_DIGITS) return { keys: [], locals: [] };
	const keys = new Set<string>([digits]);
	const locals = new Set<string>();
	const own = phoneKeys(trimmed, defaultCountry);
	if (own.key) keys.add(own.key);
	if (own.local) locals.add(own.local);
	// typed without area code: the digits themselves are a local number
	if (!trimmed.startsWith('+') && (digits.length === 7 || digits.length === 8)) locals.add(digits);
	return { keys: [...keys], locals: [...locals] };
}

/** The local number of a stored key (the digits of an international number), as phoneKeys would give it. */
export function localOfKey(key: string | null | undefined): string | null {
	if (!key) return null;
	return phoneKeys(`+${key}`).local;
}
