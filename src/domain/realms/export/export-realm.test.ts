import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { deleteRealm } from '../service.ts';
import { exportRealm, exportRealmUsers, usersFiles } from './export-realm.ts';

const holder = useTestStore();

const strip = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(strip)
  : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([k]) => !['id', 'containerId', 'internalId'].includes(k)).map(([k, v]) => [k, strip(v)]))
  : value;

describe('export', () => {
  it('writes a representation that imports back to the same realm', async () => {
    const name = uniqueRealm('rt');
    const realm = await importRep(holder.store, {
      realm: name,
      registrationAllowed: true,
      passwordPolicy: 'length(10)',
      smtpServer: { host: 'smtp.example.com', password: 'smtp-secret' },
      roles: { realm: [{ name: 'staff', composite: true, composites: { realm: ['offline_access'] } }] },
      groups: [{ name: 'org', realmRoles: ['staff'], subGroups: [{ name: 'team' }] }],
      defaultGroups: ['/org/team'],
      clients: [{ clientId: 'web', secret: 'web-secret', publicClient: false }],
      identityProviders: [{ alias: 'google', providerId: 'google', config: { clientSecret: 'g-secret' } }],
      users: [{ username: 'ann', enabled: true, groups: ['/org'], credentials: [{ type: 'password', value: 'ann-password' }], realmRoles: ['staff'] }],
      clientScopeMappings: { account: [{ client: 'account-console', roles: ['manage-account'] }] },
    });
    const first = await exportRealm(holder.store, realm, { users: true });
    assert.equal((first.smtpServer as Record<string, string>).password, 'smtp-secret', 'a full export keeps secrets, as Keycloak\'s does');
    assert.deepEqual(first.defaultGroups, ['/org/team']);
    assert.ok(first.clientScopeMappings, 'kept collections come back');
    await holder.store.transaction((tx) => deleteRealm(tx, realm));
    const again = await importRep(holder.store, first);
    const second = await exportRealm(holder.store, again, { users: true });
    assert.deepEqual(strip(second), strip(first));
  });

  it('masks secrets and leaves out keys for a partial export', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('mask'), smtpServer: { host: 'h', password: 'p' }, clients: [{ clientId: 'web', secret: 's' }],
      identityProviders: [{ alias: 'gh', providerId: 'github', config: { clientSecret: 'x' } }],
    });
    const rep = await exportRealm(holder.store, realm, { maskSecrets: true, keys: false });
    assert.equal((rep.smtpServer as Record<string, string>).password, '**********');
    assert.equal((rep.clients as { clientId: string; secret?: string }[]).find((c) => c.clientId === 'web')?.secret, '**********');
    assert.equal((rep.identityProviders as { config: Record<string, string> }[])[0]!.config.clientSecret, '**********');
    assert.equal((rep.components as Record<string, unknown>)['org.keycloak.keys.KeyProvider'], undefined);
  });

  it('splits users into files of 50 as Keycloak\'s different_files does', async () => {
    const users = Array.from({ length: 120 }, (_, i) => ({ username: `u${i}`, enabled: true }));
    const realm = await importRep(holder.store, { realm: uniqueRealm('many'), users });
    const files = usersFiles(realm.name, await exportRealmUsers(holder.store, realm));
    assert.deepEqual(files.map((f) => [f.name, (f.content.users as unknown[]).length]), [[`${realm.name}-users-0.json`, 50], [`${realm.name}-users-1.json`, 50], [`${realm.name}-users-2.json`, 20]]);
    assert.equal(files[0]!.content.realm, realm.name);
  });
});
