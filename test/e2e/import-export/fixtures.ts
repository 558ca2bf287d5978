import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../support/repo-root.ts';

/** The real realm exports, beside the repository (`../shared` from its root). */
export const FIXTURES_DIR = join(repoRoot, '..', 'shared', 'fixtures', 'keycloak-realms');

/** Every JSON file of the fixture set (realm files and users files). */
export const fixtureFiles = (): string[] => readdirSync(FIXTURES_DIR).filter((f) => f.endsWith('.json')).sort();

export const readFixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES_DIR, name), 'utf8'));

/** What a password grant with the right password gets: tokens, or Keycloak's answer for an incomplete profile. */
export type Outcome = 'token' | 'not fully set up';

/** The users INDEX.md lists with a known password, and what Keycloak 26 answers each. */
export const knownUsers: { realm: string; username: string; password: string; outcome: Outcome }[] = [
  { realm: 'iceberg', username: 'peter', password: 'iceberg', outcome: 'token' },
  { realm: 'iceberg', username: 'anna', password: 'iceberg', outcome: 'token' },
  { realm: 'pdc', username: 'dev@pdc.local', password: 'password', outcome: 'token' },
  { realm: 'pdc', username: 'user@pdc.local', password: 'password', outcome: 'token' },
  { realm: 'Dev', username: 'PlayWrightTest', password: 'test', outcome: 'token' },
  { realm: 'Dev', username: 'PlayWrightTest2', password: 'test', outcome: 'token' },
  { realm: 'signals', username: 'signals.admin@example.com', password: 'password', outcome: 'not fully set up' },
  { realm: 'jhipster', username: 'admin', password: 'admin', outcome: 'token' },
  { realm: 'jhipster', username: 'user', password: 'user', outcome: 'not fully set up' },
  { realm: 'pid-issuer-realm', username: 'tneal', password: 'password', outcome: 'token' },
  ...['test', 'test2', 'test3', 'test4', 'test5', 'test6'].map((username) => ({ realm: 'test-realm', username, password: 'test', outcome: 'not fully set up' as Outcome })),
  { realm: 'ekir', username: 'admin', password: '1234', outcome: 'not fully set up' },
  { realm: 'oauth2-proxy', username: 'admin@example.com', password: 'password', outcome: 'not fully set up' },
  { realm: 'quarkus', username: 'alice', password: 'alice', outcome: 'not fully set up' },
  { realm: 'quarkus', username: 'admin', password: 'admin', outcome: 'not fully set up' },
  { realm: 'quarkus', username: 'jdoe', password: 'jdoe', outcome: 'not fully set up' },
  { realm: 'quickstart', username: 'alice', password: 'alice', outcome: 'token' },
  { realm: 'quickstart', username: 'admin', password: 'admin', outcome: 'token' },
];

/** A password grant on the realm's `admin-cli`, as INDEX.md checks each pair. */
export async function passwordGrant(baseUrl: string, realm: string, username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${baseUrl}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'admin-cli', username, password }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A master-realm admin token (the dev bootstrap admin). */
export async function masterAdminToken(baseUrl: string): Promise<string> {
  const { status, body } = await passwordGrant(baseUrl, 'master', 'admin', 'admin');
  if (status !== 200) throw new Error(`admin token: ${status} ${JSON.stringify(body)}`);
  return String(body.access_token);
}

/** An Admin API call with a Bearer token and a JSON body. */
export async function adminCall(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; location: string | null }> {
  const response = await fetch(`${baseUrl}/admin/realms${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), location: response.headers.get('location') };
}

/** A representation without what differs between two imports of the same realm (generated ids). */
export function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => !['id', 'containerId', 'internalId'].includes(key)).map(([key, v]) => [key, withoutIds(v)]));
  }
  return value;
}
