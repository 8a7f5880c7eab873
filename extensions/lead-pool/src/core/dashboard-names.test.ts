import { describe, expect, it } from 'vitest';
import { dashboardInLanguage } from './dashboard-names';
import ids from './ids.json' with { type: 'json' };
import { STUDIO_TEXTS } from './labels';

describe('dashboard names in the reader’s language', () => {
	it('reads a shipped name, stored in any language, in the reader’s', () => {
		const stored = { id: ids.dashboard.reports, name: STUDIO_TEXTS.dashboard_reports['en-US'], note: STUDIO_TEXTS.dashboard_reports_note['zh-CN'], icon: 'monitoring' };
		expect(dashboardInLanguage(stored, 'zh-TW')).toEqual({ ...stored, name: '公海報表', note: STUDIO_TEXTS.dashboard_reports_note['zh-TW'] });
		expect(dashboardInLanguage({ ...stored, name: '公海报表' }, 'en-US').name).toBe('Pool reports');
	});

	it('keeps a name an admin wrote, and dashboards Lead Pool did not ship', () => {
		expect(dashboardInLanguage({ id: ids.dashboard.lead_pool, name: '上海团队' }, 'en-US').name).toBe('上海团队');
		const theirs = { id: 'b1d7c2a4-0000-4000-8000-000000000000', name: 'Pool reports' };
		expect(dashboardInLanguage(theirs, 'zh-CN')).toBe(theirs);
	});
});
