import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { systemClock } from '../../../kernel/clock.ts';
import { newId } from '../../../kernel/ids.ts';
import { preparePassword, storePassword } from '../../../domain/credentials/service.ts';
import { createRealm, prepareRealmKeys } from '../../../domain/realms/service.ts';
import { createUser, type NewUserInput } from '../../../domain/users/service.ts';
import type { RealmRecord } from '../../../storage/ports.ts';
import type { JourneyState } from '../../engine/journey.ts';
import type { StepContext, StepResult } from '../../engine/step.ts';
import { usernamePasswordForm } from './step.ts';

describe('auth-username-password-form', () => {
  const t = useTestStore();

  async function realm(name: string, settings: Record<string, unknown> = {}): Promise<RealmRecord> {
    const id = newId();
    const keys = await prepareRealmKeys(id, systemClock);
    return t.store.transaction((tx) => createRealm(tx, { id, name, keys, settings: { eventsEnabled: true, ...settings } }, systemClock));
  }

  async function user(r: RealmRecord, input: NewUserInput): Promise<string> {
    const credential = await preparePassword(r, 'secret', systemClock);
    return t.store.transaction(async (tx) => {
      const created = await createUser(tx, r, input, systemClock);
      await storePassword(tx, r.id, created.id, credential);
      return created.id;
    });
  }

  function ctx(r: RealmRecord, journey: Partial<JourneyState> = {}): StepContext {
    const state = { clientId: 'shop', redirectUri: null, attemptedUsername: null, loginHint: null, rememberMe: false, ...journey } as JourneyState;
    return { repos: t.store, realm: r, journey: state, clock: systemClock, request: { ip: null, userAgent: null } } as unknown as StepContext;
  }

  const data = (result: StepResult) => (result as { page: { data: Record<string, unknown> } }).page.data;

  it('shows the login form with the username typed before, or else the login hint', async () => {
    const r = await realm('form-page');
    assert.deepEqual(data(await usernamePasswordForm.authenticate(ctx(r, { loginHint: 'hint@example.com' }))).login, { username: 'hint@example.com', rememberMe: false });
    assert.deepEqual(data(await usernamePasswordForm.authenticate(ctx(r, { loginHint: 'hint', attemptedUsername: 'typed' }))).login, { username: 'typed', rememberMe: false });
  });

  it('identifies the user by the password credential', async () => {
    const r = await realm('form-success');
    const id = await user(r, { username: 'lee' });
    const stored = await t.store.users.findById(r.id, id);
    assert.deepEqual(await usernamePasswordForm.action(ctx(r), { username: ' Lee ', password: 'secret' }), { kind: 'success', userId: id, user: stored, credentialType: 'password' });
  });

  it('refuses an empty password or username with the invalid-credentials message', async () => {
    const r = await realm('form-empty');
    await user(r, { username: 'max' });
    for (const form of [{ username: 'max', password: '' }, { username: '', password: 'secret' }, {}]) {
      const result = await usernamePasswordForm.action(ctx(r), form);
      assert.equal(result.kind, 'failure');
      assert.deepEqual(data(result).fieldErrors, { username: ['invalidUserMessage'] });
    }
    const errors = await t.store.events.query(r.id, { types: ['LOGIN_ERROR'], direction: 'asc' });
    assert.deepEqual(errors.map((e) => e.error), ['invalid_user_credentials', 'user_not_found', 'user_not_found']);
  });

  it("refuses a client's service-account user as if it did not exist", async () => {
    const r = await realm('form-service-account');
    await user(r, { username: 'service-account-shop', serviceAccountClientLink: newId() });
    const result = await usernamePasswordForm.action(ctx(r), { username: 'service-account-shop', password: 'secret' });
    assert.deepEqual(data(result).fieldErrors, { username: ['invalidUserMessage'] });
  });

  it('keeps "remember me" only where the realm offers it', async () => {
    const offered = await realm('form-remember', { rememberMe: true });
    await user(offered, { username: 'nia' });
    const c = ctx(offered);
    await usernamePasswordForm.action(c, { username: 'nia', password: 'secret', rememberMe: 'on' });
    assert.equal(c.journey.rememberMe, true);
    const plain = await realm('form-no-remember');
    const d = ctx(plain);
    await usernamePasswordForm.action(d, { username: 'nia', password: 'x', rememberMe: 'on' });
    assert.equal(d.journey.rememberMe, false);
  });
});
