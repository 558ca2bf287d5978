import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { decodeJwt } from 'jose';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const rotationPolicy = {
  clientProfiles: { profiles: [{ name: 'rotate', description: 'Rotates secrets', executors: [{ executor: 'secret-rotation', configuration: { 'expiration-period': '2505600', 'rotated-expiration-period': '3600', 'remaining-expiration-period': '864000' } }] }] },
  clientPolicies: { policies: [{ name: 'rotate-confidential', enabled: true, conditions: [{ condition: 'client-access-type', configuration: { type: ['confidential'] } }], profiles: ['rotate'] }] },
};

const server = useGatehouseServer([
  {
    name: 'shop',
    users: [
      { username: 'viewer', password: 'viewer-password-1' },
      { username: 'creator', password: 'creator-password-1' },
    ],
  },
  { name: 'rotating', settings: rotationPolicy },
]);

async function adminClient(realmName = 'master', username = 'admin', password = 'admin'): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName });
  await kc.auth({ username, password, grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: realmName === 'master' ? 'shop' : realmName });
  return kc;
}

/** The HTTP status of an admin client error. */
const status = (code: number) => (error: unknown) => (error as { response?: { status?: number } }).response?.status === code;

/** A client_credentials token request with HTTP Basic client authentication. */
async function clientCredentials(realm: string, clientId: string, secret: string): Promise<Response> {
  return fetch(`${server.baseUrl}/realms/${realm}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
}

async function accessToken(realm: string, clientId: string, secret: string): Promise<Record<string, unknown>> {
  const response = await clientCredentials(realm, clientId, secret);
  assert.equal(response.status, 200, await response.clone().text());
  return decodeJwt(((await response.json()) as { access_token: string }).access_token);
}

async function api(kc: KcAdminClient, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}/admin/realms/${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Grants a user of the realm some of its `realm-management` roles. */
async function grantManagement(realmName: string, username: string, roles: string[]): Promise<void> {
  const { store } = server;
  const realm = (await store.realms.findByName(realmName))!;
  const management = (await store.clients.findByClientId(realm.id, 'realm-management'))!;
  const user = (await store.users.findByUsername(realm.id, username))!;
  const ids = [];
  for (const name of roles) ids.push((await store.roles.findClientRole(realm.id, management.id, name))!.id);
  await store.roles.grantToUser(user.id, ids);
}

describe('Admin API clients', () => {
  it('creates a confidential client that gets tokens at once, and regenerates its secret', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'billing', serviceAccountsEnabled: true, redirectUris: ['https://billing.example/*'] });
    const client = await kc.clients.findOne({ id });
    assert.equal(client?.clientId, 'billing');
    assert.equal(client?.publicClient, false);
    assert.equal(client?.standardFlowEnabled, true);
    assert.equal(client?.protocol, 'openid-connect');
    assert.ok(typeof client?.secret === 'string' && client.secret.length >= 32);
    for (const scope of ['profile', 'email', 'roles', 'web-origins', 'acr', 'basic']) assert.ok(client?.defaultClientScopes?.includes(scope), scope);
    assert.ok(client?.optionalClientScopes?.includes('offline_access'));

    const token = await accessToken('shop', 'billing', client!.secret!);
    assert.equal(token.azp, 'billing');
    assert.equal(token.preferred_username, 'service-account-billing');

    const first = await kc.clients.getClientSecret({ id });
    assert.deepEqual(first, { type: 'secret', value: client!.secret });
    const fresh = await kc.clients.generateNewClientSecret({ id });
    assert.equal(fresh.type, 'secret');
    assert.notEqual(fresh.value, client!.secret);
    assert.equal((await clientCredentials('shop', 'billing', client!.secret!)).status, 401);
    await accessToken('shop', 'billing', fresh.value!);
    const rotated = await api(kc, 'GET', `shop/clients/${id}/client-secret/rotated`);
    assert.equal(rotated.status, 404);
    assert.deepEqual(await rotated.json(), { error: 'Client does not have a rotated secret' });

    const user = await kc.clients.getServiceAccountUser({ id });
    assert.equal(user.username, 'service-account-billing');
    await kc.clients.update({ id }, { clientId: 'invoicing' });
    assert.equal((await kc.clients.getServiceAccountUser({ id })).username, 'service-account-invoicing');
    await accessToken('shop', 'invoicing', fresh.value!);
    assert.equal((await clientCredentials('shop', 'billing', fresh.value!)).status, 401);
  });

  it('keeps a rotated secret working until it is invalidated, where a client policy rotates secrets', async () => {
    const kc = await adminClient();
    kc.setConfig({ realmName: 'rotating' });
    const { id } = await kc.clients.create({ clientId: 'worker', serviceAccountsEnabled: true, secret: 'the-first-secret-of-the-worker' });
    const fresh = await kc.clients.generateNewClientSecret({ id });
    await accessToken('rotating', 'worker', fresh.value!);
    await accessToken('rotating', 'worker', 'the-first-secret-of-the-worker');
    const rotated = await api(kc, 'GET', `rotating/clients/${id}/client-secret/rotated`);
    assert.deepEqual(await rotated.json(), { type: 'secret', value: 'the-first-secret-of-the-worker' });
    const attributes = (await kc.clients.findOne({ id }))?.attributes ?? {};
    assert.equal(attributes['client.secret.rotated'], 'the-first-secret-of-the-worker');
    const expires = Number(attributes['client.secret.rotated.expiration.time']);
    assert.ok(Math.abs(expires - (Date.now() / 1000 + 3600)) < 120, String(expires));

    await kc.clients.invalidateSecret({ id });
    assert.equal((await clientCredentials('rotating', 'worker', 'the-first-secret-of-the-worker')).status, 401);
    await accessToken('rotating', 'worker', fresh.value!);
    assert.equal((await api(kc, 'GET', `rotating/clients/${id}/client-secret/rotated`)).status, 404);
  });

  it('finds, updates and deletes clients with Keycloak answers', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'storefront', publicClient: true, redirectUris: ['https://shop.example/*'], attributes: { tier: 'gold' } });
    assert.equal((await kc.clients.findOne({ id }))?.secret, undefined);
    assert.deepEqual((await kc.clients.find({ clientId: 'storefront' })).map((c) => c.id), [id]);
    assert.deepEqual(await kc.clients.find({ clientId: 'storefr' }), []);
    assert.deepEqual((await kc.clients.find({ clientId: 'TOREFR', search: true })).map((c) => c.clientId), ['storefront']);
    assert.deepEqual((await kc.clients.find({ q: 'tier:gold' })).map((c) => c.clientId), ['storefront']);
    const all = await kc.clients.find();
    for (const builtin of ['account', 'account-console', 'admin-cli', 'broker', 'realm-management', 'security-admin-console']) assert.ok(all.some((c) => c.clientId === builtin), builtin);
    assert.deepEqual((await kc.clients.find({ first: 1, max: 2 })).map((c) => c.clientId), all.slice(1, 3).map((c) => c.clientId));

    const duplicate = await api(kc, 'POST', 'shop/clients', { clientId: 'storefront' });
    assert.equal(duplicate.status, 409);
    assert.deepEqual(await duplicate.json(), { errorMessage: 'Client storefront already exists' });
    const script = await api(kc, 'POST', 'shop/clients', { clientId: 'evil', redirectUris: ['javascript:alert(1)'] });
    assert.equal(script.status, 400);
    assert.deepEqual(await script.json(), { error: 'invalid_input', error_description: 'A redirect URI uses an illegal scheme' });
    const wrongType = await api(kc, 'POST', 'shop/clients', { clientId: 'typed', publicClient: 'yes' });
    assert.equal(wrongType.status, 400);
    assert.equal(((await wrongType.json()) as { field?: string }).field, 'publicClient');
    const missing = await api(kc, 'GET', 'shop/clients/00000000-0000-4000-8000-000000000000');
    assert.equal(missing.status, 404);
    assert.deepEqual(await missing.json(), { error: 'Could not find client' });
    assert.equal(await kc.clients.findOne({ id: '00000000-0000-4000-8000-000000000000' }), null);

    await kc.clients.update({ id }, { clientId: 'storefront', redirectUris: ['https://store.example/*'], attributes: { 'pkce.code.challenge.method': 'S256' } });
    const updated = await kc.clients.findOne({ id });
    assert.deepEqual(updated?.redirectUris, ['https://store.example/*']);
    assert.deepEqual(updated?.attributes, { tier: 'gold', 'pkce.code.challenge.method': 'S256' });
    const location = await fetch(`${server.baseUrl}/realms/shop/protocol/openid-connect/auth?${new URLSearchParams({ client_id: 'storefront', redirect_uri: 'https://store.example/cb', response_type: 'code', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`, { redirect: 'manual' });
    assert.equal(location.status, 303, 'the new redirect URI is accepted at once');
    const noServiceAccount = await api(kc, 'GET', `shop/clients/${id}/service-account-user`);
    assert.equal(noServiceAccount.status, 400);
    assert.deepEqual(await noServiceAccount.json(), { error: "Service account not enabled for the client 'storefront'" });

    await kc.clients.del({ id });
    assert.equal(await kc.clients.findOne({ id }), null);
    const management = (await kc.clients.find({ clientId: 'realm-management' }))[0]!;
    const refused = await api(kc, 'DELETE', `shop/clients/${management.id}`);
    assert.deepEqual([refused.status, await refused.json()], [400, { error: 'invalid_request', error_description: 'Could not delete client' }]);
  });

  it('stores protocol mappers whose claims show in the next token, and serves keycloak.json', async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'reporting', serviceAccountsEnabled: true, secret: 'reporting-secret-0123456789' });
    await kc.clients.addProtocolMapper({ id }, {
      name: 'tenant',
      protocol: 'openid-connect',
      protocolMapper: 'oidc-hardcoded-claim-mapper',
      config: { 'claim.name': 'tenant', 'claim.value': 'north', 'access.token.claim': 'true', 'jsonType.label': 'String' },
    });
    assert.equal((await accessToken('shop', 'reporting', 'reporting-secret-0123456789')).tenant, 'north');
    const [mapper] = await kc.clients.listProtocolMappers({ id });
    assert.ok(mapper?.id);
    assert.equal((await kc.clients.findProtocolMapperById({ id, mapperId: mapper.id }))?.name, 'tenant');
    await kc.clients.updateProtocolMapper({ id, mapperId: mapper.id }, { ...mapper, config: { ...mapper.config, 'claim.value': 'south' } });
    assert.equal((await accessToken('shop', 'reporting', 'reporting-secret-0123456789')).tenant, 'south');
    const same = await api(kc, 'POST', `shop/clients/${id}/protocol-mappers/models`, { name: 'tenant', protocol: 'openid-connect', protocolMapper: 'oidc-hardcoded-claim-mapper', config: {} });
    assert.equal(same.status, 409);
    assert.deepEqual(await same.json(), { errorMessage: 'Protocol mapper exists with same name' });
    assert.equal((await kc.clients.findProtocolMappersByProtocol({ id, protocol: 'openid-connect' })).length, 1);
    await kc.clients.delProtocolMapper({ id, mapperId: mapper.id });
    assert.equal((await accessToken('shop', 'reporting', 'reporting-secret-0123456789')).tenant, undefined);
    const missing = await api(kc, 'GET', `shop/clients/${id}/protocol-mappers/models/${mapper.id}`);
    assert.deepEqual([missing.status, await missing.json()], [404, { error: 'Model not found' }]);

    const installation = await api(kc, 'GET', `shop/clients/${id}/installation/providers/keycloak-oidc-keycloak-json`);
    assert.deepEqual(await installation.json(), {
      realm: 'shop',
      'auth-server-url': `${server.baseUrl}/`,
      'ssl-required': 'external',
      resource: 'reporting',
      credentials: { secret: 'reporting-secret-0123456789' },
      'confidential-port': 0,
    });
  });

  it("links client scopes to a client and answers 403 to admins without the client roles", async () => {
    const kc = await adminClient();
    const { id } = await kc.clients.create({ clientId: 'scoped', serviceAccountsEnabled: true, secret: 'scoped-secret-0123456789' });
    const phone = (await kc.clientScopes.findOneByName({ name: 'phone' }))!;
    await kc.clients.addDefaultClientScope({ id, clientScopeId: phone.id! });
    assert.ok((await kc.clients.listDefaultClientScopes({ id })).some((s) => s.name === 'phone'));
    assert.ok(!(await kc.clients.listOptionalClientScopes({ id })).some((s) => s.name === 'phone'));
    assert.ok(((await accessToken('shop', 'scoped', 'scoped-secret-0123456789')).scope as string).split(' ').includes('phone'));
    await kc.clients.delDefaultClientScope({ id, clientScopeId: phone.id! });
    assert.ok(!((await accessToken('shop', 'scoped', 'scoped-secret-0123456789')).scope as string).split(' ').includes('phone'));
    await assert.rejects(kc.clients.addDefaultClientScope({ id, clientScopeId: 'nope' }), status(404));

    await grantManagement('shop', 'viewer', ['view-clients']);
    await grantManagement('shop', 'creator', ['create-client']);
    const viewer = await adminClient('shop', 'viewer', 'viewer-password-1');
    assert.ok((await viewer.clients.find()).some((c) => c.clientId === 'scoped'));
    assert.equal((await viewer.clients.findOne({ id }))?.clientId, 'scoped');
    await assert.rejects(viewer.clients.create({ clientId: 'viewer-made' }), status(403));
    await assert.rejects(viewer.clients.update({ id }, { enabled: false }), status(403));
    await assert.rejects(viewer.clients.del({ id }), status(403));
    await assert.rejects(viewer.clients.generateNewClientSecret({ id }), status(403));
    await kc.clients.createRole({ id, name: 'operator' });
    assert.deepEqual((await viewer.clients.listRoles({ id })).map((r) => r.name), ['operator']);
    assert.equal((await viewer.clients.findRole({ id, roleName: 'operator' }))?.name, 'operator');
    await assert.rejects(viewer.clients.createRole({ id, name: 'sneaky' }), status(403));
    await assert.rejects(viewer.clients.delRole({ id, roleName: 'operator' }), status(403));
    await assert.rejects(viewer.roles.create({ name: 'sneaky' }), status(403));
    await assert.rejects(viewer.clientScopes.create({ name: 'sneaky' }), status(403));
    assert.ok((await viewer.clientScopes.find()).some((scope) => scope.name === 'profile'));
    const creator = await adminClient('shop', 'creator', 'creator-password-1');
    const created = await creator.clients.create({ clientId: 'creator-made' });
    assert.ok(created.id);
    await assert.rejects(creator.clients.del({ id }), status(403));
    const forbidden = await api(creator, 'GET', `shop/clients/${id}`);
    assert.deepEqual([forbidden.status, await forbidden.json()], [403, { error: 'HTTP 403 Forbidden' }]);
  });
});
