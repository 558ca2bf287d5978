import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { systemClock } from '../../../kernel/clock.ts';
import { newId } from '../../../kernel/ids.ts';
import { checkPassword, preparePassword, storePassword } from '../../../domain/credentials/service.ts';
import { createRealm, prepareRealmKeys } from '../../../domain/realms/service.ts';
import { createUser } from '../../../domain/users/service.ts';
import type { RealmRecord, UserRecord } from '../../../storage/ports.ts';
import { seedBuiltinFlows } from '../../builtin/seed-builtin-flows.ts';
import type { JourneyState } from '../../engine/journey.ts';
import type { JourneyContext } from '../../engine/step.ts';
import { updatePassword } from './action.ts';

describe('UPDATE_PASSWORD', () => {
  const t = useTestStore();

  async function setup(name: string): Promise<{ realm: RealmRecord; user: UserRecord; ctx: JourneyContext }> {
    const id = newId();
    const keys = await prepareRealmKeys(id, systemClock);
    const realm = await t.store.transaction(async (tx) => {
      const created = await createRealm(tx, { id, name, keys, settings: { eventsEnabled: true } }, systemClock);
      await seedBuiltinFlows(tx, created.id);
      return created;
    });
    const credential = await preparePassword(realm, 'old secret', systemClock);
    const user = await t.store.transaction(async (tx) => {
      const created = await createUser(tx, realm, { username: 'olivia', requiredActions: ['UPDATE_PASSWORD', 'VERIFY_EMAIL'] }, systemClock);
      await storePassword(tx, realm.id, created.id, credential);
      return created;
    });
    const journey = { clientId: 'shop', redirectUri: 'https://shop.example/cb', userId: user.id } as JourneyState;
    return { realm, user, ctx: { repos: t.store, realm, journey, clock: systemClock, request: { ip: '198.51.100.1', userAgent: null } } };
  }

  const events = async (realm: RealmRecord) =>
    (await t.store.events.query(realm.id, { types: ['UPDATE_PASSWORD', 'UPDATE_PASSWORD_ERROR'], direction: 'asc' })).map((e) => [e.type, e.error]);

  it('asks for the new password twice, with the account name for password managers', async () => {
    const { user, ctx } = await setup('update-page');
    const page = await updatePassword.challenge(ctx, user);
    assert.equal(page.template, 'login-update-password.liquid');
    assert.deepEqual(page.data.login, { username: 'olivia' });
    assert.deepEqual(page.data.message, { type: 'warning', key: 'updatePasswordMessage' });
  });

  it('says "please specify password" for an empty one and "passwords don\'t match" on the confirmation', async () => {
    const { realm, user, ctx } = await setup('update-errors');
    const missing = await updatePassword.process(ctx, user, { 'password-new': '', 'password-confirm': '' });
    assert.deepEqual((missing as { page: { data: Record<string, unknown> } }).page.data.fieldErrors, { password: ['missingPasswordMessage'] });
    const mismatch = await updatePassword.process(ctx, user, { 'password-new': 'new secret', 'password-confirm': 'new secert' });
    assert.deepEqual((mismatch as { page: { data: Record<string, unknown> } }).page.data.fieldErrors, { 'password-confirm': ['notMatchPasswordMessage'] });
    assert.equal(await checkPassword(t.store, realm, user, 'old secret'), true);
    assert.deepEqual(await events(realm), [
      ['UPDATE_PASSWORD_ERROR', 'password_missing'],
      ['UPDATE_PASSWORD_ERROR', 'password_confirm_error'],
    ]);
  });

  it('stores the new password, removes only this required action, and records UPDATE_PASSWORD', async () => {
    const { realm, user, ctx } = await setup('update-success');
    assert.deepEqual(await updatePassword.process(ctx, user, { 'password-new': 'new secret', 'password-confirm': 'new secret' }), { kind: 'done' });
    assert.equal(await checkPassword(t.store, realm, user, 'new secret'), true);
    assert.equal(await checkPassword(t.store, realm, user, 'old secret'), false);
    assert.equal((await t.store.credentials.listForUser(user.id)).filter((c) => c.type === 'password').length, 1);
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), ['VERIFY_EMAIL']);
    assert.deepEqual(await events(realm), [['UPDATE_PASSWORD', null]]);
    const [event] = await t.store.events.query(realm.id, { types: ['UPDATE_PASSWORD'] });
    assert.deepEqual([event!.userId, event!.clientId, event!.ipAddress, event!.details.username], [user.id, 'shop', '198.51.100.1', 'olivia']);
  });
});
