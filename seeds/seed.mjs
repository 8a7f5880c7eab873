// Write the demo data of generate.mjs into a running Lead Pool instance: people and settings through the API (so
// passwords are hashed and hooks run as they would for a user), bulk rows (customers, follow-ups, events,
// performance) with set-based multi-row INSERTs through knex, so a million customers take minutes.
import { createDirectus, createFlow, createItem, createItems, createOperation, createUsers, readItems, readSingleton, readUsers, rest, staticToken, updateFlow, updateItem } from '@directus/sdk';
import ids from '../extensions/lead-pool/src/core/ids.json' with { type: 'json' };
import { customerBatches, demoStructure, demoUsers, followUpsFor, performanceRows } from './generate.mjs';

const DAY = 86_400_000;

export function isSqlite(knex) {
	return String(knex.client.config.client).includes('sqlite');
}

function isPostgres(knex) {
	return ['pg', 'postgres', 'postgresql'].includes(String(knex.client.config.client));
}

function isMysql(knex) {
	return String(knex.client.config.client).includes('mysql');
}

/** Directus stores timestamps as epoch milliseconds on SQLite and as timestamptz on PostgreSQL. */
function timestampWriter(knex) {
	return isSqlite(knex) ? (d) => (d == null ? null : d.getTime()) : (d) => d;
}

/** Create the demo people (manager and reps) with fixed ids; returns their ids. Skips those that exist. */
export async function seedUsers(client, { password }) {
	const { manager, reps } = demoUsers();
	const all = [manager, ...reps];
	const existing = new Set((await client.request(readUsers({ filter: { id: { _in: all.map((u) => u.id) } }, fields: ['id'], limit: -1 }))).map((u) => u.id));
	const missing = all
		.filter((u) => !existing.has(u.id))
		.map((u) => ({
			id: u.id,
			email: u.email,
			password,
			first_name: u.first_name,
			last_name: u.last_name,
			role: u === manager ? ids.role.manager : ids.role.rep,
			status: 'active',
			// the demo has no mail server; the studio's notification bell still shows everything
			email_notifications: false,
			...(u.studio ? { policies: [{ policy: ids.policy.studio }] } : {}),
		}));
	if (missing.length) await client.request(createUsers(missing));
	return { manager: manager.id, reps: reps.map((r) => r.id), created: missing.length };
}

/**
 * Seed a demo (or, with a large `size`, a benchmark data set). `knex` must reach the instance's database.
 * Deterministic for a given (seed, size, now).
 */
export async function seedInstance({ url, token, knex, size = 300, seed = 1, now = Date.now(), password, flows = true, log = () => {} }) {
	const client = createDirectus(url).with(staticToken(token)).with(rest());
	const users = await seedUsers(client, { password });
	log(`users: ${users.created} created`);

	// the demo's own teams mark it as seeded (teams an admin made of their own do not)
	const structure = demoStructure();
	const already = await client.request(readItems('crm_teams', { filter: { name: { _in: structure.teams.map((t) => t.name) } }, fields: ['id'], limit: 1 }));
	if (already.length) {
		log('demo structure already present; skipping');
		return users;
	}
	const teamIds = {};
	for (const team of structure.teams) teamIds[team.key] = (await client.request(createItem('crm_teams', { name: team.name, manager: users.manager }))).id;

	const settings = await client.request(readSingleton('crm_settings', { fields: ['default_pool'] }));
	const poolIds = { company: settings.default_pool };
	const personId = (key) => (key === 'manager' ? users.manager : users.reps[Number(key.replace('rep', '')) - 1]);
	for (const { key, members, ...pool } of structure.pools) {
		const created = await client.request(
			createItem('crm_pools', {
				...pool,
				status: 'active',
				members: members.map((m) => ({ role: m.role, team: m.team ? teamIds[m.team] : null, user: m.user ? personId(m.user) : null })),
			}),
		);
		poolIds[key] = created.id;
	}
	// The company pool reclaims too, on the rules of the demo.
	await client.request(updateItem('crm_pools', poolIds.company, { reclaim_enabled: true, reclaim_no_contact_days: 30, reclaim_not_converted_days: 90, reclaim_reminder_days: 3 }));

	await client.request(
		createItems(
			'crm_rep_profiles',
			structure.profiles.map(({ away_until_days, team, ...p }) => ({
				...p,
				team: teamIds[team],
				away_until: away_until_days ? new Date(now + away_until_days * DAY).toISOString().slice(0, 10) : null,
			})),
		),
	);
	const rules = await client.request(createItems('crm_assignment_rules', structure.rules.map((r) => ({ status: 'active', ...r, candidate_teams: r.candidate_teams ?? null }))));
	// One demo flow: new website inquiries are assigned the moment they are created, by the website rule.
	const websiteRule = rules.find((r) => r.strategy === 'weighted_performance');
	if (flows) await seedDemoFlow(client, websiteRule);
	log(`structure: ${structure.teams.length} teams, ${structure.pools.length + 1} pools, ${structure.profiles.length} rep profiles, ${structure.rules.length} assignment rules${flows ? ', 1 flow' : ''}`);



	const counts = await seedBulk({ knex, size, seed, now, poolIds, reps: users.reps, actor: null });
	log(`bulk: ${counts.customers} customers, ${counts.followUps} follow-ups, ${counts.events} events, ${counts.performance} performance entries`);

	// A few pending claim requests on inquiry-pool customers, from the Global team.
	const inquiries = await knex('crm_customers').where({ pool: poolIds.web }).whereNull('owner').orderBy('id').limit(4).select('id');
	for (const [i, row] of inquiries.entries()) {
		await knex('crm_claim_requests').insert({
			customer: row.id,
			requester: users.reps[4 + (i % 2)],
			reason: i % 2 ? '客户上周在展会上与我联系过' : 'I met this buyer at the Canton Fair last month',
			status: 'pending',
			user_created: users.reps[4 + (i % 2)],
			date_created: timestampWriter(knex)(new Date(now - i * 3600_000)),
		});
	}
	return { ...users, poolIds, counts };
}

