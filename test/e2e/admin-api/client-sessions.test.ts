import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { adminClientFor } from '../../support/admin-client.ts';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([
  {
    name: 'shop',
    clients: [
      { clientId: 'web', secret: 'web-secret', redirectUris: ['http://127.0.0.1:1/cb'], directAccessGrantsEnabled: true },
      { clientId: 'app', secret: 'app-secret', redirectUris: ['http://127.0.0.1:1/cb'], directAccessGrantsEnabled: true },
      { clientId: 'idle', secret: 'idle-secret', redirectUris: ['http://127.0.0.1:1/cb'], directAccessGrantsEnabled: true },
    ],
    users: [
      { username: 'alice', password: 'alice-password-1' },
      { username: 'bob', password: 'bob-password-1' },
    ],
  },
]);

const adminClient = () => adminClientFor(server.baseUrl, 'shop');

async function token(clientId: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, string> }> {
  const response = await fetch(`${server.baseUrl}/realms/shop/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, client_secret: `${clientId}-secret`, ...form }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function signIn(clientId: string, username: string, scope?: string) {
  const result = await token(clientId, { grant_type: 'password', username, password: `${username}-password-1`, ...(scope ? { scope } : {}) });
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return result.body;
}

async function adminCall(kc: KcAdminClient, method: string, path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.baseUrl}/admin/realms/shop${path}`, { method, headers: { authorization: `Bearer ${kc.accessToken}` } });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('sessions by client and for the whole realm through the Admin API', () => {
  it("lists and counts a client's sessions and offline sessions, pages them, and sums them per client", async () => {
    const kc = await adminClient();
    const clients = Object.fromEntries((await kc.clients.find()).map((c) => [c.clientId, c.id!]));
    const shop = (await server.store.realms.findByName('shop'))!;
    const alice = (await server.store.users.findByUsername(shop.id, 'alice'))!;
    const bob = (await server.store.users.findByUsername(shop.id, 'bob'))!;

    await signIn('web', 'alice');
    await signIn('web', 'bob');
    await signIn('app', 'alice');
    await signIn('app', 'bob', 'openid offline_access');

    const webSessions = await kc.clients.listSessions({ id: clients.web! });
    assert.deepEqual(webSessions.map((s) => s.username).sort(), ['alice', 'bob']);
    for (const session of webSessions) assert.deepEqual(session.clients, { [clients.web!]: 'web' });
    assert.deepEqual(await kc.clients.getSessionCount({ id: clients.web! }), { count: 2 });
    assert.equal((await kc.clients.listSessions({ id: clients.web!, first: 1, max: 1 })).length, 1, 'paged');
    assert.deepEqual((await kc.clients.listSessions({ id: clients.web!, first: 0, max: 1 }))[0]!.id !== (await kc.clients.listSessions({ id: clients.web!, first: 1, max: 1 }))[0]!.id, true);

    assert.deepEqual((await kc.clients.listSessions({ id: clients.app! })).map((s) => s.userId), [alice.id], "bob's offline session is not an online one");
    const offline = await kc.clients.listOfflineSessions({ id: clients.app! });
    assert.deepEqual(offline.map((s) => s.userId), [bob.id]);
    assert.deepEqual(await kc.clients.getOfflineSessionCount({ id: clients.app! }), { count: 1 });
    assert.deepEqual(await kc.users.listOfflineSessions({ id: bob.id, clientId: clients.app! }).then((l) => l.map((s) => s.id)), offline.map((s) => s.id));
    assert.deepEqual(await kc.clients.getSessionCount({ id: clients.idle! }), { count: 0 });
    assert.deepEqual(await kc.clients.listSessions({ id: clients.idle! }), []);

    const stats = await kc.realms.getClientSessionStats({ realm: 'shop' });
    assert.deepEqual(
      stats.sort((a, b) => String(a.clientId).localeCompare(String(b.clientId))),
      [
        { id: clients.app, clientId: 'app', active: '1', offline: '1' },
        { id: clients.web, clientId: 'web', active: '2', offline: '0' },
      ],
    );

    assert.equal((await adminCall(kc, 'GET', '/clients/no-such-client/session-count')).status, 404);
    const anonymous = await fetch(`${server.baseUrl}/admin/realms/shop/client-session-stats`);
    assert.equal(anonymous.status, 401);
  });

  it('logs everyone out: online sessions end and their refresh tokens stop working, offline ones stay, and older admin tokens of the realm are refused', async () => {
    const kc = await adminClient();
    const clients = Object.fromEntries((await kc.clients.find()).map((c) => [c.clientId, c.id!]));
    const online = await signIn('web', 'alice');
    const offline = await signIn('app', 'bob', 'openid offline_access');
    assert.ok((await kc.clients.getSessionCount({ id: clients.web! })).count > 0);

    // An administrator of the realm itself, signed in before the logout.
    const { id: carlId } = await kc.users.create({ username: 'carl', email: 'carl@example.com', firstName: 'Carl', lastName: 'Ek', enabled: true, credentials: [{ type: 'password', value: 'carl-password-1', temporary: false }] });
    const realmAdmin = await kc.clients.findRole({ id: clients['realm-management']!, roleName: 'realm-admin' });
    await kc.users.addClientRoleMappings({ id: carlId, clientUniqueId: clients['realm-management']!, roles: [{ id: realmAdmin!.id!, name: 'realm-admin' }] });
    const carl = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'shop' });
    await carl.auth({ username: 'carl', password: 'carl-password-1', grantType: 'password', clientId: 'admin-cli' });
    assert.equal((await adminCall(carl, 'GET', '/users')).status, 200);
    // Token times are in seconds: the logout must come in a later second than the token.
    await new Promise((resolve) => setTimeout(resolve, 1_100));

    const result = await adminCall(kc, 'POST', '/logout-all');
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, { successRequests: [], failedRequests: [] });
    await kc.realms.logoutAll({ realm: 'shop' });

    assert.deepEqual(await kc.clients.getSessionCount({ id: clients.web! }), { count: 0 });
    assert.deepEqual(await kc.clients.getSessionCount({ id: clients.app! }), { count: 0 });
    assert.ok((await kc.clients.getOfflineSessionCount({ id: clients.app! })).count >= 1, 'offline sessions survive');
    assert.equal((await token('web', { grant_type: 'refresh_token', refresh_token: online.refresh_token! })).status, 400);
    assert.equal((await token('app', { grant_type: 'refresh_token', refresh_token: offline.refresh_token! })).status, 200);

    assert.equal((await adminCall(carl, 'GET', '/users')).status, 401, "a realm administrator's token from before the logout is refused");
    await carl.auth({ username: 'carl', password: 'carl-password-1', grantType: 'password', clientId: 'admin-cli' });
    assert.equal((await adminCall(carl, 'GET', '/users')).status, 200, 'a new sign-in works');

    const realm = await kc.realms.findOne({ realm: 'shop' });
    assert.ok(Number(realm!.notBefore) > 0 && Math.abs(Number(realm!.notBefore) - Date.now() / 1000) < 60, 'the realm has a not-before of now');

    assert.deepEqual((await adminCall(kc, 'POST', '/push-revocation')).body, { successRequests: [], failedRequests: [] });
    await kc.realms.pushRevocation({ realm: 'shop' });
    await kc.clients.pushRevocation({ id: clients.web! });
  });
});
