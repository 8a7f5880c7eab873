import { readItem, readItems } from '@directus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures } from '../harness/fixtures';
import { secondInstance } from '../harness/second-instance';

const f = fixtures();
const { h } = f;
let second: Awaited<ReturnType<typeof secondInstance>>;

beforeAll(async () => {
	second = await secondInstance(h.info);
});
afterAll(async () => second?.stop());

/** PATCH owner = me, sent to the two instances in turn. */
function claimVia(i: number, token: string, me: string, id: number) {
	const url = i % 2 === 0 ? h.url : second.url;
	return fetch(`${url}/items/crm_customers/${id}`, { method: 'PATCH', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ owner: me }) }).then(async (r) => ({
		status: r.status,
		code: r.ok ? null : ((await r.json()) as any).errors?.[0]?.extensions?.code,
	}));
}

describe('claims are first come, first served, under concurrency (two Directus instances on PostgreSQL)', () => {
	it('3 reps × 30 parallel claims on one customer: one owner, one claim event', async () => {
		const reps = await f.makeReps(3);
		const pool = await f.makePool({ members: reps.map((r) => ({ user: r.id })) });
		const [id] = await f.makeCustomers(1, { pool: pool.id });
		const attempts = Array.from({ length: 90 }, (_, i) => reps[i % 3]!);
		const results = await Promise.all(attempts.map((rep, i) => claimVia(i, rep.token, rep.id, id!)));
		const won = results.filter((r) => r.status === 200);
		const owner = ((await h.admin.request(readItem('crm_customers', id!))) as any).owner;
		expect(reps.map((r) => r.id)).toContain(owner);
		const claims = (await h.admin.request(readItems('crm_events', { filter: { customer: { _eq: id }, action: { _eq: 'claimed' } } }))) as any[];
		expect(claims).toHaveLength(1);
		expect(claims[0].to_owner).toBe(owner);
		// the winner's own repeated attempts are refused as "already owned" too: exactly one request succeeded
		expect(won).toHaveLength(1);
		expect(results.filter((r) => r.status !== 200).every((r) => r.code === 'LEAD_POOL_ALREADY_OWNED')).toBe(true);
	});

	it('a rep with 5 places left × 20 parallel claims: exactly 5 owned', async () => {
		const [rep] = await f.makeReps(1, { profile: { max_new: 5 } });
		const pool = await f.makePool({ members: [{ user: rep!.id }] });
		const ids = await f.makeCustomers(20, { pool: pool.id });
		const results = await Promise.all(ids.map((id, i) => claimVia(i, rep!.token, rep!.id, id)));
		expect(results.filter((r) => r.status === 200)).toHaveLength(5);
		expect(results.filter((r) => r.status === 409).every((r) => r.code === 'LEAD_POOL_QUOTA_EXCEEDED')).toBe(true);
		const owned = (await h.admin.request(readItems('crm_customers', { filter: { owner: { _eq: rep!.id } }, limit: -1 }))) as any[];
		expect(owned).toHaveLength(5);
		const events = (await h.admin.request(readItems('crm_events', { filter: { to_owner: { _eq: rep!.id }, action: { _eq: 'claimed' } }, limit: -1 }))) as any[];
		expect(events).toHaveLength(5);
	});

	it('parallel batch claims through the endpoint never overfill a rep', async () => {
		const [rep] = await f.makeReps(1, { profile: { max_new: 7 } });
		const pool = await f.makePool({ members: [{ user: rep!.id }] });
		const ids = await f.makeCustomers(24, { pool: pool.id });
		const batches = [0, 1, 2, 3].map((b) => ids.slice(b * 6, b * 6 + 6));
		const results = await Promise.all(
			batches.map((keys, i) =>
				fetch(`${i % 2 ? second.url : h.url}/lead-pool/claim`, { method: 'POST', headers: { Authorization: `Bearer ${rep!.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ keys }) }).then((r) => r.json()),
			),
		);
		const claimed = results.flatMap((r: any) => r.data?.claimed ?? []);
		expect(claimed).toHaveLength(7);
		const owned = (await h.admin.request(readItems('crm_customers', { filter: { owner: { _eq: rep!.id } }, limit: -1 }))) as any[];
		expect(owned.map((c) => c.id).sort()).toEqual([...claimed].sort());
	});
});
