import type { ActorLike } from '../core/actor';
import { RefusalError } from '../core/refusals';
import type { Db } from '../data/dialects';
import { resolveActorKind, teamOf } from '../data/people';
import { compactRollups } from '../data/schema/rollups';
import { activityByRepWeek, assignmentShares, capsReport, dueSoon, inquiryBoard, myDay, poolSize, reportReads, timeToFirstClaim, type Report } from '../data/reports';

export const REPORTS = ['pool-size', 'activity', 'caps', 'due-soon', 'assignment-shares', 'time-to-claim', 'my-day', 'inquiry-board'] as const;
export type ReportName = (typeof REPORTS)[number];

/** Reports a rep may read (their own rows only); the others are for managers and admins. */
const REP_REPORTS: readonly ReportName[] = ['activity', 'caps', 'due-soon', 'my-day', 'inquiry-board'];

/** A whole number of days or weeks from the query, within 1…max. */
const count = (v: unknown, fallback: number, max: number) => Math.min(Math.max(Math.floor(Number(v ?? fallback)) || fallback, 1), max);

/**
 * Pool reports for the dashboard, from the customers and the audit trail. Managers and admins see every rep; a rep
 * sees their own rows of the activity, caps, falling-due and day reports, their team's inquiry board, and nothing of
 * the others.
 */
export async function readReport(db: Db, accountability: ActorLike, name: ReportName, query: Record<string, unknown>): Promise<Report> {
	const rep = (await resolveActorKind(db, accountability)) === 'rep' ? accountability.user! : undefined;
	if (rep && !REP_REPORTS.includes(name)) {
		throw new RefusalError({ code: 'LEAD_POOL_MANAGERS_ONLY', params: { what: 'This report', what_zh: '此报表' } });
	}
	const now = new Date();
	return reportReads(db, async (db) => {
		switch (name) {
			case 'pool-size':
				return poolSize(db);
			case 'activity':
				return activityByRepWeek(db, { weeks: count(query['weeks'], 8, 104), now, rep });
			case 'caps':
				return capsReport(db, { rep });
			case 'due-soon':
				return dueSoon(db, { days: count(query['days'], 7, 365), now, rep });
			case 'assignment-shares':
				return assignmentShares(db, { days: count(query['days'], 30, 365), now });
			case 'time-to-claim':
				return timeToFirstClaim(db, { days: count(query['days'], 90, 730), now });
			case 'my-day':
				return myDay(db, { now, rep });
			case 'inquiry-board':
				// every rep reads the board of their team (the whole board when they have no team)
				return inquiryBoard(db, { now, team: rep ? await teamOf(db, rep) : null });
		}
	});
}

/** Merge the hourly rollup's rows that count the same thing (each writing statement appends its own); see data/schema/rollups. */
export async function compactReportRollups(db: Db): Promise<number> {
	return compactRollups(db);
}
