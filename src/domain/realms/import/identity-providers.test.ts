import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importError, importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';

const holder = useTestStore();

describe('import: identity providers and their mappers', () => {
  it('stores providers in order with every field, and their mappers', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('idp'),
      identityProviders: [
        { alias: 'google', internalId: 'x', providerId: 'google', enabled: true, trustEmail: true, config: { clientId: 'g', clientSecret: '**********' } },
        { alias: 'adfs', providerId: 'saml', enabled: false, config: { singleSignOnServiceUrl: 'https://adfs.example.com' } },
      ],
      identityProviderMappers: [{ name: 'email', identityProviderAlias: 'adfs', identityProviderMapper: 'saml-user-attribute-idp-mapper', config: { 'user.attribute': 'email' } }],
    });
    const providers = await holder.store.identityProviders.list(realm.id);
    assert.deepEqual(providers.map((p) => p.alias), ['google', 'adfs']);
    assert.equal(providers[0]!.data.trustEmail, true);
    assert.equal((providers[0]!.data.config as Record<string, string>).clientSecret, '**********', 'a masked value is a plain string');
    const mappers = await holder.store.identityProviders.listMappers(realm.id, 'adfs');
    assert.deepEqual(mappers.map((m) => [m.name, m.identityProviderMapper, m.config]), [['email', 'saml-user-attribute-idp-mapper', { 'user.attribute': 'email' }]]);
  });

  it('names a mapper whose provider is not there', async () => {
    const message = await importError(importRep(holder.store, { realm: uniqueRealm('idp'), identityProviderMappers: [{ name: 'm', identityProviderAlias: 'gone', identityProviderMapper: 'x', config: {} }] }));
    assert.equal(message, 'identityProviderMappers[0].identityProviderAlias: identity provider "gone" not found');
  });
});
