import * as OpenCC from 'opencc-js/t2cn';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/**
 * Duplicate-check keys, stored on every customer when it is written so that lookups use an index instead of
 * normalising at query time: Unicode NFKC (full-width to half-width), Traditional to Simplified Chinese (OpenCC),
 * case, spaces and punctuation, common company suffixes; phones as E.164 digits (libphonenumber), e-mails in lower
 * case.
 */
const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
const SUFFIXES = [
	'股份有限公司',
	'有限责任公司',
	'有限公司',
	'集团公司',
	'公司',
	'corporation',
	'incorporated',
	'company',
	'limited',
	'gmbh',
	'corp',
	'ltd',
	'llc',
	'inc',
	'co',
];

export function nameKey(name: string | null | undefined): string | null {
	if (name == null) return null;
	let key = toSimplified(name.normalize('NFKC')).toLowerCase();
	key = key.replace(/[\p{P}\p{S}\s]+/gu, ' ').trim();
	let changed = true;
	while (changed && key.length > 0) {
		changed = false;
		for (const suffix of SUFFIXES) {
			const latin = /^[a-z]+$/.test(suffix);
			if (latin ? key.endsWith(' ' + suffix) || key === suffix : key.endsWith(suffix)) {
				const stripped = key.slice(0, key.length - suffix.length).trim();
				if (stripped.length === 0) break;
				key = stripped;
				changed = true;
			}
		}
	}
	key = key.replace(/\s+/g, '');
	return key.length > 0 ? key : null;
}

/**
 * A phone as the digits of its international form, so "+86 138-0013-8000", "0086 13800138000" and "13800138000"
 * (read in the default country) compare equal. A partial or unparseable number keeps its plain digits.
 */
export function phoneKey(phone: string | null | undefined, defaultCountry: CountryCode = 'CN'): string | null {
	if (phone == null) return null;
	const text = phone.normalize('NFKC');
	const parsed = parsePhoneNumberFromString(text, defaultCountry);
	if (parsed?.isValid()) return parsed.number.replace(/\D+/g, '');
	const digits = text.replace(/\D+/g, '');
	return digits.length >= 5 ? digits : null;
}

export function emailKey(email: string | null | undefined): string | null {
	if (email == null) return null;
	const key = email.normalize('NFKC').trim().toLowerCase();
	return key.includes('@') ? key : null;
}
