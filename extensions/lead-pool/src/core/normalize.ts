/**
 * Duplicate-check keys, stored on every customer when it is written so that lookups use an index instead of
 * normalising at query time. This is the basic form (NFKC, case, spaces and punctuation, company suffixes); the
 * duplicate-check issue extends it with Traditional/Simplified Chinese and phone parsing.
 */
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
	let key = name.normalize('NFKC').toLowerCase();
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

export function phoneKey(phone: string | null | undefined): string | null {
	if (phone == null) return null;
	const digits = phone.normalize('NFKC').replace(/\D+/g, '');
	return digits.length >= 5 ? digits : null;
}

export function emailKey(email: string | null | undefined): string | null {
	if (email == null) return null;
	const key = email.normalize('NFKC').trim().toLowerCase();
	return key.includes('@') ? key : null;
}
