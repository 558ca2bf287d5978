import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import KcAdminClient from '@keycloak/keycloak-admin-client';
import { useGatehouseServer } from '../../support/gatehouse-server.ts';

const server = useGatehouseServer([
  {
    name: 'brokered',
    users: [
      { username: 'idp-viewer', password: 'idp-viewer-password-1' },
      { username: 'nobody', password: 'nobody-password-1' },
    ],
  },
]);

async function adminClient(realmName = 'master', username = 'admin', password = 'admin'): Promise<KcAdminClient> {
  const kc = new KcAdminClient({ baseUrl: server.baseUrl, realmName });
  await kc.auth({ username, password, grantType: 'password', clientId: 'admin-cli' });
  kc.setConfig({ realmName: 'brokered' });
  return kc;
}

const status = (code: number) => (error: unknown) => (error as { response?: { status?: number } }).response?.status === code;

describe('identity providers through the unchanged Keycloak admin client', () => {
  it('creates, reads, updates and deletes a provider, with its client secret masked', async () => {
    const kc = await adminClient();
    const created = await kc.identityProviders.create({
      alias: 'corporate',
      providerId: 'oidc',
      displayName: 'Corporate SSO',
      config: { clientId: 'gatehouse', clientSecret: 'very-secret', authorizationUrl: 'https://sso.example.com/auth', tokenUrl: 'https://sso.example.com/token' },
    });
    assert.equal(created.id, 'corporate', 'the Location header ends with the alias');
    const found = await kc.identityProviders.findOne({ alias: 'corporate' });
    assert.equal(found?.displayName, 'Corporate SSO');
    assert.equal(found?.enabled, true);
    assert.equal(found?.firstBrokerLoginFlowAlias, 'first broker login');
    assert.equal(found?.config?.clientSecret, '**********');
    assert.ok(found?.internalId);
    await assert.rejects(kc.identityProviders.create({ alias: 'corporate', providerId: 'oidc' }), status(409));

    // Sending the mask back keeps the stored secret, as in Keycloak.
    await kc.identityProviders.update({ alias: 'corporate' }, { ...found!, displayName: 'Corporate', trustEmail: true });
    const updated = await kc.identityProviders.findOne({ alias: 'corporate' });
    assert.equal(updated?.displayName, 'Corporate');
    assert.equal(updated?.trustEmail, true);
    const realm = await server.store.realms.findByName('brokered');
    const stored = await server.store.identityProviders.findByAlias(realm!.id, 'corporate');
    assert.equal((stored?.data.config as Record<string, string>).clientSecret, 'very-secret');

    assert.deepEqual((await kc.identityProviders.find()).map((p) => p.alias), ['corporate']);
    await kc.identityProviders.del({ alias: 'corporate' });
    assert.equal(await kc.identityProviders.findOne({ alias: 'corporate' }), null, 'a missing provider is a 404');
  });

  it('creates, lists, updates and deletes mappers, and lists the mapper types', async () => {
    const kc = await adminClient();
    await kc.identityProviders.create({ alias: 'github', providerId: 'github', config: { clientId: 'x', clientSecret: 'y' } });
    const { id } = await kc.identityProviders.createMapper({
      alias: 'github',
      identityProviderMapper: { name: 'company', identityProviderMapper: 'github-user-attribute-mapper', identityProviderAlias: 'github', config: { jsonField: 'company', userAttribute: 'company', syncMode: 'INHERIT' } },
    });
    assert.ok(id);
    const mappers = await kc.identityProviders.findMappers({ alias: 'github' });
    assert.deepEqual(mappers.map((m) => [m.name, m.identityProviderMapper, m.identityProviderAlias]), [['company', 'github-user-attribute-mapper', 'github']]);
    await kc.identityProviders.updateMapper({ alias: 'github', id }, { ...mappers[0]!, config: { jsonField: 'location', userAttribute: 'city', syncMode: 'FORCE' } });
    const one = await kc.identityProviders.findOneMapper({ alias: 'github', id });
    assert.equal(one?.config?.userAttribute, 'city');
    const types = await kc.identityProviders.findMapperTypes({ alias: 'github' });
    assert.ok(types['github-user-attribute-mapper'], 'the social attribute mapper is offered');
    assert.ok(types['hardcoded-role-idp-mapper']);
    await kc.identityProviders.delMapper({ alias: 'github', id });
    assert.deepEqual(await kc.identityProviders.findMappers({ alias: 'github' }), []);
    await kc.identityProviders.del({ alias: 'github' });
  });

  it('lets view-identity-providers read but not change, and refuses a user with no admin role', async () => {
    const admin = await adminClient();
    await admin.identityProviders.create({ alias: 'partner', providerId: 'saml', config: {} });
    const realm = await server.store.realms.findByName('brokered');
    const management = await server.store.clients.findByClientId(realm!.id, 'realm-management');
    const viewRole = await server.store.roles.findClientRole(realm!.id, management!.id, 'view-identity-providers');
    const viewer = await server.store.users.findByUsername(realm!.id, 'idp-viewer');
    await server.store.roles.grantToUser(viewer!.id, [viewRole!.id]);

    const kc = await adminClient('brokered', 'idp-viewer', 'idp-viewer-password-1');
    assert.equal((await kc.identityProviders.findOne({ alias: 'partner' }))?.providerId, 'saml');
    await assert.rejects(kc.identityProviders.create({ alias: 'mine', providerId: 'oidc' }), status(403));
    await assert.rejects(kc.identityProviders.del({ alias: 'partner' }), status(403));
    const nobody = await adminClient('brokered', 'nobody', 'nobody-password-1');
    await assert.rejects(nobody.identityProviders.find(), status(403));
  });
});
