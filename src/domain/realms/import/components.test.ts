import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importError, importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { defaultProfileConfig, readProfileConfig } from '../../profile/index.ts';

const holder = useTestStore();
const UP = 'org.keycloak.userprofile.UserProfileProvider';

function profileWith(extra: string) {
  const config = defaultProfileConfig();
  config.attributes.push({ name: extra, displayName: extra, permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] } } as never);
  return JSON.stringify(config);
}

describe('import: components and the user profile', () => {
  it('stores the current single-JSON user profile', async () => {
    const realm = await importRep(holder.store, { realm: uniqueRealm('up'), components: { [UP]: [{ name: 'declarative-user-profile', providerId: 'declarative-user-profile', config: { 'kc.user.profile.config': [profileWith('nationality')] } }] } });
    assert.ok((await readProfileConfig(holder.store, realm)).attributes.some((a) => a.name === 'nationality'));
  });

  it('reads the older chunked layout (config-piece-0…, config-pieces-count)', async () => {
    const json = profileWith('birthdate');
    const half = Math.floor(json.length / 2);
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('pieces'),
      components: { [UP]: [{ providerId: 'declarative-user-profile', config: { 'config-piece-0': [json.slice(0, half)], 'config-piece-1': [json.slice(half)], 'config-pieces-count': ['2'] } }] },
    });
    assert.ok((await readProfileConfig(holder.store, realm)).attributes.some((a) => a.name === 'birthdate'));
  });

  it('keeps other components, with their sub-components, as components', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('ldap'),
      components: { 'org.keycloak.storage.UserStorageProvider': [{ name: 'ldap', providerId: 'ldap', config: { vendor: ['ad'] }, subComponents: { 'org.keycloak.storage.ldap.mappers.LDAPStorageMapper': [{ name: 'email', providerId: 'user-attribute-ldap-mapper', config: {} }] } }] },
    });
    const [ldap] = await holder.store.components.list(realm.id, { providerType: 'org.keycloak.storage.UserStorageProvider' });
    assert.deepEqual(ldap?.config, { vendor: ['ad'] });
    const [mapper] = await holder.store.components.list(realm.id, { parentId: ldap!.id });
    assert.equal(mapper?.name, 'email');
  });

  it('names a user profile that is not JSON', async () => {
    const message = await importError(importRep(holder.store, { realm: uniqueRealm('bad'), components: { [UP]: [{ providerId: 'declarative-user-profile', config: { 'kc.user.profile.config': ['{'] } }] } }));
    assert.match(message, /^components\["org\.keycloak\.userprofile\.UserProfileProvider"\]\[0\]\.config: .*not JSON/);
  });
});
