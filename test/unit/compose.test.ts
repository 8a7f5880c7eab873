// docker-compose.yml is the production install: these are its promises, read from the file (no Docker needed).
// `docker-compose -f docker-compose.yml config -q` (Debian's docker-compose) validates it against the Compose schema.
import yaml from 'js-yaml';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const source = readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = yaml.load(source) as any;
const example = readFileSync(path.join(ROOT, '.env.example'), 'utf8');
const directus = compose.services.directus;
const env = directus.environment as Record<string, string>;

/** Values that must come from .env: no default, or every copy of the file would run with the same one. */
const REQUIRED = ['SECRET', 'DB_PASSWORD', 'REDIS_PASSWORD', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'PUBLIC_URL', 'EMAIL_FROM', 'EMAIL_SMTP_HOST', 'SITE_ADDRESS'];

describe('the production compose file', () => {
	it('refuses to start while a secret or an address is missing: every use is ${VAR:?…}, and .env.example leaves the secrets empty', () => {
		for (const name of REQUIRED) {
			const uses = [...source.matchAll(new RegExp(`\\$\\{${name}([^}]*)\\}`, 'g'))].map((m) => m[1]!);
			expect(uses.length, name).toBeGreaterThan(0);
			for (const use of uses) expect(use, `${name} must have no default`).toMatch(/^:\?\S/);
			expect(example, `${name} in .env.example`).toMatch(new RegExp(`^${name}=`, 'm'));
		}
		for (const secret of ['SECRET', 'DB_PASSWORD', 'REDIS_PASSWORD', 'ADMIN_PASSWORD']) expect(example).toMatch(new RegExp(`^${secret}=$`, 'm'));
		expect(source).not.toMatch(/change-me/);
	});

	it('runs several Directus instances without a host port of their own, behind a proxy that finds all of them', () => {
		expect(directus.ports).toBeUndefined();
		expect(String(directus.deploy.replicas)).toMatch(/^\$\{DIRECTUS_REPLICAS:-[2-9]\}$/);
		const proxy = compose.services.proxy;
		expect(proxy.ports).toContain('443:443');
		const mount = proxy.volumes.find((v: string) => v.endsWith(':/etc/caddy/Caddyfile:ro'));
		const caddyfile = readFileSync(path.join(ROOT, mount.split(':')[0]), 'utf8');
		expect(caddyfile).toMatch(/dynamic a \{\s+name directus\s+port 8055/);
	});

	it('gives every instance the Redis settings several instances need, with the Redis password', () => {
		for (const key of ['CACHE_STORE', 'SYNCHRONIZATION_STORE', 'MESSENGER_STORE', 'RATE_LIMITER_STORE']) expect(env[key], key).toBe('redis');
		expect(env.REDIS).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@cache:6379$/);
		expect(compose.services.cache.command.join(' ')).toContain('--requirepass');
	});

	it('bounds each instance’s V8 heap, so memory stays predictable under load', () => {
		expect(env.NODE_OPTIONS).toMatch(/^--max-old-space-size=\$\{DIRECTUS_HEAP_MB:-\d+\}$/);
		expect(example).toMatch(/^DIRECTUS_HEAP_MB=\d+$/m);
	});

	it('sends mail through SMTP, so notifications and digests reach inboxes', () => {
		expect(env.EMAIL_TRANSPORT).toBe('smtp');
		for (const key of ['EMAIL_FROM', 'EMAIL_SMTP_HOST', 'EMAIL_SMTP_PORT', 'EMAIL_SMTP_USER', 'EMAIL_SMTP_PASSWORD', 'EMAIL_SMTP_SECURE']) expect(env, key).toHaveProperty(key);
	});

	it('sets Lead Pool up with the Directus CLI before the instances start', () => {
		const setup = compose.services.setup;
		expect(setup.image).toBe(directus.image);
		expect(setup.command.join(' ')).toContain('npx directus bootstrap && npx directus lead-pool setup');
		expect(directus.depends_on.setup.condition).toBe('service_completed_successfully');
		// the CLI command reads the snapshot next to the bundle
		const targets = directus.volumes.map((v: string) => v.split(':')[1]);
		for (const file of ['package.json', 'dist', 'schema-snapshot.yaml']) expect(targets).toContain(`/directus/extensions/lead-pool/${file}`);
		expect(existsSync(path.join(ROOT, 'extensions/lead-pool/package.json'))).toBe(true);
	});
});
