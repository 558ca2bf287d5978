import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import * as oidc from 'openid-client';
import { Browserless } from '../../support/browserless.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const callback = 'http://127.0.0.1:1/callback';
const isCallback = (location: string) => location.startsWith(callback);
const server = useGatehouseServer([
  {
    name: 'shop',
    settings: { eventsEnabled: true },
    clients: [{ clientId: 'web', secret: 'web-secret', redirectUris: [callback], directAccessGrantsEnabled: true }],
    users: [
      { username: 'alice', password: 'alice-password-1' },
      { username: 'bob', password: 'bob-password-1' },
      { username: 'auditor', password: 'auditor-password-1' },
    ],
  },
  { name: 'quiet' },
]);

async function adminClient(realmName = 'master', username = 'admin', password = 'admin'): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName });
  await kc.auth({ username, password, grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'shop' });
  return kc;
}

/** A password grant at the shop's `web` client; the answer's status. */
async function passwordGrant(username: string, password: string): Promise<number> {
  const response = await fetch(`${server.baseUrl}/realms/shop/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'web', client_secret: 'web-secret', username, password }),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Signs alice in through the login page (authorization code with PKCE). */
async function browserSignIn(): Promise<void> {
  const config = await oidc.discovery(new URL(`${server.baseUrl}/realms/shop`), 'web', 'web-secret', undefined, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: callback, scope: 'openid', state: 's', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  const browser = new Browserless();
  const page = await browser.open(url.href, isCallback);
  const done = await browser.submit(page, { username: 'alice', password: 'alice-password-1' }, isCallback);
  assert.ok(done.location && isCallback(done.location), `signed in, got ${done.status}`);
  await oidc.authorizationCodeGrant(config, new URL(done.location), { pkceCodeVerifier: verifier, expectedState: 's' });
}

const utcDay = (time: number) => new Date(time).toISOString().slice(0, 10);

describe('user events through the Admin API', () => {
  it("returns a sign-in's LOGIN and a wrong password's LOGIN_ERROR with Keycloak's shape and every filter", async () => {
    const kc = await adminClient();
    const shop = (await server.store.realms.findByName('shop'))!;
    const alice = (await server.store.users.findByUsername(shop.id, 'alice'))!;
    const bob = (await server.store.users.findByUsername(shop.id, 'bob'))!;
    const before = Date.now();
    await browserSignIn();
    assert.equal(await passwordGrant('bob', 'wrong-password'), 401);
    assert.equal(await passwordGrant('bob', 'bob-password-1'), 200);

    const logins = await kc.realms.findEvents({ realm: 'shop', type: 'LOGIN', user: alice.id });
    assert.equal(logins.length, 1);
    const login = logins[0]!;
    assert.equal(login.type, 'LOGIN');
    assert.equal(login.realmId, shop.id);
    assert.equal(login.clientId, 'web');
    assert.equal(login.userId, alice.id);
    assert.equal(login.ipAddress, '127.0.0.1');
    assert.equal(login.error, undefined, 'a success has no error field');
    assert.equal(login.details?.auth_type, 'code');
    assert.equal(login.details?.username, 'alice');
    assert.ok(login.time! >= before && login.time! <= Date.now());

    const [failure] = await kc.realms.findEvents({ realm: 'shop', type: 'LOGIN_ERROR' });
    assert.equal(failure?.userId, bob.id);
    assert.equal(failure?.error, 'invalid_user_credentials');
    assert.equal(failure?.details?.grant_type, 'password');

    // Raw JSON: exactly Keycloak's fields, nulls left out.
    const raw = await fetch(`${server.baseUrl}/admin/realms/shop/events?type=LOGIN_ERROR`, { headers: { authorization: `Bearer ${kc.accessToken}` } });
    const [shape] = (await raw.json()) as Record<string, unknown>[];
    assert.deepEqual(Object.keys(shape!).sort(), ['clientId', 'details', 'error', 'id', 'ipAddress', 'realmId', 'time', 'type', 'userId']);

    const types = (events: { type?: string }[]) => events.map((e) => e.type);
    assert.deepEqual(types(await kc.realms.findEvents({ realm: 'shop', type: ['LOGIN', 'LOGIN_ERROR'], user: bob.id })), ['LOGIN', 'LOGIN_ERROR']);
    assert.deepEqual(types(await kc.realms.findEvents({ realm: 'shop', client: 'web', type: 'CODE_TO_TOKEN' })), ['CODE_TO_TOKEN']);
    assert.deepEqual(await kc.realms.findEvents({ realm: 'shop', client: 'nobody' }), []);
    assert.equal((await kc.realms.findEvents({ realm: 'shop', ipAddress: '127.0.0.1' })).length, 4);
    assert.deepEqual(await kc.realms.findEvents({ realm: 'shop', ipAddress: '10.9.9.9' }), []);
    assert.equal((await kc.realms.findEvents({ realm: 'shop', dateFrom: utcDay(before), dateTo: utcDay(Date.now()) })).length, 4);
    assert.equal((await kc.realms.findEvents({ realm: 'shop', dateFrom: String(Date.now() + 60_000) })).length, 0);
    assert.equal((await kc.realms.findEvents({ realm: 'shop', dateTo: String(before - 1) })).length, 0);
    assert.equal((await kc.realms.findEvents({ realm: 'shop', dateTo: '2000-01-01' })).length, 0);
    const all = await kc.realms.findEvents({ realm: 'shop' });
    assert.deepEqual(types(all), ['LOGIN', 'LOGIN_ERROR', 'CODE_TO_TOKEN', 'LOGIN'], 'newest first');
    assert.deepEqual(await kc.realms.findEvents({ realm: 'shop', first: 1, max: 2 }), all.slice(1, 3));
    const ascending = await fetch(`${server.baseUrl}/admin/realms/shop/events?direction=asc&max=1`, { headers: { authorization: `Bearer ${kc.accessToken}` } });
    assert.deepEqual(((await ascending.json()) as { id: string }[]).map((e) => e.id), [(all[3] as { id?: string }).id]);
  });

  it('answers unreadable filters with a 400 that names the parameter', async () => {
    const kc = await adminClient();
    for (const [query, field] of [['dateFrom=yesterday', 'dateFrom'], ['dateTo=2024-13-45', 'dateTo'], ['max=ten', 'max'], ['first=-1', 'first'], ['direction=up', 'direction']] as const) {
      const response = await fetch(`${server.baseUrl}/admin/realms/shop/events?${query}`, { headers: { authorization: `Bearer ${kc.accessToken}` } });
      assert.equal(response.status, 400, query);
      const body = (await response.json()) as { field?: string; errorMessage?: string };
      assert.equal(body.field, field);
      assert.match(body.errorMessage ?? '', new RegExp(field));
    }
  });

  it("reads and changes the realm's events config with Keycloak's defaults", async () => {
    const kc = await adminClient();
    assert.deepEqual(await kc.realms.getConfigEvents({ realm: 'quiet' }), {
      eventsEnabled: false,
      eventsListeners: ['jboss-logging'],
      enabledEventTypes: [],
      adminEventsEnabled: false,
      adminEventsDetailsEnabled: false,
    });
    await kc.realms.updateConfigEvents({ realm: 'quiet' }, { eventsEnabled: true, eventsExpiration: 3600, enabledEventTypes: ['LOGIN', 'LOGIN_ERROR'] });
    assert.deepEqual(await kc.realms.getConfigEvents({ realm: 'quiet' }), {
      eventsEnabled: true,
      eventsExpiration: 3600,
      eventsListeners: ['jboss-logging'],
      enabledEventTypes: ['LOGIN', 'LOGIN_ERROR'],
      adminEventsEnabled: false,
      adminEventsDetailsEnabled: false,
    });
    assert.equal((await kc.realms.findOne({ realm: 'quiet' }))?.eventsExpiration, 3600, 'the realm representation shows the same settings');
    await assert.rejects(kc.realms.updateConfigEvents({ realm: 'quiet' }, { eventsListeners: ['no-such-listener'] }), (e: { response?: { status?: number } }) => e.response?.status === 400);
    await assert.rejects(kc.realms.updateConfigEvents({ realm: 'quiet' }, { eventsEnabled: 'yes' as unknown as boolean }), (e: { response?: { status?: number } }) => e.response?.status === 400);
  });

  it('lets view-events read but not clear, and manage-events clear', async () => {
    const { store } = server;
    const shop = (await store.realms.findByName('shop'))!;
    const management = (await store.clients.findByClientId(shop.id, 'realm-management'))!;
    const viewEvents = (await store.roles.findClientRole(shop.id, management.id, 'view-events'))!;
    const auditor = (await store.users.findByUsername(shop.id, 'auditor'))!;
    await store.roles.grantToUser(auditor.id, [viewEvents.id]);
    const reader = await adminClient('shop', 'auditor', 'auditor-password-1');
    assert.ok((await reader.realms.findEvents({ realm: 'shop' })).length > 0);
    await assert.rejects(reader.realms.clearEvents({ realm: 'shop' }), (e: { response?: { status?: number } }) => e.response?.status === 403);
    await assert.rejects(reader.realms.findEvents({ realm: 'quiet' }), (e: { response?: { status?: number } }) => e.response?.status === 403);

    const kc = await adminClient();
    await kc.realms.clearEvents({ realm: 'shop' });
    assert.deepEqual(await kc.realms.findEvents({ realm: 'shop' }), []);
  });
});
