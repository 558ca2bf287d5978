import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importError, importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';

const holder = useTestStore();

async function composites(realmId: string, name: string): Promise<string[]> {
  const role = await holder.store.roles.findRealmRole(realmId, name);
  return (await holder.store.roles.listComposites(role!.id)).map((r) => r.name).sort();
}

describe('import: roles, composites and default roles', () => {
  it('creates realm and client roles with composites that name roles defined later', async () => {
    const name = uniqueRealm('roles');
    const realm = await importRep(holder.store, {
      realm: name,
      roles: {
        realm: [{ name: 'admin', composite: true, composites: { realm: ['user'], client: { api: ['write'] } }, attributes: { level: ['9'] } }, { name: 'user', description: 'A user', scopeParamRequired: false }],
        client: { api: [{ name: 'write' }] },
      },
      clients: [{ clientId: 'api' }],
    });
    assert.deepEqual(await composites(realm.id, 'admin'), ['user', 'write']);
    assert.deepEqual((await holder.store.roles.findRealmRole(realm.id, 'admin'))?.attributes, { level: ['9'] });
    const user = await holder.store.roles.findRealmRole(realm.id, 'user');
    assert.deepEqual(await holder.store.representationExtras.get(realm.id, 'role', user!.id), { scopeParamRequired: false }, 'an older field is kept for the export');
  });

  it('takes a 13+ defaultRole composite and the older defaultRoles lists', async () => {
    const modern = uniqueRealm('modern');
    const realm = await importRep(holder.store, {
      realm: modern,
      roles: { realm: [{ name: 'member' }, { name: `default-roles-${modern}`, composite: true, composites: { realm: ['member', 'offline_access'] } }] },
      defaultRole: { name: `default-roles-${modern}` },
    });
    assert.deepEqual(await composites(realm.id, `default-roles-${modern}`), ['member', 'offline_access']);
    const old = uniqueRealm('old');
    const legacy = await importRep(holder.store, { realm: old, roles: { realm: [{ name: 'member' }] }, defaultRoles: ['member'], clients: [{ clientId: 'account', defaultRoles: ['view-profile'] }] });
    assert.deepEqual(await composites(legacy.id, `default-roles-${old}`), ['member', 'view-profile']);
  });

  it('makes a differently named defaultRole the realm\'s default role', async () => {
    const realm = await importRep(holder.store, { realm: uniqueRealm('named'), roles: { realm: [{ name: 'holder' }] }, defaultRole: { name: 'holder' } });
    assert.equal((realm.settings.defaultRole as { name: string }).name, 'holder');
  });

  it('names a composite that no role has', async () => {
    const message = await importError(importRep(holder.store, { realm: uniqueRealm('bad'), roles: { realm: [{ name: 'a', composites: { realm: ['ghost'] } }] } }));
    assert.equal(message, 'roles.realm[0].composites.realm[0]: role "ghost" not found');
  });
});
