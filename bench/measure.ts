// What every benchmark measures with: percentiles of timings and the resident memory of a Directus process.
import { readFileSync } from 'node:fs';

/** The p-th percentile (0–1) of timings; NaN when there are none. */
export function pct(xs: number[], p: number): number {
	if (xs.length === 0) return NaN;
	const s = [...xs].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.floor(s.length * p))]!;
}

/** Resident memory of a process, MB (Linux /proc). */
export function rssMb(pid: number): number {
	return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}
