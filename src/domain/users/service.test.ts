import assert from 'node:assert/strict';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../test/support/test-store.ts';
import { systemClock } from '../../kernel/clock.ts';
import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import { checkPassword, preparePassword, storePassword } from '../credentials/service.ts';
import { createRealm, prepareRealmKeys } from '../realms/service.ts';
import { effectiveRoles } from '../roles/effective-roles.ts';
import { createUser, findUserForLogin, updateUser } from './service.ts';

describe('users', () => {
  const t = useTestStore();

  async function realm(name: string, settings: Record<string, unknown> = {}): Promise<RealmRecord> {
    const id = newId();
    const keys = await prepareRealmKeys(id, systemClock);
    return t.store.transaction((tx) => createRealm(tx, { id, name, keys, settings }, systemClock));
  }

  it("a new user holds the realm's default roles and joins its default groups", async () => {
    const r = await realm('onboarding');
    const group = { id: newId(), realmId: r.id, parentId: null, name: 'customers', description: null, attributes: {} };
    await t.store.groups.create(group);
    await t.store.groups.addDefaultGroup(r.id, group.id);
    const user = await t.store.transaction((tx) =>
      createUser(tx, r, { username: 'New.User', email: 'New@Example.com', attributes: { phone: ['1'] }, requiredActions: ['VERIFY_EMAIL'] }, systemClock),
    );
    assert.equal(user.username, 'new.user');
    assert.equal(user.email, 'new@example.com');
    assert.deepEqual((await t.store.groups.listUserGroups(user.id)).map((g) => g.name), ['customers']);
    const roles = (await effectiveRoles(t.store, r.id, user.id)).map((x) => x.name).sort();
    assert.deepEqual(roles, ['default-roles-onboarding', 'manage-account', 'manage-account-links', 'offline_access', 'uma_authorization', 'view-profile']);
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), ['VERIFY_EMAIL']);
    assert.deepEqual(await t.store.users.getAttributes(user.id), { phone: ['1'] });
  });

  it("says 'User exists with same username' or '… same email', as Keycloak does", async () => {
    const r = await realm('conflicts');
    await t.store.transaction((tx) => createUser(tx, r, { username: 'taken', email: 'taken@example.com' }, systemClock));
    const message = async (input: { username: string; email?: string }) => {
      try {
        await t.store.transaction((tx) => createUser(tx, r, input, systemClock));
        return 'created';
      } catch (error) {
        assert.ok(isGatehouseError(error, 'GH_CONFLICT'));
        return `${error.field}: ${error.message}`;
      }
    };
    assert.equal(await message({ username: 'TAKEN' }), 'username: User exists with same username');
    assert.equal(await message({ username: 'other', email: 'Taken@Example.com' }), 'email: User exists with same email');
    const [u] = await t.store.users.search(r.id, { username: 'taken', exact: true });
    const second = await t.store.transaction((tx) => createUser(tx, r, { username: 'second' }, systemClock));
    await assert.rejects(updateUser(t.store, r, { ...second, email: 'taken@example.com' }), /same email/);
    assert.ok(u);
  });

  it('uses the email as username where the realm says so, and refuses a user with neither', async () => {
    const r = await realm('email-as-username', { registrationEmailAsUsername: true });
    const user = await t.store.transaction((tx) => createUser(tx, r, { email: 'Person@Example.com' }, systemClock));
    assert.equal(user.username, 'person@example.com');
    await assert.rejects(
      t.store.transaction((tx) => createUser(tx, r, {}, systemClock)),
      (e) => isGatehouseError(e, 'GH_INVALID_INPUT') && e.field === 'username',
    );
  });

  it('finds a user by email at sign-in only where the realm allows login with email', async () => {
    const open = await realm('login-email');
    const closed = await realm('login-username-only', { loginWithEmailAllowed: false });
    for (const r of [open, closed]) await t.store.transaction((tx) => createUser(tx, r, { username: 'sam', email: 'sam@example.com' }, systemClock));
    assert.equal((await findUserForLogin(t.store, open, 'SAM@example.com'))?.username, 'sam');
    assert.equal(await findUserForLogin(t.store, closed, 'sam@example.com'), undefined);
    assert.equal((await findUserForLogin(t.store, closed, ' Sam '))?.username, 'sam');
  });

  it('signs in a user imported with a Keycloak pbkdf2-sha256 hash and moves them to argon2', async () => {
    const r = await realm('imported');
    const user = await t.store.transaction((tx) => createUser(tx, r, { username: 'legacy' }, systemClock));
    const salt = randomBytes(16);
    const value = pbkdf2Sync('old secret', salt, 27500, 64, 'sha256');
    await t.store.credentials.create(r.id, {
      id: newId(),
      userId: user.id,
      type: 'password',
      userLabel: null,
      secretData: JSON.stringify({ value: value.toString('base64'), salt: salt.toString('base64'), additionalParameters: {} }),
      credentialData: JSON.stringify({ hashIterations: 27500, algorithm: 'pbkdf2-sha256', additionalParameters: {} }),
      createdDate: 1,
      priority: 10,
    });
    assert.equal(await checkPassword(t.store, r, user, 'wrong'), false);
    assert.equal(await checkPassword(t.store, r, user, 'old secret'), true);
    const [credential] = await t.store.credentials.listForUser(user.id);
    assert.equal(JSON.parse(credential!.credentialData).algorithm, 'argon2', 'the password was re-hashed with the realm policy');
    assert.equal(await checkPassword(t.store, r, user, 'old secret'), true);
  });

  it("hashes with the realm policy's algorithm and replaces the previous password", async () => {
    const r = await realm('policy', { passwordPolicy: 'length(8) and hashAlgorithm(pbkdf2-sha512) and hashIterations(1000)' });
    const user = await t.store.transaction((tx) => createUser(tx, r, { username: 'p' }, systemClock));
    for (const password of ['first password', 'second password']) {
      const credential = await preparePassword(r, password, systemClock);
      await t.store.transaction((tx) => storePassword(tx, r.id, user.id, credential));
    }
    const credentials = await t.store.credentials.listForUser(user.id);
    assert.equal(credentials.length, 1);
    assert.deepEqual(JSON.parse(credentials[0]!.credentialData), { hashIterations: 1000, algorithm: 'pbkdf2-sha512', additionalParameters: {} });
    assert.equal(await checkPassword(t.store, r, user, 'first password'), false);
    assert.equal(await checkPassword(t.store, r, user, 'second password'), true);
  });
});
