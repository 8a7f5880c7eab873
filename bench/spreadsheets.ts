// Benchmark of the spreadsheet import: POST /lead-pool/import with a 10,000-row .xlsx (Chinese headers, values by
// their Chinese labels) and the same rows as CSV, against Directus's own CSV import (`POST /utils/import/crm_customers`,
// field keys and value keys) of the same rows, on the same instance in the same run. Every row is a new customer (no
// duplicates), so both paths do the same work per row: the create hook (landing pool, import guard lookup, event).
// Directus is timed twice, before and after ours, so a table grown by the earlier imports favours neither.
import { createItem, rest, staticToken, createDirectus } from '@directus/sdk';
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { connect } from '../test/harness/database';
import { REGIONS, INDUSTRIES, SOURCES, TIERS } from '../extensions/lead-pool/src/core/labels';
import type { BenchInstance } from './instance';
import { rssMb } from './measure';


const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const CITIES = ['上海', '深圳', '宁波', '杭州', '苏州', '东莞', '青岛', '厦门', '佛山', '温州'];
const TRADES = ['机械', '电子', '五金', '纺织', '化工', '家具', '汽配', '建材', '食品', '包装'];

/** One run's rows: field keys and value keys (for Directus's import) beside the Chinese labels (for ours). */
function makeRows(count: number, tag: string) {
	const pick = <T>(xs: T[], i: number, salt: number) => xs[(i * 7 + salt) % xs.length]!;
	const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];
	return Array.from({ length: count }, (_, i) => {
		const region = pick(keys(REGIONS), i, 1);
		const industry = pick(keys(INDUSTRIES), i, 2);
		const source = pick(keys(SOURCES), i, 3);
		const tier = pick(keys(TIERS), i, 4);
		return {
			name: `${pick(CITIES, i, 5)}${tag}${i}${pick(TRADES, i, 6)}有限公司`,
			contact_name: `${pick(SURNAMES, i, 7)}先生`,
			phone: `+86 139 ${String(10_000_000 + i * 13 + Number.parseInt(tag.slice(0, 4), 16)).slice(-8)}`,
			email: `sales${i}@${tag}-${i}.example.cn`,
			region,
			industry,
			source,
			tier,
			labels: { region: REGIONS[region]['zh-CN'], industry: INDUSTRIES[industry]['zh-CN'], source: SOURCES[source]['zh-CN'], tier: TIERS[tier]['zh-CN'] },
		};
	});
}

const csvCell = (v: unknown) => `"${String(v ?? '').replace(/"/g, '""')}"`;

async function timedPost(url: string, token: string, form: FormData) {
	const t = performance.now();
	const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
	const text = await res.text();
	if (!res.ok) throw new Error(`HTTP ${res.status} ${text.slice(0, 300)}`);
	return { seconds: (performance.now() - t) / 1000, text };
}

export async function benchSpreadsheets(inst: BenchInstance, opts: { rows: number }) {
	const { url, adminToken, db } = inst;
	const admin = createDirectus(url).with(staticToken(adminToken)).with(rest());
	const knex = connect(db);
	const pid = inst.instance.child.pid;
	try {
		const pool = (await admin.request(createItem('crm_pools', { name: `Bench import ${randomBytes(2).toString('hex')}`, kind: 'department', status: 'active', claim_policy: 'assigned_only' } as any))) as any;
		const count = async () => Number((await knex('crm_customers').count({ n: '*' }))[0]!.n);

		const directus = async () => {
			const rows = makeRows(opts.rows, randomBytes(3).toString('hex'));
			const csv = ['name,contact_name,phone,email,region,industry,source,tier,pool', ...rows.map((r) => [r.name, r.contact_name, r.phone, r.email, r.region, r.industry, r.source, r.tier, pool.id].map(csvCell).join(','))].join('\n');
			const form = new FormData();
			form.append('file', new Blob([csv], { type: 'text/csv' }), 'customers.csv');
			const before = await count();
			const { seconds } = await timedPost(`${url}/utils/import/crm_customers`, adminToken, form);
			if ((await count()) - before !== opts.rows) throw new Error('Directus import did not create every row');
			return seconds;
		};

		const ours = async (format: 'xlsx' | 'csv') => {
			const rows = makeRows(opts.rows, randomBytes(3).toString('hex'));
			const header = ['公司名称', '联系人', '电话', '邮箱', '地区', '行业', '来源', '等级'];
			const values = rows.map((r) => [r.name, r.contact_name, r.phone, r.email, r.labels.region, r.labels.industry, r.labels.source, r.labels.tier]);
			let file: Buffer;
			if (format === 'xlsx') {
				const wb = new ExcelJS.Workbook();
				const ws = wb.addWorksheet('名片');
				ws.addRow(header);
				for (const v of values) ws.addRow(v);
				file = Buffer.from(await wb.xlsx.writeBuffer());
			} else file = Buffer.from([header, ...values].map((r) => r.map(csvCell).join(',')).join('\r\n'), 'utf8');
			const form = new FormData();
			form.append('pool', String(pool.id));
			form.append('file', new Blob([file as BlobPart]), `trade-show.${format}`);
			const { seconds, text } = await timedPost(`${url}/lead-pool/import`, adminToken, form);
			const summary = JSON.parse(text).data.summary;
			if (summary.created !== opts.rows) throw new Error(`our import created ${summary.created} of ${opts.rows}: ${JSON.stringify(summary)}`);
			return { seconds, bytes: file.length };
		};

		const rssBefore = pid ? rssMb(pid) : 0;
		let rssPeak = rssBefore;
		const sampler = setInterval(() => {
			if (pid) rssPeak = Math.max(rssPeak, rssMb(pid));
		}, 200);
		try {
			const directus1 = await directus();
			const xlsx = await ours('xlsx');
			const csv = await ours('csv');
			const directus2 = await directus();
			const baseline = (directus1 + directus2) / 2;
			return { rows: opts.rows, directus1, directus2, xlsx: xlsx.seconds, xlsxBytes: xlsx.bytes, csv: csv.seconds, ratioXlsx: xlsx.seconds / baseline, ratioCsv: csv.seconds / baseline, rssBefore, rssPeak };
		} finally {
			clearInterval(sampler);
		}
	} finally {
		await knex.destroy();
	}
}
