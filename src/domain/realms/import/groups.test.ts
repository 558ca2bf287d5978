import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importError, importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';

const holder = useTestStore();

describe('import: groups and default groups', () => {
  it('creates the tree with attributes and role mappings, and the default groups by path', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('groups'),
      roles: { realm: [{ name: 'staff' }] },
      groups: [{ name: 'org', attributes: { site: ['berlin'] }, realmRoles: ['staff'], clientRoles: { account: ['view-profile'] }, subGroups: [{ name: 'team', subGroups: [{ name: 'squad' }] }] }],
      defaultGroups: ['/org/team'],
    });
    const all = await holder.store.groups.listAll(realm.id);
    assert.deepEqual(all.map((g) => g.name).sort(), ['org', 'squad', 'team']);
    const org = all.find((g) => g.name === 'org')!;
    assert.deepEqual(org.attributes, { site: ['berlin'] });
    assert.deepEqual((await holder.store.roles.listGroupRoles(org.id)).map((r) => r.name).sort(), ['staff', 'view-profile']);
    assert.deepEqual((await holder.store.groups.listDefaultGroups(realm.id)).map((g) => g.name), ['team']);
  });

  it('names a default group no group has, and a role a group maps that does not exist', async () => {
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('g'), groups: [{ name: 'a' }], defaultGroups: ['/b'] })), 'defaultGroups[0]: group "/b" not found');
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('g'), groups: [{ name: 'a', subGroups: [{ name: 'b', realmRoles: ['x'] }] }] })), 'groups[0].subGroups[0].realmRoles[0]: role "x" not found');
  });
});
