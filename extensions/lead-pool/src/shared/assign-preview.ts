import { createApp, h, ref } from 'vue';
import ids from '../core/ids.json';
import { assignmentReason, type Language } from '../core/labels';

/**
 * "Assign selected" previews by default: the flow answers with the plan (who would get each customer and why). The
 * studio would only say "flow triggered"; this opens the plan in a dialog instead, over the list the manager is
 * looking at, with "Assign as previewed" (POST /lead-pool/assign with the same customers and rule) and the outcome
 * in the same dialog, so nobody re-selects the rows.
 */
export const PREVIEW_WORDS: Record<Language, Record<string, string>> = {
	'en-US': {
		rule: 'Assignment rule',
		firstMatching: 'The first rule that matches each customer',
		title: 'Assignment preview',
		customer: 'Customer',
		to: 'Goes to',
		why: 'Why',
		stays: 'stays in the pool',
		assign: 'Assign as previewed',
		cancel: 'Cancel',
		close: 'Close',
		nothing: 'Nothing was changed yet.',
		done: 'Assigned: {assigned}. Left in the pool: {left}.',
		failed: 'The assignment did not go through:',
	},
	'zh-CN': {
		rule: '分配规则',
		firstMatching: '每个客户按第一条匹配的规则',
		title: '分配预览',
		customer: '客户',
		to: '分给',
		why: '原因',
		stays: '留在公海',
		assign: '按预览分配',
		cancel: '取消',
		close: '关闭',
		nothing: '尚未做任何更改。',
		done: '已分配 {assigned} 个，留在公海 {left} 个。',
		failed: '分配未完成：',
	},
	'zh-TW': {
		rule: '分配規則',
		firstMatching: '每個客戶按第一條符合的規則',
		title: '分配預覽',
		customer: '客戶',
		to: '分給',
		why: '原因',
		stays: '留在公海',
		assign: '按預覽分配',
		cancel: '取消',
		close: '關閉',
		nothing: '尚未做任何變更。',
		done: '已分配 {assigned} 個，留在公海 {left} 個。',
		failed: '分配未完成：',
	},
};

let installed = false;

export function installAssignPreview(api: any, language: () => Language) {
	if (installed || !api?.interceptors?.response) return;
	installed = true;
	api.interceptors.response.use((response: any) => {
		try {
			const url = String(response?.config?.url ?? '');
			if (!url.endsWith(`/flows/trigger/${ids.flow.assign_selected}`)) return response;
			const sent = typeof response.config.data === 'string' ? JSON.parse(response.config.data) : (response.config.data ?? {});
			const plan = response.data?.data ?? response.data;
			if (plan?.dry_run === true && Array.isArray(sent?.keys)) void openPreview(api, language(), sent, plan);
		} catch {
			// the flow ran; only the dialog is missing
		}
		return response;
	});
}

