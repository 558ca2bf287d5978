import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../test/support/test-store.ts';
import { systemClock } from '../../kernel/clock.ts';
import { newId } from '../../kernel/ids.ts';
import { checkPassword, preparePassword, storePassword } from '../../domain/credentials/service.ts';
import { createRealm, prepareRealmKeys } from '../../domain/realms/service.ts';
import { createUser, type NewUserInput } from '../../domain/users/service.ts';
import type { RealmRecord, Requirement, UserRecord } from '../../storage/ports.ts';
import { seedBuiltinFlows } from '../builtin/seed-builtin-flows.ts';
import { startJourney } from './journey.ts';
import type { FlowOutcome, FormInput, Page } from './outcomes.ts';
import { runBrowserFlow } from './run-browser-flow.ts';
import type { JourneyContext } from './step.ts';

describe('signing in through the browser flow', () => {
  const t = useTestStore();

  async function realm(name: string, settings: Record<string, unknown> = {}): Promise<RealmRecord> {
    const id = newId();
    const keys = await prepareRealmKeys(id, systemClock);
    return t.store.transaction(async (tx) => {
      const created = await createRealm(tx, { id, name, keys, settings: { eventsEnabled: true, ...settings } }, systemClock);
      await seedBuiltinFlows(tx, created.id);
      return created;
    });
  }

  async function user(r: RealmRecord, input: NewUserInput, password = 'correct horse'): Promise<UserRecord> {
    const credential = await preparePassword(r, password, systemClock);
    return t.store.transaction(async (tx) => {
      // A complete profile, so that VERIFY_PROFILE (on by default, as in Keycloak) has nothing to ask.
      const created = await createUser(tx, r, { email: `${input.username}@example.test`, firstName: 'Test', lastName: 'Tester', ...input }, systemClock);
      await storePassword(tx, r.id, created.id, credential);
      return created;
    });
  }

  async function journey(r: RealmRecord, options: { flowAlias?: string; loginHint?: string } = {}): Promise<JourneyContext> {
    const started = await startJourney(t.store, r, { clientId: 'shop', redirectUri: 'https://shop.example/cb', ...options }, systemClock);
    return { repos: t.store, realm: r, journey: started.state, clock: systemClock, request: { ip: '203.0.113.7', userAgent: 'test' } };
  }

  function page(outcome: FlowOutcome): Page {
    assert.equal(outcome.kind, 'page', JSON.stringify(outcome));
    return (outcome as { page: Page }).page;
  }

  /** Posts `form` to the page the last outcome showed. */
  function post(ctx: JourneyContext, shown: FlowOutcome, form: FormInput): Promise<FlowOutcome> {
    return runBrowserFlow(ctx, { execution: page(shown).data.execution as string, form });
  }

  async function signIn(ctx: JourneyContext, username: string, password: string): Promise<FlowOutcome> {
    return post(ctx, await runBrowserFlow(ctx), { username, password });
  }

  async function loginErrors(r: RealmRecord) {
    const events = await t.store.events.query(r.id, { types: ['LOGIN_ERROR'], direction: 'asc' });
    return events.map((e) => ({ error: e.error, userId: e.userId, clientId: e.clientId, ip: e.ipAddress, details: e.details }));
  }

  it('shows the login page first, posting to the username-and-password step', async () => {
    const r = await realm('first-page');
    const ctx = await journey(r);
    const shown = page(await runBrowserFlow(ctx));
    assert.equal(shown.template, 'login.liquid');
    assert.equal(shown.data.loginActionEndpoint, 'authenticate');
    assert.equal(ctx.journey.challenged, shown.data.execution);
    assert.deepEqual(shown.data.login, { username: '', rememberMe: false });
    assert.deepEqual(shown.data.fieldErrors, {});
    assert.equal((shown.data.realm as Record<string, unknown>).loginWithEmailAllowed, true);
  });

  it('fills the username from login_hint', async () => {
    const r = await realm('login-hint');
    const shown = page(await runBrowserFlow(await journey(r, { loginHint: 'pat@example.com' })));
    assert.deepEqual(shown.data.login, { username: 'pat@example.com', rememberMe: false });
  });

  it('says the same for a wrong password as for an unknown user, keeps the username and drops the password', async () => {
    const r = await realm('wrong-password');
    const alice = await user(r, { username: 'alice' });
    const ctx = await journey(r);
    const wrong = page(await signIn(ctx, 'alice', 'Tr0ub4dor&3'));
    const unknown = page(await signIn(await journey(r), 'nobody', 'Tr0ub4dor&3'));
    assert.deepEqual(wrong.data.fieldErrors, { username: ['invalidUserMessage'] });
    assert.deepEqual({ ...wrong.data, execution: 0 }, { ...unknown.data, execution: 0, login: wrong.data.login });
    assert.deepEqual(wrong.data.login, { username: 'alice', rememberMe: false });
    assert.equal(JSON.stringify({ wrong, state: ctx.journey }).includes('Tr0ub4dor'), false);

    const details = { auth_method: 'openid-connect', auth_type: 'code', redirect_uri: 'https://shop.example/cb' };
    assert.deepEqual(await loginErrors(r), [
      { error: 'invalid_user_credentials', userId: alice.id, clientId: 'shop', ip: '203.0.113.7', details: { ...details, username: 'alice' } },
      { error: 'user_not_found', userId: null, clientId: 'shop', ip: '203.0.113.7', details: { ...details, username: 'nobody' } },
    ]);
  });

  it('signs the user in with the right password, after a wrong one', async () => {
    const r = await realm('right-password');
    const bob = await user(r, { username: 'bob' });
    const ctx = await journey(r);
    const retry = await signIn(ctx, 'bob', 'nope');
    const outcome = await post(ctx, retry, { username: 'bob', password: 'correct horse' });
    // The user comes along as stored, so that the caller need not read them again.
    assert.deepEqual(outcome, { kind: 'authenticated', userId: bob.id, user: await t.store.users.findById(r.id, bob.id), rememberMe: false, amr: ['pwd'], acr: '1' });
  });

  it('remembers "remember me" only where the realm offers it', async () => {
    const offered = await realm('remember-on', { rememberMe: true });
    const notOffered = await realm('remember-off');
    for (const r of [offered, notOffered]) await user(r, { username: 'carol' });
    const form = { username: 'carol', password: 'correct horse', rememberMe: 'on' };
    const on = await journey(offered);
    const off = await journey(notOffered);
    assert.equal(((await post(on, await runBrowserFlow(on), form)) as { rememberMe: boolean }).rememberMe, true);
    assert.equal(((await post(off, await runBrowserFlow(off), form)) as { rememberMe: boolean }).rememberMe, false);
  });

  it('tells a disabled user the account is disabled, but only once the password is right', async () => {
    const r = await realm('disabled');
    const dave = await user(r, { username: 'dave', enabled: false });
    const wrong = page(await signIn(await journey(r), 'dave', 'wrong'));
    assert.deepEqual(wrong.data.fieldErrors, { username: ['invalidUserMessage'] });
    const right = page(await signIn(await journey(r), 'dave', 'correct horse'));
    assert.deepEqual(right.data.message, { type: 'error', key: 'accountDisabledMessage' });
    assert.deepEqual(right.data.login, { username: 'dave', rememberMe: false });
    assert.deepEqual(
      (await loginErrors(r)).map((e) => [e.error, e.userId]),
      [
        ['invalid_user_credentials', dave.id],
        ['user_disabled', dave.id],
      ],
    );
  });

  it('signs in with the email address, and refuses it where the realm turns login with email off', async () => {
    const open = await realm('email-login');
    const closed = await realm('username-login', { loginWithEmailAllowed: false });
    const erin = await user(open, { username: 'erin', email: 'erin@example.com' });
    await user(closed, { username: 'erin', email: 'erin@example.com' });
    assert.equal(((await signIn(await journey(open), 'Erin@Example.com', 'correct horse')) as { userId: string }).userId, erin.id);
    const refused = page(await signIn(await journey(closed), 'erin@example.com', 'correct horse'));
    assert.deepEqual(refused.data.fieldErrors, { username: ['invalidUserMessage'] });
  });

  async function importedFlow(r: RealmRecord, alias: string, steps: [string, Requirement][]): Promise<void> {
    const flowId = newId();
    const formsId = newId();
    await t.store.flows.createFlow({ id: flowId, realmId: r.id, alias, description: null, providerId: 'basic-flow', topLevel: true, builtIn: false });
    await t.store.flows.createFlow({ id: formsId, realmId: r.id, alias: `${alias} forms`, description: null, providerId: 'basic-flow', topLevel: false, builtIn: false });
    const execution = (flow: string, authenticator: string | null, requirement: Requirement, priority: number, childFlowId: string | null = null) =>
      t.store.flows.createExecution({ id: newId(), realmId: r.id, flowId: flow, authenticator, childFlowId, requirement, priority, configId: null });
    await execution(flowId, 'auth-cookie', 'ALTERNATIVE', 10);
    await execution(flowId, null, 'ALTERNATIVE', 30, formsId);
    await execution(formsId, 'auth-username-password-form', 'REQUIRED', 10);
    for (const [i, [authenticator, requirement]] of steps.entries()) await execution(i === 0 ? flowId : formsId, authenticator, requirement, 20 + i);
  }

  it("stops on a page naming an imported flow's REQUIRED step that Gatehouse does not provide", async () => {
    const r = await realm('custom-required');
    await user(r, { username: 'frank' });
    await importedFlow(r, 'sms browser', [
      ['acme-magic-link', 'ALTERNATIVE'],
      ['acme-sms-authenticator', 'REQUIRED'],
    ]);
    const outcome = await signIn(await journey(r, { flowAlias: 'sms browser' }), 'frank', 'correct horse');
    assert.equal(outcome.kind, 'error');
    const shown = (outcome as { page: Page }).page;
    assert.equal(shown.template, 'error.liquid');
    assert.deepEqual(shown.data.message, { type: 'error', key: 'unknownAuthenticatorMessage', params: ['acme-sms-authenticator'] });
  });

  it('passes over an ALTERNATIVE step that Gatehouse does not provide', async () => {
    const r = await realm('custom-alternative');
    const gina = await user(r, { username: 'gina' });
    await importedFlow(r, 'magic browser', [['acme-magic-link', 'ALTERNATIVE']]);
    const outcome = await signIn(await journey(r, { flowAlias: 'magic browser' }), 'gina', 'correct horse');
    assert.equal((outcome as { userId: string }).userId, gina.id);
  });

  it('tells a user with an OTP credential that OTP sign-in is not available, instead of letting them in', async () => {
    const r = await realm('otp-user');
    const hank = await user(r, { username: 'hank' });
    await t.store.credentials.create(r.id, { id: newId(), userId: hank.id, type: 'otp', userLabel: null, secretData: '{}', credentialData: '{}', createdDate: 0, priority: 20 });
    const outcome = await signIn(await journey(r), 'hank', 'correct horse');
    assert.equal(outcome.kind, 'error');
    assert.deepEqual((outcome as { page: Page }).page.data.message, { type: 'error', key: 'otpNotAvailableMessage', params: [] });
  });

  it('asks for a new password when the user must update it, then signs them in with it', async () => {
    const r = await realm('update-password');
    const ivy = await user(r, { username: 'ivy', requiredActions: ['UPDATE_PASSWORD'] });
    const ctx = await journey(r);
    const asked = page(await signIn(ctx, 'ivy', 'correct horse'));
    assert.equal(asked.template, 'login-update-password.liquid');
    assert.deepEqual([asked.data.execution, asked.data.loginActionEndpoint], ['UPDATE_PASSWORD', 'required-action']);

    const mismatch = await runBrowserFlow(ctx, { execution: 'UPDATE_PASSWORD', form: { 'password-new': 'new secret', 'password-confirm': 'other' } });
    assert.deepEqual(page(mismatch).data.fieldErrors, { 'password-confirm': ['notMatchPasswordMessage'] });
    const done = await runBrowserFlow(ctx, { execution: 'UPDATE_PASSWORD', form: { 'password-new': 'new secret', 'password-confirm': 'new secret' } });
    assert.equal(done.kind, 'authenticated');
    assert.deepEqual(await t.store.users.getRequiredActions(ivy.id), []);
    assert.equal(await checkPassword(t.store, r, ivy, 'new secret'), true);
  });

  it('stops on a page naming a required action Gatehouse cannot run yet, instead of skipping it', async () => {
    const r = await realm('configure-totp');
    await user(r, { username: 'jack', requiredActions: ['CONFIGURE_TOTP'] });
    const outcome = await signIn(await journey(r), 'jack', 'correct horse');
    assert.equal(outcome.kind, 'error');
    assert.deepEqual((outcome as { page: Page }).page.data.message, { type: 'error', key: 'requiredActionNotAvailableMessage', params: ['CONFIGURE_TOTP'] });
  });

  it('shows the current page again when a form is posted to a step that is not waiting for one', async () => {
    const r = await realm('stale-form');
    await user(r, { username: 'kim' });
    const ctx = await journey(r);
    await runBrowserFlow(ctx);
    const again = page(await runBrowserFlow(ctx, { execution: newId(), form: { username: 'kim', password: 'correct horse' } }));
    assert.deepEqual(again.data.fieldErrors, {});
    assert.deepEqual(again.data.login, { username: '', rememberMe: false });
  });
});
