import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../test/support/test-store.ts';
import type { Clock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import type { RealmRecord } from '../../storage/ports.ts';
import { checkPassword as signIn, preparePassword, storePassword } from '../credentials/service.ts';
import { createRealm, prepareRealmKeys } from '../realms/service.ts';
import { createUser } from '../users/service.ts';
import { checkPassword } from './check.ts';
import { parsePasswordPolicy } from './parse.ts';

describe('storing passwords keeps password history', () => {
  const t = useTestStore();
  let time = Date.UTC(2025, 0, 1);
  // Each password is set a day after the previous one.
  const clock: Clock = { now: () => (time += 86_400_000) };

  async function realmWith(passwordPolicy: string): Promise<RealmRecord> {
    const id = newId();
    const keys = await prepareRealmKeys(id, clock);
    return t.store.transaction((tx) => createRealm(tx, { id, name: `history-${id.slice(0, 8)}`, keys, settings: { passwordPolicy } }, clock));
  }

  async function setPasswords(realm: RealmRecord, passwords: string[]): Promise<string> {
    const user = await t.store.transaction((tx) => createUser(tx, realm, { username: `u-${newId().slice(0, 8)}` }, clock));
    for (const password of passwords) {
      const credential = await preparePassword(realm, password, clock);
      await t.store.transaction((tx) => storePassword(tx, realm.id, user.id, credential));
    }
    return user.id;
  }

  const types = async (userId: string): Promise<string[]> => (await t.store.credentials.listForUser(userId)).map((c) => c.type).sort();
  const fast = 'hashAlgorithm(pbkdf2-sha256) and hashIterations(1000)';

  it('passwordHistory(3): three successive passwords leave one password and two password-history credentials', async () => {
    const realm = await realmWith(`${fast} and passwordHistory(3)`);
    const userId = await setPasswords(realm, ['first-pw', 'second-pw', 'third-pw', 'fourth-pw']);
    assert.deepEqual(await types(userId), ['password', 'password-history', 'password-history']);
    const history = await t.store.credentials.listForUser(userId);
    const policy = parsePasswordPolicy(realm.settings.passwordPolicy as string);
    const reuse = async (password: string): Promise<string[]> => (await checkPassword(policy, password, { history, now: time, dataDir: '/x' })).map((f) => f.key);
    assert.deepEqual(await reuse('third-pw'), ['invalidPasswordHistoryMessage']);
    assert.deepEqual(await reuse('first-pw'), []);
  });

  it('passwordHistory(2) keeps one replaced password', async () => {
    const realm = await realmWith(`${fast} and passwordHistory(2)`);
    assert.deepEqual(await types(await setPasswords(realm, ['first-pw', 'second-pw', 'third-pw'])), ['password', 'password-history']);
  });

  it('without a history policy no replaced password is kept, and sign-in reads only the current password', async () => {
    const realm = await realmWith(fast);
    const userId = await setPasswords(realm, ['first-pw', 'second-pw', 'third-pw']);
    assert.deepEqual(await types(userId), ['password']);
    const user = (await t.store.users.findById(realm.id, userId))!;
    assert.equal(await signIn(t.store, realm, user, 'third-pw'), true);
    assert.equal(await signIn(t.store, realm, user, 'second-pw'), false);
  });

  it('sign-in never accepts a password kept in history', async () => {
    const realm = await realmWith(`${fast} and passwordHistory(5)`);
    const userId = await setPasswords(realm, ['first-pw', 'second-pw']);
    const user = (await t.store.users.findById(realm.id, userId))!;
    assert.equal(await signIn(t.store, realm, user, 'first-pw'), false);
    assert.equal(await signIn(t.store, realm, user, 'second-pw'), true);
  });
});
