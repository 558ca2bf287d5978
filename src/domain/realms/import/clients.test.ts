import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importError, importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';

const holder = useTestStore();

describe('import: clients and client scopes', () => {
  it('creates clients with their mappers and scope links, and updates a built-in client in place', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('clients'),
      clientScopes: [{ name: 'custom', protocol: 'openid-connect', protocolMappers: [{ name: 'm', protocolMapper: 'oidc-hardcoded-claim-mapper', config: { 'claim.name': 'x' } }] }],
      clients: [
        { id: 'aaaaaaaa-0000-0000-0000-000000000001', clientId: 'web', publicClient: true, redirectUris: ['https://web.example.com/*'], defaultClientScopes: ['custom', 'profile', 'gone'], optionalClientScopes: ['email'], protocolMappers: [{ name: 'dedicated', protocolMapper: 'oidc-audience-mapper', config: {} }], somethingNew: true },
        { clientId: 'admin-cli', directAccessGrantsEnabled: false },
      ],
    });
    const web = await holder.store.clients.findByClientId(realm.id, 'web');
    assert.equal(web?.id, 'aaaaaaaa-0000-0000-0000-000000000001');
    assert.equal(web?.data.somethingNew, true);
    assert.ok((web?.data.protocolMappers as { id: string }[])[0]!.id, 'a mapper without an id gets one');
    const scopes = new Map((await holder.store.clientScopes.list(realm.id)).map((s) => [s.id, s.name]));
    const links = await holder.store.clients.listScopeLinks(web!.id);
    assert.deepEqual(links.map((l) => [scopes.get(l.scopeId), l.defaultScope]).sort(), [['custom', true], ['email', false], ['profile', true]]);
    const custom = await holder.store.clientScopes.findByName(realm.id, 'custom');
    assert.ok((custom?.data.protocolMappers as { id: string }[])[0]!.id);
    const cli = await holder.store.clients.findByClientId(realm.id, 'admin-cli');
    assert.equal(cli?.data.directAccessGrantsEnabled, false);
    assert.equal(cli?.data.publicClient, true, 'built-in fields the file leaves out stay');
  });

  it('names a client that appears twice', async () => {
    const message = await importError(importRep(holder.store, { realm: uniqueRealm('twice'), clients: [{ clientId: 'x' }, { clientId: 'x' }] }));
    assert.equal(message, 'clients[1].clientId: client "x" appears twice');
  });
});
