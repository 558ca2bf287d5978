import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';
import { adminCall, masterAdminToken, passwordGrant } from './fixtures.ts';

const server = useGatehouseServer([{ name: 'shop', users: [{ username: 'existing', password: 'existing-password-1' }, { username: 'viewer', password: 'viewer-password-1' }] }]);

const body = (policy: string) => ({
  ifResourceExists: policy,
  roles: { realm: [{ name: 'buyer', description: 'Buys things' }], client: { 'shop-app': [{ name: 'checkout' }] } },
  clients: [{ clientId: 'shop-app', publicClient: false, secret: 'shop-secret', directAccessGrantsEnabled: true, redirectUris: ['https://shop.example.com/*'] }],
  groups: [{ name: 'customers', realmRoles: ['buyer'], subGroups: [{ name: 'gold' }] }],
  identityProviders: [{ alias: 'google', providerId: 'google', config: { clientId: 'g', clientSecret: 'g-secret' } }],
  users: [
    { username: 'existing', email: 'existing@example.com', firstName: 'Ex', lastName: 'Isting', enabled: true, credentials: [{ type: 'password', value: 'replaced-password-1' }] },
    { username: 'newbie', email: 'newbie@example.com', firstName: 'New', lastName: 'Bie', enabled: true, groups: ['/customers/gold'],
      clientRoles: { 'shop-app': ['checkout'] }, credentials: [{ type: 'password', value: 'newbie-password-1', temporary: true }] },
  ],
});

type Results = { overwritten: number; added: number; skipped: number; results: { action: string; resourceType: string; resourceName: string; id: string }[] };

describe('partialImport and partial-export', () => {
  it('FAIL refuses the whole import when one resource exists, and writes nothing', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const result = await adminCall(server.baseUrl, token, 'POST', '/shop/partialImport', body('FAIL'));
    assert.equal(result.status, 409);
    assert.deepEqual(result.body, { errorMessage: "User 'existing' already exists." });
    const realm = await server.store.realms.findByName('shop');
    assert.equal(await server.store.clients.findByClientId(realm!.id, 'shop-app'), undefined, 'nothing was added');
  });

  it('SKIP adds what is new and leaves what exists alone', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const result = await adminCall(server.baseUrl, token, 'POST', '/shop/partialImport', body('SKIP'));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const results = result.body as Results;
    assert.equal(results.added, 6);
    assert.equal(results.skipped, 1);
    assert.equal(results.overwritten, 0);
    assert.deepEqual(results.results.find((r) => r.resourceType === 'USER' && r.action === 'SKIPPED')?.resourceName, 'existing');
    assert.deepEqual(new Set(results.results.map((r) => r.resourceType)), new Set(['REALM_ROLE', 'CLIENT', 'CLIENT_ROLE', 'GROUP', 'IDP', 'USER']));
    for (const r of results.results) assert.ok(r.id, `${r.resourceType} ${r.resourceName} has an id`);
    assert.equal((await passwordGrant(server.baseUrl, 'shop', 'existing', 'existing-password-1')).status, 200, 'the skipped user kept the password');
    const newbie = await passwordGrant(server.baseUrl, 'shop', 'newbie', 'newbie-password-1');
    assert.equal(newbie.body.error_description, 'Account is not fully set up', 'a temporary password means UPDATE_PASSWORD');
    const realm = await server.store.realms.findByName('shop');
    const user = await server.store.users.findByUsername(realm!.id, 'newbie');
    assert.deepEqual(await server.store.users.getRequiredActions(user!.id), ['UPDATE_PASSWORD']);
    assert.deepEqual((await server.store.groups.listUserGroups(user!.id)).map((g) => g.name), ['gold']);
  });

  it('OVERWRITE replaces what exists', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const result = await adminCall(server.baseUrl, token, 'POST', '/shop/partialImport', body('OVERWRITE'));
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const results = result.body as Results;
    assert.equal(results.overwritten, 7);
    assert.equal(results.added, 0);
    assert.equal((await passwordGrant(server.baseUrl, 'shop', 'existing', 'replaced-password-1')).status, 200);
    assert.equal((await passwordGrant(server.baseUrl, 'shop', 'existing', 'existing-password-1')).status, 401);
  });

  it('refuses an unknown policy and names a broken part', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const policy = await adminCall(server.baseUrl, token, 'POST', '/shop/partialImport', { ifResourceExists: 'MERGE' });
    assert.equal(policy.status, 400);
    const broken = await adminCall(server.baseUrl, token, 'POST', '/shop/partialImport', { ifResourceExists: 'SKIP', users: [{ username: 'x', realmRoles: ['no-such-role'] }] });
    assert.equal(broken.status, 400);
    assert.equal((broken.body as Record<string, unknown>).errorMessage, 'users[0].realmRoles[0]: role "no-such-role" not found');
    const realm = await server.store.realms.findByName('shop');
    assert.equal(await server.store.users.findByUsername(realm!.id, 'x'), undefined);
  });

  it('partial-export masks secrets and includes clients, groups and roles only when asked', async () => {
    const token = await masterAdminToken(server.baseUrl);
    const bare = (await adminCall(server.baseUrl, token, 'POST', '/shop/partial-export')).body as Record<string, unknown>;
    assert.equal(bare.realm, 'shop');
    assert.equal(bare.clients, undefined);
    assert.equal(bare.groups, undefined);
    assert.equal(bare.users, undefined);
    const full = (await adminCall(server.baseUrl, token, 'POST', '/shop/partial-export?exportClients=true&exportGroupsAndRoles=true')).body as Record<string, unknown>;
    const app = (full.clients as Record<string, unknown>[]).find((c) => c.clientId === 'shop-app');
    assert.equal(app?.secret, '**********');
    assert.deepEqual((full.groups as { name: string }[]).map((g) => g.name), ['customers']);
    const google = (full.identityProviders as { alias: string; config: Record<string, string> }[]).find((p) => p.alias === 'google');
    assert.equal(google?.config.clientSecret, '**********');
    assert.equal((full.components as Record<string, unknown>)['org.keycloak.keys.KeyProvider'], undefined, 'no private keys in a partial export');
  });

  it('lets view-realm export but not import, as Keycloak does', async () => {
    const realm = await server.store.realms.findByName('shop');
    const management = await server.store.clients.findByClientId(realm!.id, 'realm-management');
    const viewRealm = await server.store.roles.findClientRole(realm!.id, management!.id, 'view-realm');
    const viewer = await server.store.users.findByUsername(realm!.id, 'viewer');
    await server.store.roles.grantToUser(viewer!.id, [viewRealm!.id]);
    const grant = await passwordGrant(server.baseUrl, 'shop', 'viewer', 'viewer-password-1');
    const token = String(grant.body.access_token);
    assert.equal((await adminCall(server.baseUrl, token, 'POST', '/shop/partial-export')).status, 200);
    assert.equal((await adminCall(server.baseUrl, token, 'POST', '/shop/partial-export?exportClients=true')).status, 403);
    assert.equal((await adminCall(server.baseUrl, token, 'POST', '/shop/partialImport', { ifResourceExists: 'SKIP', users: [] })).status, 403);
  });
});
