import { describe, expect, it } from 'vitest';
import { maskContacts, carriesContacts, maskEmail, maskName, maskPhone } from './mask';

describe('contacts hidden until claimed', () => {
	it('masks phones, e-mails and contact names the way the pool shows them', () => {
		expect(maskPhone('13812341234')).toBe('138****1234');
		expect(maskPhone('+86 21 5555 0199')).toBe('+86****0199');
		expect(maskPhone('12345')).toBe('***45');
		expect(maskEmail('wang@example.com')).toBe('w***@example.com');
		expect(maskEmail('nonsense')).toBe('***');
		expect(maskName('王小明')).toBe('王**');
		expect(maskName('John Smith')).toBe('J***');
	});

	it('masks only the fields a record carries and clears the normalised keys', () => {
		expect(maskContacts({ id: 1, name: 'Acme', phone: '13812341234', phone_key: '8613812341234' })).toEqual({ id: 1, name: 'Acme', phone: '138****1234', phone_key: null });
		expect(maskContacts({ id: 2, email: null })).toEqual({ id: 2, email: null });
	});

	it('masks a contact field read under another name (an alias) as the field it is', () => {
		const aliases = { x: 'phone', y: 'email', z: 'contact_name' };
		expect(maskContacts({ id: 3, x: '13812341234', y: 'wang@example.com', z: '王小明', name: 'Acme' }, aliases)).toEqual({
			id: 3,
			x: '138****1234',
			y: 'w***@example.com',
			z: '王**',
			name: 'Acme',
		});
		expect(carriesContacts({ id: 3, x: '1' }, aliases)).toBe(true);
		expect(carriesContacts({ id: 3, name: 'Acme' }, aliases)).toBe(false);
	});

	it('never leaves a full number inside the masked value', () => {
		for (const phone of ['13812341234', '+1 (212) 555-0199', '021-55550199', '5555 0199']) {
			const masked = maskPhone(phone).replace(/\D/g, '');
			expect(phone.replace(/\D/g, '').length - masked.length).toBeGreaterThanOrEqual(4);
		}
	});
});
