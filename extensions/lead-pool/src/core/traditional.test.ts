import { describe, expect, it } from 'vitest';
import { traditional } from './traditional';

describe('Traditional Chinese for Taiwan and Hong Kong', () => {
	it('uses the words a rep in Taiwan reads', () => {
		expect(traditional('默认上限，可在业务员档案中单独设置。')).toBe('預設上限，可在業務員檔案中單獨設定。');
		expect(traditional('请联系经理。')).toBe('請聯絡經理。');
		expect(traditional('公海「X」规定 7 天后才能再次领取。')).toBe('公海「X」規定 7 天後才能再次領取。');
	});

	it('leaves the names it is told to keep as they were written', () => {
		expect(traditional('客户 华东贸易 不属于你', ['华东贸易'])).toBe('客戶 华东贸易 不屬於你');
		expect(traditional('你已拥有 2 个新客户（上限 2）', [2, ''])).toBe('你已擁有 2 個新客戶（上限 2）');
	});
});