async function openPreview(api: any, language: Language, sent: { keys: (number | string)[]; rule?: number | null }, plan: any) {
	const words = PREVIEW_WORDS[language];
	const decisions: any[] = plan.decisions ?? [];
	const names = new Map<number, string>();
	try {
		const res = await api.get('/items/crm_customers', { params: { filter: { id: { _in: decisions.map((d) => d.customer) } }, fields: ['id', 'name'], limit: -1 } });
		for (const c of res.data?.data ?? []) names.set(Number(c.id), c.name);
	} catch {
		// numbers instead of names
	}
	const host = document.createElement('div');
	document.body.appendChild(host);
	const outcome = ref<string | null>(null);
	const failure = ref<string | null>(null);
	const busy = ref(false);
	const close = () => {
		app.unmount();
		host.remove();
	};
	const assign = async () => {
		busy.value = true;
		failure.value = null;
		try {
			const res = await api.post('/lead-pool/assign', { keys: sent.keys, ...(sent.rule ? { rule: sent.rule } : {}) });
			const result = res.data?.data ?? {};
			outcome.value = words['done']!.replace('{assigned}', String(result.assigned ?? 0)).replace('{left}', String(result.left_in_pool ?? 0));
		} catch (e: any) {
			failure.value = `${words['failed']} ${e?.response?.data?.errors?.[0]?.message ?? e?.message ?? e}`;
		} finally {
			busy.value = false;
		}
	};
	const cell = (text: string) => h('td', text);
	const app = createApp({
		render: () =>
			h('div', { class: 'lead-pool-preview-backdrop', onClick: (e: Event) => e.target === e.currentTarget && close() }, [
				h('div', { class: 'lead-pool-preview', role: 'dialog', 'aria-modal': 'true', 'aria-label': words['title'], 'data-testid': 'lead-pool-assign-preview' }, [
					h('h2', words['title']),
					h('div', { class: 'table' }, [
						h('table', [
							h('thead', [h('tr', [h('th', words['customer']), h('th', words['to']), h('th', words['why'])])]),
							h(
								'tbody',
								decisions.map((d) =>
									h('tr', [cell(names.get(Number(d.customer)) ?? `#${d.customer}`), cell(d.to_name ?? words['stays']!), cell(Array.isArray(d.why) ? assignmentReason(d.rule_name ?? '', d.why, language) : `${d.rule_name ?? ''}: ${d.reason ?? ''}`)]),
								),
							),
						]),
					]),
					h('p', { class: outcome.value ? 'done' : failure.value ? 'failed' : 'quiet', role: 'status' }, outcome.value ?? failure.value ?? words['nothing']),
					h('div', { class: 'buttons' }, [
						h('button', { class: 'secondary', type: 'button', onClick: close }, outcome.value ? words['close'] : words['cancel']),
						outcome.value ? null : h('button', { class: 'primary', type: 'button', disabled: busy.value, onClick: assign }, words['assign']),
					]),
				]),
			]),
	});
	app.mount(host);
	ensureStyle();
}

function ensureStyle() {
	if (document.getElementById('lead-pool-preview-style')) return;
	const style = document.createElement('style');
	style.id = 'lead-pool-preview-style';
	style.textContent = `
.lead-pool-preview-backdrop { position: fixed; inset: 0; z-index: 600; display: flex; align-items: center; justify-content: center; background: rgba(38, 50, 56, 0.5); }
.lead-pool-preview { width: min(880px, calc(100vw - 48px)); max-height: calc(100vh - 96px); display: flex; flex-direction: column; gap: 12px; padding: 24px;
  color: var(--theme--foreground); background: var(--theme--background); border-radius: var(--theme--border-radius); box-shadow: 0 8px 40px rgba(0,0,0,.25); font-family: var(--theme--fonts--sans--font-family, inherit); }
.lead-pool-preview h2 { margin: 0; font-size: 20px; font-weight: 600; }
.lead-pool-preview .table { overflow: auto; }
.lead-pool-preview table { width: 100%; border-collapse: collapse; font-size: 14px; }
.lead-pool-preview th { text-align: left; padding: 6px 8px; color: var(--theme--foreground-subdued); border-bottom: var(--theme--border-width) solid var(--theme--border-color); }
.lead-pool-preview td { padding: 6px 8px; border-bottom: var(--theme--border-width) solid var(--theme--border-color-subdued); vertical-align: top; }
.lead-pool-preview .quiet { color: var(--theme--foreground-subdued); margin: 0; }
.lead-pool-preview .done { color: var(--theme--success); margin: 0; font-weight: 600; }
.lead-pool-preview .failed { color: var(--theme--danger); margin: 0; }
.lead-pool-preview .buttons { display: flex; justify-content: flex-end; gap: 8px; }
.lead-pool-preview button { min-width: 120px; height: 44px; padding: 0 16px; font: inherit; font-weight: 600; border: none; border-radius: var(--theme--border-radius); cursor: pointer; }
.lead-pool-preview button.primary { color: var(--theme--foreground-inverted, #fff); background: var(--theme--primary); }
.lead-pool-preview button.secondary { color: var(--theme--foreground); background: var(--theme--background-normal); }
.lead-pool-preview button:disabled { opacity: .6; cursor: progress; }`;
	document.head.appendChild(style);
}