/** The demo's one active flow: new website inquiries are assigned the moment they are created, by the website rule. */
export async function seedDemoFlow(client, websiteRule) {
	const flow = await client.request(
		createFlow({ name: 'Auto-assign new website inquiries', icon: 'alt_route', status: 'active', trigger: 'event', accountability: 'all', options: { type: 'action', scope: ['items.create'], collections: ['crm_customers'] } }),
	);
	const operation = await client.request(createOperation({ flow: flow.id, name: 'Assign by the website rule', key: 'assign', type: 'lead-pool-assign', position_x: 19, position_y: 1, options: { rule: websiteRule?.id ?? null, match_only: true } }));
	await client.request(updateFlow(flow.id, { operation: operation.id }));
	return flow;
}

/** The set-based part: customers, their follow-ups and events, and performance entries. */
export async function seedBulk({ knex, size, seed = 1, now = Date.now(), poolIds, reps, batchSize = isSqlite(knex) ? 500 : 2000 }) {
	const ts = timestampWriter(knex);
	const offset = Number((await knex('crm_customers').max({ max: 'id' }))[0].max ?? 0);
	let customers = 0;
	let followUps = 0;
	let events = 0;
	for (const batch of customerBatches({ seed, count: size, now, batchSize })) {
		const rows = batch.map((c) => ({
			id: c.id + offset,
			name: c.name,
			contact_name: c.contact_name,
			phone: c.phone,
			email: c.email,
			country: c.country,
			region: c.region,
			industry: c.industry,
			source: c.source,
			tier: c.tier,
			stage: c.stage,
			locked: c.locked,
			pool: poolIds[c.pool],
			owner: c.owner == null ? null : reps[c.owner],
			received_by: c.received_by == null ? null : reps[c.received_by],
			owned_since: ts(c.owned_since),
			last_contact_at: ts(c.last_contact_at),
			converted_at: ts(c.converted_at),
			date_created: ts(c.date_created),
		}));
		const fus = followUpsFor(batch, seed).map((f) => ({
			customer: f.customer + offset,
			rep: reps[f.rep],
			channel: f.channel,
			summary: f.summary,
			contacted_at: ts(f.contacted_at),
			date_created: ts(f.date_created),
			user_created: reps[f.rep],
		}));
		const evs = batch.map((c) => ({
			customer: c.id + offset,
			action: c.owner == null ? 'created_in_pool' : 'claimed',
			from_owner: null,
			to_owner: c.owner == null ? null : reps[c.owner],
			pool: poolIds[c.pool],
			actor: c.owner == null ? null : reps[c.owner],
			reason: 'demo data',
			date_created: ts(c.owned_since ?? c.date_created),
		}));
		await knex.transaction(async (trx) => {
			await trx.batchInsert('crm_customers', rows, batchSize);
			if (fus.length) await trx.batchInsert('crm_follow_ups', fus, batchSize);
			await trx.batchInsert('crm_events', evs, batchSize);
		});
		customers += rows.length;
		followUps += fus.length;
		events += evs.length;
	}
	// The rows carry their own ids: move the id sequence past them where the database does not do it by itself
	// (MySQL/MariaDB raise AUTO_INCREMENT on an explicit id; SQLite takes MAX(id) + 1). Then fresh statistics, so the
	// planner knows how the bulk rows are spread (autovacuum would get there later).
	if (isPostgres(knex)) {
		await knex.raw(`SELECT setval(pg_get_serial_sequence('crm_customers', 'id'), (SELECT MAX(id) FROM crm_customers))`);
		await knex.raw('ANALYZE crm_customers, crm_follow_ups, crm_events');
	} else if (isMysql(knex)) {
		await knex.raw('ANALYZE TABLE crm_customers, crm_follow_ups, crm_events');
	} else {
		await knex.raw('ANALYZE');
	}
	// Directus keeps `date` fields as epoch milliseconds (of midnight, UTC here) on SQLite
	const day = (d) => (isSqlite(knex) ? Date.parse(`${d}T00:00:00Z`) : d);
	const perf = performanceRows({ seed, now, reps: reps.length }).map((p) => ({ rep: reps[p.rep], date: day(p.date), metric: p.metric, value: p.value, date_created: ts(new Date(now)) }));
	await knex.batchInsert('crm_performance', perf, batchSize);
	return { customers, followUps, events, performance: perf.length };
}
