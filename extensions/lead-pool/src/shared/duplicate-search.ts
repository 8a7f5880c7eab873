import { computed, ref, type Ref } from 'vue';
import { languageKey } from '../core/labels';

/**
 * The duplicate check as the studio uses it (the Insights panel and the customer form): debounced calls to
 * `GET /lead-pool/duplicates`, the newest answer wins, pool names for "in pool: …", loading and error states, and
 * the words in English, Simplified and Traditional Chinese.
 */
export interface Hit {
	id: number;
	name: string;
	owner: { id: string; first_name: string | null; last_name: string | null } | null;
	pool: number | null;
	date_created: string | null;
}

export const WORDS = {
	en: {
		title: 'Duplicate check',
		placeholder: 'Name, phone or e-mail of a customer',
		label: 'Search all pools for a customer',
		searching: 'Searching…',
		none: (q: string) => `No customer matches "${q}".`,
		add: 'Add customer',
		found: (n: number) => (n === 1 ? '1 matching customer' : `${n} matching customers`),
		similar: (n: number) => (n === 1 ? '1 similar customer exists' : `${n} similar customers exist`),
		owner: (name: string) => `Owner: ${name}`,
		inPool: (pool: string) => `In pool: ${pool}`,
		noPool: 'In no pool',
		created: 'Created',
		tooMany: 'Too many checks in a short time; wait a moment and type again.',
		failed: 'The duplicate check did not answer; try again.',
		hint: 'Type at least one character.',
	},
	zh: {
		title: '客户查重',
		placeholder: '客户名称、电话或邮箱',
		label: '在所有公海中查找客户',
		searching: '正在查找…',
		none: (q: string) => `没有与“${q}”匹配的客户。`,
		add: '新建客户',
		found: (n: number) => `找到 ${n} 个匹配客户`,
		similar: (n: number) => `已有 ${n} 个相似客户`,
		owner: (name: string) => `负责人：${name}`,
		inPool: (pool: string) => `在公海：${pool}`,
		noPool: '不在任何公海',
		created: '创建于',
		tooMany: '查重过于频繁，请稍候再输入。',
		failed: '查重没有响应，请重试。',
		hint: '请至少输入一个字符。',
	},
	'zh-TW': {
		title: '客戶查重',
		placeholder: '客戶名稱、電話或郵箱',
		label: '在所有公海中查找客戶',
		searching: '正在查找…',
		none: (q: string) => `沒有與「${q}」相符的客戶。`,
		add: '新建客戶',
		found: (n: number) => `找到 ${n} 個相符客戶`,
		similar: (n: number) => `已有 ${n} 個相似客戶`,
		owner: (name: string) => `負責人：${name}`,
		inPool: (pool: string) => `在公海：${pool}`,
		noPool: '不在任何公海',
		created: '建立於',
		tooMany: '查重過於頻繁，請稍候再輸入。',
		failed: '查重沒有回應，請重試。',
		hint: '請至少輸入一個字元。',
	},
};

export type Words = (typeof WORDS)['en'];

export function wordsFor(language: string | null | undefined): Words {
	const key = languageKey(language);
	return key === 'zh-TW' ? WORDS['zh-TW'] : key === 'zh-CN' ? WORDS.zh : WORDS.en;
}

export function ownerName(owner: Hit['owner']): string {
	if (!owner) return '';
	return [owner.first_name, owner.last_name].filter(Boolean).join(' ') || owner.id.slice(0, 8);
}

export function useDuplicateSearch(api: any, words: Ref<Words>, delay = 250) {
	const hits = ref<Hit[]>([]);
	const loading = ref(false);
	const error = ref<string | null>(null);
	const searched = ref('');
	const pools = ref<Map<number, string>>(new Map());
	let timer: ReturnType<typeof setTimeout> | null = null;
	let sequence = 0;

	async function loadPools() {
		try {
			const res = await api.get('/lead-pool/pools');
			pools.value = new Map((res.data?.data ?? []).map((p: { id: number; name: string }) => [p.id, p.name]));
		} catch {
			// names are a nicety; ids still show
		}
	}

	/** Search for every keyword given (name, phone, e-mail), merge by customer, keep the server's order. */
	function search(keywords: string[], opts: { exclude?: number | null } = {}) {
		const terms = keywords.map((k) => k.trim()).filter((k) => k.length > 0);
		if (timer) clearTimeout(timer);
		const mine = ++sequence;
		if (terms.length === 0) {
			hits.value = [];
			loading.value = false;
			error.value = null;
			searched.value = '';
			return;
		}
		loading.value = true;
		timer = setTimeout(async () => {
			try {
				const answers = await Promise.all(terms.map((q) => api.get('/lead-pool/duplicates', { params: { q, limit: 20 } })));
				if (mine !== sequence) return;
				const seen = new Map<number, Hit>();
				for (const res of answers) for (const hit of (res.data?.data ?? []) as Hit[]) if (hit.id !== opts.exclude && !seen.has(hit.id)) seen.set(hit.id, hit);
				hits.value = [...seen.values()];
				error.value = null;
				searched.value = terms[0]!;
			} catch (e: any) {
				if (mine !== sequence) return;
				hits.value = [];
				error.value = e?.response?.status === 429 ? words.value.tooMany : (e?.response?.data?.errors?.[0]?.message ?? words.value.failed);
			} finally {
				if (mine === sequence) loading.value = false;
			}
		}, delay);
	}

	const where = (hit: Hit) =>
		hit.owner ? words.value.owner(ownerName(hit.owner)) : hit.pool === null ? words.value.noPool : words.value.inPool(pools.value.get(hit.pool) ?? `#${hit.pool}`);

	return { hits, loading, error, searched, search, loadPools, where, count: computed(() => hits.value.length) };
}

export function formatDate(value: string | null, language: string | null | undefined): string {
	if (!value) return '';
	try {
		return new Intl.DateTimeFormat(String(language ?? 'en-US'), { dateStyle: 'medium' }).format(new Date(value));
	} catch {
		return value.slice(0, 10);
	}
}
