/** Customer ids a Flow trigger carries: `key`/`keys` of an event trigger, `body.keys` of a manual trigger. */
export function triggerKeys(trigger: any): number[] | null {
	if (!trigger || typeof trigger !== 'object') return null;
	const candidates = [
		trigger.keys,
		trigger.body?.keys,
		trigger.key !== undefined ? [trigger.key] : undefined,
		trigger.body?.key !== undefined ? [trigger.body.key] : undefined,
	];
	for (const list of candidates) {
		if (Array.isArray(list) && list.length) {
			const keys = list.map(Number).filter((n) => Number.isInteger(n) && n > 0);
			if (keys.length) return keys;
		}
	}
	return null;
}
