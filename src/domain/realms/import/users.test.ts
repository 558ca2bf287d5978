import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importError, importRep, uniqueRealm } from '../../../../test/support/import-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { checkPassword } from '../../credentials/service.ts';
import { hashPassword } from '../../credentials/password-hashing.ts';

const holder = useTestStore();

async function hashed(password: string, algorithm: string, iterations?: number) {
  const hash = await hashPassword(password, { algorithm, iterations });
  return { type: 'password', secretData: JSON.stringify(hash.secretData), credentialData: JSON.stringify(hash.credentialData) };
}

describe('import: users', () => {
  it('lets users with pbkdf2, pbkdf2-sha256, pbkdf2-sha512, argon2 and plain passwords sign in with them', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('users'),
      users: [
        { username: 'sha1', enabled: true, credentials: [await hashed('pw-sha1', 'pbkdf2', 1000)] },
        { username: 'sha256', enabled: true, credentials: [await hashed('pw-sha256', 'pbkdf2-sha256', 1000)] },
        { username: 'sha512', enabled: true, credentials: [await hashed('pw-sha512', 'pbkdf2-sha512', 1000)] },
        { username: 'argon', enabled: true, credentials: [await hashed('pw-argon', 'argon2')] },
        { username: 'Plain', enabled: true, credentials: [{ type: 'password', value: 'pw-plain', temporary: false }] },
      ],
    });
    for (const [username, password] of [['sha1', 'pw-sha1'], ['sha256', 'pw-sha256'], ['sha512', 'pw-sha512'], ['argon', 'pw-argon'], ['plain', 'pw-plain']] as const) {
      const user = await holder.store.users.findByUsername(realm.id, username);
      assert.ok(user, username);
      assert.equal(await checkPassword(holder.store, realm, user, password), true, username);
      assert.equal(await checkPassword(holder.store, realm, user, `${password}x`), false, username);
    }
  });

  it('stores attributes, required actions, roles, groups by path, service accounts, federated identities and unknown fields', async () => {
    const realm = await importRep(holder.store, {
      realm: uniqueRealm('full'),
      roles: { realm: [{ name: 'buyer' }] },
      groups: [{ name: 'a', subGroups: [{ name: 'b' }] }],
      clients: [{ clientId: 'robot', serviceAccountsEnabled: true }],
      identityProviders: [{ alias: 'google', providerId: 'google', config: {} }],
      users: [
        {
          id: '11111111-2222-3333-4444-555555555555', username: 'ann', email: 'Ann@Example.com', emailVerified: true, firstName: 'Ann', lastName: 'Lee', enabled: true,
          createdTimestamp: 1234, attributes: { phone: ['123'] }, requiredActions: ['VERIFY_EMAIL'],
          credentials: [{ type: 'password', value: 'temporary-pw', temporary: true }],
          realmRoles: ['buyer'], clientRoles: { account: ['manage-account'] }, groups: ['/a/b'],
          federatedIdentities: [{ identityProvider: 'google', userId: 'g-42', userName: 'ann@gmail.com' }],
          totp: false, disableableCredentialTypes: [], notBefore: 0,
        },
        { username: 'service-account-robot', enabled: true, serviceAccountClientId: 'robot', realmRoles: [] },
      ],
    });
    const ann = await holder.store.users.findById(realm.id, '11111111-2222-3333-4444-555555555555');
    assert.equal(ann?.email, 'ann@example.com');
    assert.equal(ann?.createdTimestamp, 1234);
    assert.deepEqual(await holder.store.users.getAttributes(ann!.id), { phone: ['123'] });
    assert.deepEqual((await holder.store.users.getRequiredActions(ann!.id)).sort(), ['UPDATE_PASSWORD', 'VERIFY_EMAIL']);
    assert.deepEqual((await holder.store.roles.listUserRoles(ann!.id)).map((r) => r.name).sort(), ['buyer', 'manage-account'], 'exactly the listed roles, not the defaults');
    assert.deepEqual((await holder.store.groups.listUserGroups(ann!.id)).map((g) => g.name), ['b']);
    assert.equal(await holder.store.federatedIdentities.findUserId(realm.id, 'google', 'g-42'), ann!.id);
    assert.deepEqual(await holder.store.representationExtras.get(realm.id, 'user', ann!.id), { totp: false, disableableCredentialTypes: [] });
    const robot = await holder.store.clients.findByClientId(realm.id, 'robot');
    assert.equal((await holder.store.users.findByServiceAccountClient(realm.id, robot!.id))?.username, 'service-account-robot');
  });

  it('names the user part that is broken: an unknown group, role, client or a taken username', async () => {
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('u'), users: [{ username: 'x', groups: ['/none'] }] })), 'users[0].groups[0]: group "/none" not found');
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('u'), users: [{ username: 'x', clientRoles: { ghost: ['r'] } }] })), 'users[0].clientRoles["ghost"][0]: role "ghost/r" not found');
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('u'), users: [{ username: 'x', serviceAccountClientId: 'ghost' }] })), 'users[0].serviceAccountClientId: client "ghost" not found');
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('u'), users: [{ username: 'x' }, { username: 'X' }] })), 'users[1]: User exists with same username');
    assert.equal(await importError(importRep(holder.store, { realm: uniqueRealm('u'), users: [{ email: 'no-name@example.com' }] })), 'users[0].username: is missing');
  });

  it('takes the email as username where the realm says so', async () => {
    const realm = await importRep(holder.store, { realm: uniqueRealm('email'), registrationEmailAsUsername: true, users: [{ email: 'Who@Example.com', enabled: true }] });
    assert.ok(await holder.store.users.findByUsername(realm.id, 'who@example.com'));
  });
});
