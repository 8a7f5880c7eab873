/**
 * Work that arrives as many small calls at once, done as one. An import of 1,500 rows makes Directus fire 1,500
 * `items.create` actions, and an event flow then runs once per row: 1,500 assignment transactions racing for the
 * database (on SQLite, for its one connection) and one notification per row. Calls with the same group key that
 * arrive within `quietMs` of each other (at most `maxWaitMs` after the first, at most `maxKeys` keys) share one run
 * over all their keys; each caller gets that run's result.
 */
export interface CoalesceOptions {
	quietMs: number;
	maxWaitMs: number;
	maxKeys: number;
}

interface Batch<K, R> {
	keys: Set<K>;
	started: number;
	timer: ReturnType<typeof setTimeout> | null;
	waiters: { resolve: (r: R) => void; reject: (e: unknown) => void }[];
}

export class Coalescer<K, R> {
	private readonly open = new Map<string, Batch<K, R>>();

	constructor(
		private readonly run: (group: string, keys: K[]) => Promise<R>,
		private readonly options: CoalesceOptions,
	) {}

	/** Add keys to the group's open batch (or open one); resolves with the run that included them. */
	add(group: string, keys: readonly K[]): Promise<R> {
		let batch = this.open.get(group);
		if (!batch) {
			batch = { keys: new Set(), started: Date.now(), timer: null, waiters: [] };
			this.open.set(group, batch);
		}
		for (const k of keys) batch.keys.add(k);
		const done = new Promise<R>((resolve, reject) => batch!.waiters.push({ resolve, reject }));
		if (batch.timer) clearTimeout(batch.timer);
		const left = this.options.maxWaitMs - (Date.now() - batch.started);
		if (batch.keys.size >= this.options.maxKeys || left <= 0) this.flush(group);
		else batch.timer = setTimeout(() => this.flush(group), Math.min(this.options.quietMs, left));
		return done;
	}

	private flush(group: string): void {
		const batch = this.open.get(group);
		if (!batch) return;
		this.open.delete(group);
		if (batch.timer) clearTimeout(batch.timer);
		this.run(group, [...batch.keys]).then(
			(r) => batch.waiters.forEach((w) => w.resolve(r)),
			(e) => batch.waiters.forEach((w) => w.reject(e)),
		);
	}
}
