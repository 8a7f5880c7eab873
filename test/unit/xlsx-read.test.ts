import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readTable } from '../../extensions/lead-pool/src/shared/spreadsheet-files';

/** The same workbook with its parts stored in the order given (parts not named keep their place, after these). */
async function reordered(buffer: Buffer, first: string[]): Promise<Buffer> {
	const zip = await JSZip.loadAsync(buffer);
	const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
	const order = [...first.filter((name) => names.includes(name)), ...names.filter((name) => !first.includes(name))];
	const out = new JSZip();
	for (const name of order) out.file(name, await zip.file(name)!.async('uint8array'));
	return Buffer.from(await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
}

async function customerList(): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	workbook.addWorksheet('Lists').addRow(['not customers']);
	const sheet = workbook.addWorksheet('客户');
	sheet.addRow(['公司名称', '联系人', '电话']);
	sheet.addRow(['华鑫机械', '王伟', '13800001234']);
	sheet.addRow(['东方贸易', '李娜', '13900005678']);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('reading an .xlsx file', () => {
	it('reads the customers whatever order the parts of the file come in', async () => {
		const file = await customerList();
		const parts = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
		// the workbook part first (as Excel writes it), and last, after the worksheets and shared strings (as exceljs
		// sometimes does): exceljs's streaming reader alone fails on the second
		for (const order of [[...parts, 'xl/workbook.xml'], [...parts, 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']]) {
			const table = await readTable(await reordered(file, order), 100);
			expect(table.headers).toEqual(['公司名称', '联系人', '电话']);
			expect(table.rows).toEqual([
				{ row: 2, cells: ['华鑫机械', '王伟', '13800001234'] },
				{ row: 3, cells: ['东方贸易', '李娜', '13900005678'] },
			]);
		}
	});

	it('still refuses a zip that is no workbook', async () => {
		const zip = new JSZip();
		zip.file('readme.txt', 'hello');
		const buffer = Buffer.from(await zip.generateAsync({ type: 'uint8array' }));
		await expect(readTable(buffer, 100)).rejects.toMatchObject({ problem: { code: 'unreadable_xlsx' } });
	});
});
