import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { decodeJwt } from 'jose';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([{ name: 'garden' }]);

async function adminClient(): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName: 'master' });
  await kc.auth({ username: 'admin', password: 'admin', grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'garden' });
  return kc;
}

async function api(kc: KcAdminClient, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.baseUrl}/admin/realms/garden/${path}`, {
    method,
    headers: { authorization: `Bearer ${kc.accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The access token's claims for a client_credentials request, with an optional `scope`. */
async function claims(clientId: string, secret: string, scope?: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}/realms/garden/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret, ...(scope ? { scope } : {}) }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return decodeJwt(((await response.json()) as { access_token: string }).access_token);
}

const hardcoded = (name: string, claim: string, value: string) => ({
  name,
  protocol: 'openid-connect',
  protocolMapper: 'oidc-hardcoded-claim-mapper',
  config: { 'claim.name': claim, 'claim.value': value, 'access.token.claim': 'true', 'jsonType.label': 'String' },
});

describe('Admin API client scopes', () => {
  it('creates scopes whose mappers reach the tokens of the clients using them', async () => {
    const kc = await adminClient();
    const { id } = await kc.clientScopes.create({ name: 'plots', description: 'Garden plots', protocol: 'openid-connect', attributes: { 'include.in.token.scope': 'true' } });
    const scope = await kc.clientScopes.findOne({ id });
    assert.equal(scope?.name, 'plots');
    assert.equal(scope?.description, 'Garden plots');
    assert.ok((await kc.clientScopes.find()).some((s) => s.name === 'plots'));
    const same = await api(kc, 'POST', 'client-scopes', { name: 'plots', protocol: 'openid-connect' });
    assert.deepEqual([same.status, await same.json()], [409, { errorMessage: 'Client Scope plots already exists' }]);
    const missing = await api(kc, 'GET', 'client-scopes/00000000-0000-4000-8000-000000000000');
    assert.deepEqual([missing.status, await missing.json()], [404, { error: 'Could not find client scope' }]);

    await kc.clientScopes.addProtocolMapper({ id }, hardcoded('plot', 'plot', 'north-bed'));
    const client = await kc.clients.create({ clientId: 'gardener', serviceAccountsEnabled: true, secret: 'gardener-secret-0123456789' });
    assert.equal((await claims('gardener', 'gardener-secret-0123456789')).plot, undefined);
    await kc.clients.addOptionalClientScope({ id: client.id, clientScopeId: id });
    assert.equal((await claims('gardener', 'gardener-secret-0123456789')).plot, undefined, 'an optional scope applies only when asked for');
    const asked = await claims('gardener', 'gardener-secret-0123456789', 'plots');
    assert.equal(asked.plot, 'north-bed');
    assert.ok((asked.scope as string).split(' ').includes('plots'));

    const [mapper] = await kc.clientScopes.listProtocolMappers({ id });
    await kc.clientScopes.updateProtocolMapper({ id, mapperId: mapper!.id! }, { ...mapper, config: { ...mapper!.config, 'claim.value': 'south-bed' } });
    assert.equal((await claims('gardener', 'gardener-secret-0123456789', 'plots')).plot, 'south-bed');
    await kc.clientScopes.update({ id }, { name: 'beds', protocol: 'openid-connect' });
    assert.equal((await kc.clientScopes.findOne({ id }))?.name, 'beds');
    assert.equal((await claims('gardener', 'gardener-secret-0123456789', 'beds')).plot, 'south-bed');

    const inUse = await api(kc, 'DELETE', `client-scopes/${id}`);
    assert.deepEqual([inUse.status, await inUse.json()], [400, { errorMessage: 'Cannot remove client scope, it is currently in use' }]);
    await kc.clients.delOptionalClientScope({ id: client.id, clientScopeId: id });
    await kc.clientScopes.del({ id });
    assert.equal(await kc.clientScopes.findOne({ id }), null);
  });

  it("gives new clients the realm's default and optional scopes", async () => {
    const kc = await adminClient();
    const { id } = await kc.clientScopes.create({ name: 'seasons', protocol: 'openid-connect' });
    await kc.clientScopes.addProtocolMapper({ id }, hardcoded('season', 'season', 'spring'));
    await kc.clientScopes.addDefaultClientScope({ id });
    assert.ok((await kc.clientScopes.listDefaultClientScopes()).some((s) => s.name === 'seasons'));
    const { id: optionalId } = await kc.clientScopes.create({ name: 'weather', protocol: 'openid-connect' });
    await kc.clientScopes.addDefaultOptionalClientScope({ id: optionalId });
    assert.ok((await kc.clientScopes.listDefaultOptionalClientScopes()).some((s) => s.name === 'weather'));

    const client = await kc.clients.create({ clientId: 'planner', serviceAccountsEnabled: true, secret: 'planner-secret-0123456789' });
    const created = await kc.clients.findOne({ id: client.id });
    assert.ok(created?.defaultClientScopes?.includes('seasons'));
    assert.ok(created?.optionalClientScopes?.includes('weather'));
    assert.equal((await claims('planner', 'planner-secret-0123456789')).season, 'spring');

    await kc.clientScopes.delDefaultClientScope({ id });
    assert.ok(!(await kc.clientScopes.listDefaultClientScopes()).some((s) => s.name === 'seasons'));
    const later = await kc.clients.create({ clientId: 'later' });
    assert.ok(!(await kc.clients.findOne({ id: later.id }))?.defaultClientScopes?.includes('seasons'));
    const unknown = await api(kc, 'PUT', 'default-default-client-scopes/nope');
    assert.deepEqual([unknown.status, await unknown.json()], [404, { error: 'Client scope not found' }]);
  });
});
