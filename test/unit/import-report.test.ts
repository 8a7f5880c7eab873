import { describe, expect, it } from 'vitest';
import { importReportFor, isImportRequest, markImport, summarize } from '../../extensions/lead-pool/src/shared/import-report';

describe('which requests are imports', () => {
	it('Directus import of customers, the batch import with customers, and batch creates are; single creates and other collections are not', () => {
		expect(isImportRequest('POST', '/utils/import/crm_customers', undefined)).toBe('import');
		expect(isImportRequest('POST', '/utils/import/crm_customers/', undefined)).toBe('import');
		expect(isImportRequest('POST', '/utils/import', [{ collection: 'crm_customers', items: [] }])).toBe('import');
		expect(isImportRequest('POST', '/utils/import', [{ collection: 'blog_posts', items: [] }])).toBeNull();
		expect(isImportRequest('POST', '/items/crm_customers', [{ name: 'a' }])).toBe('api');
		expect(isImportRequest('POST', '/items/crm_customers', { name: 'a' })).toBeNull();
		expect(isImportRequest('PATCH', '/items/crm_customers', [{ id: 1 }])).toBeNull();
		expect(isImportRequest('POST', '/utils/import/crm_follow_ups', undefined)).toBeNull();
	});

	it('marks the accountability object of the request, nothing else', () => {
		const accountability = { user: 'u' };
		const report = markImport(accountability, 'import');
		expect(importReportFor(accountability)).toBe(report);
		expect(importReportFor({ user: 'u' })).toBeUndefined();
		expect(importReportFor(null)).toBeUndefined();
	});
});

describe('the importer’s report', () => {
	it('says nothing when every row was created, and lists each skipped, merged and flagged row otherwise', () => {
		expect(summarize({ source: 'import', rows: [{ row: 1, outcome: 'created', id: 5, name: 'A', duplicate_of: null, match: null }] })).toBeNull();
		const summary = summarize({
			source: 'import',
			rows: [
				{ row: 1, outcome: 'created', id: 5, name: 'A', duplicate_of: null, match: null },
				{ row: 2, outcome: 'skipped', id: 3, name: 'B', duplicate_of: 3, match: 'phone' },
				{ row: 3, outcome: 'merged', id: 4, name: 'C', duplicate_of: 4, match: 'name', filled: ['email'] },
				{ row: 4, outcome: 'flagged', id: 9, name: 'D', duplicate_of: 4, match: 'email' },
			],
		})!;
		expect(summary.subject).toBe('Import: 1 created, 1 skipped, 1 merged, 1 flagged');
		expect(summary.message.split('\n')).toEqual([
			'- Row 2 "B": skipped, already exists as #3 (same phone)',
			'- Row 3 "C": merged into #4 (same name); filled email',
			'- Row 4 "D": imported and flagged, matches #4 (same email)',
		]);
	});
});
