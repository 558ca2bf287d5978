import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../../test/support/test-store.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { newId } from '../../../kernel/ids.ts';
import { defaultProfileConfig, writeProfileConfig, type UPConfig } from '../../../domain/profile/index.ts';
import { createRealm, prepareRealmKeys } from '../../../domain/realms/service.ts';
import { createUser, type NewUserInput } from '../../../domain/users/service.ts';
import type { RealmRecord, UserRecord } from '../../../storage/ports.ts';
import { renderPage } from '../../../themes/render.ts';
import { seedBuiltinFlows } from '../../builtin/seed-builtin-flows.ts';
import type { JourneyState } from '../../engine/journey.ts';
import type { FlowOutcome, Page } from '../../engine/outcomes.ts';
import { runJourney } from '../../engine/run-journey.ts';
import type { JourneyContext } from '../../engine/step.ts';
import type { RequiredActionOutcome } from '../required-action.ts';
import { runRequiredAction } from '../run-required-action.ts';

describe('UPDATE_PROFILE', () => {
  const t = useTestStore();
  let time = 1_700_000_000_000;
  const clock: Clock = { now: () => (time += 1000) };
  const ursula: NewUserInput = { username: 'ursula', email: 'ursula@example.com', firstName: 'Ursula', lastName: 'Major', requiredActions: ['UPDATE_PROFILE', 'delete_account'] };

  interface Setup {
    settings?: Record<string, unknown>;
    config?: UPConfig;
    user?: NewUserInput;
  }

  async function setup(name: string, { settings = {}, config, user = ursula }: Setup = {}): Promise<{ realm: RealmRecord; user: UserRecord }> {
    const id = newId();
    const keys = await prepareRealmKeys(id, clock);
    const realm = await t.store.transaction(async (tx) => {
      const created = await createRealm(tx, { id, name, keys, settings: { eventsEnabled: true, ...settings } }, clock);
      await seedBuiltinFlows(tx, created.id);
      if (config) await writeProfileConfig(tx, created, config);
      return created;
    });
    return { realm, user: await t.store.transaction((tx) => createUser(tx, realm, user, clock)) };
  }

  function signIn(realm: RealmRecord, user: UserRecord): JourneyContext {
    const journey = { clientId: 'shop', redirectUri: 'https://shop.example/cb', flowAlias: 'browser', userId: user.id, flowDone: true, challenged: null, requiredActionsDone: [], credentials: ['password'], rememberMe: false } as unknown as JourneyState;
    return { repos: t.store, realm, journey, clock, request: { ip: '198.51.100.7', userAgent: null } };
  }

  const run = (ctx: JourneyContext, form?: Record<string, string>): Promise<FlowOutcome> =>
    runJourney(ctx, form ? { execution: ctx.journey.challenged!, form } : undefined, new Map());

  function pageOf(outcome: FlowOutcome | RequiredActionOutcome): Page {
    assert.equal(outcome.kind, 'page', JSON.stringify(outcome));
    return (outcome as { page: Page }).page;
  }

  const html = (page: Page) =>
    renderPage({ type: 'login', template: page.template, locale: 'en', data: { ...page.data, messagesPerField: page.data.fieldErrors, csrfToken: 'tok', url: { loginAction: '/act' } } });

  const events = async (realm: RealmRecord): Promise<[string, Record<string, string>][]> =>
    (await t.store.events.query(realm.id, { types: ['UPDATE_PROFILE', 'VERIFY_PROFILE'], direction: 'asc' })).map((e) => [e.type, e.details]);
  const fresh = async (user: UserRecord) => (await t.store.users.findById(user.realmId, user.id))!;

  it('asks a user an admin assigned it, with their current values, and removes only this action once saved', async () => {
    const { realm, user } = await setup('update-assigned');
    const ctx = signIn(realm, user);
    const page = pageOf(await run(ctx));
    assert.deepEqual([page.template, page.data.execution, page.data.fieldErrors], ['login-update-profile.liquid', 'UPDATE_PROFILE', {}]);
    const shown = await html(page);
    assert.match(shown, /id="kc-page-title">Update Account Information</);
    for (const [field, value] of [['email', 'ursula@example.com'], ['firstName', 'Ursula'], ['lastName', 'Major']]) {
      assert.match(shown, new RegExp(`id="${field}" name="${field}" value="${value}"`));
    }
    assert.doesNotMatch(shown, /input-error-/);

    const done = await run(ctx, { csrf_token: 'tok', email: 'ursula@example.com', firstName: 'Ursula', lastName: 'Minor' });
    assert.equal(done.kind, 'authenticated');
    // The action changed the user in this call: the outcome must not hand on the user read before it.
    assert.equal(done.kind === 'authenticated' ? done.user : 'no outcome', undefined);
    assert.equal((await fresh(user)).lastName, 'Minor');
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), ['delete_account']);
    const base = { auth_method: 'openid-connect', auth_type: 'code', redirect_uri: 'https://shop.example/cb', username: 'ursula', context: 'UPDATE_PROFILE' };
    assert.deepEqual(await events(realm), [['UPDATE_PROFILE', { ...base, previous_last_name: 'Major', updated_last_name: 'Minor' }]]);
  });

  it('asks an incomplete user with the stored action once, not again for VERIFY_PROFILE', async () => {
    const { realm, user } = await setup('update-incomplete', { user: { ...ursula, lastName: null } });
    const ctx = signIn(realm, user);
    assert.equal(pageOf(await run(ctx)).data.execution, 'UPDATE_PROFILE');
    const missing = pageOf(await run(ctx, { email: 'ursula@example.com', firstName: 'Ursula', lastName: '' }));
    assert.deepEqual([missing.data.execution, missing.data.fieldErrors], ['UPDATE_PROFILE', { lastName: [{ key: 'error-user-attribute-required', params: ['lastName'] }] }]);
    assert.equal((await run(ctx, { email: 'ursula@example.com', firstName: 'Ursula', lastName: 'Major' })).kind, 'authenticated');
    assert.deepEqual((await events(realm)).map(([type]) => type), ['UPDATE_PROFILE']);
  });

  it('offers the username only where the realm lets users edit it, and refuses a taken one under the field', async () => {
    const { realm: locked, user: lockedUser } = await setup('update-username-locked');
    const lockedCtx = signIn(locked, lockedUser);
    assert.doesNotMatch(await html(pageOf(await run(lockedCtx))), /name="username"/);
    assert.equal((await run(lockedCtx, { username: 'hacker', email: 'ursula@example.com', firstName: 'Ursula', lastName: 'Major' })).kind, 'authenticated');
    assert.equal((await fresh(lockedUser)).username, 'ursula', 'a posted username is ignored');

    const { realm, user } = await setup('update-username-open', { settings: { editUsernameAllowed: true } });
    await t.store.transaction((tx) => createUser(tx, realm, { username: 'taken' }, clock));
    const ctx = signIn(realm, user);
    assert.match(await html(pageOf(await run(ctx))), /id="username" name="username" value="ursula"/);
    const form = { email: 'ursula@example.com', firstName: 'Ursula', lastName: 'Major' };
    const page = pageOf(await run(ctx, { ...form, username: 'Taken' }));
    assert.deepEqual(page.data.fieldErrors, { username: ['usernameExistsMessage'] });
    assert.match(await html(page), /<p id="input-error-username"[^>]*>Username already exists.<\/p>/);
    assert.equal((await run(ctx, { ...form, username: 'ursa' })).kind, 'authenticated');
    assert.equal((await fresh(user)).username, 'ursa');
    assert.deepEqual((await events(realm)).at(-1)![1], {
      auth_method: 'openid-connect',
      auth_type: 'code',
      redirect_uri: 'https://shop.example/cb',
      username: 'ursula',
      context: 'UPDATE_PROFILE',
      previous_username: 'ursula',
      updated_username: 'ursa',
    });
  });

  it('shows an attribute users may see but not change read-only, and ignores a posted value', async () => {
    const config = defaultProfileConfig();
    config.attributes.push(
      { name: 'employeeId', displayName: 'Employee number', permissions: { view: ['user'], edit: ['admin'] } },
      { name: 'phone', displayName: 'Phone', permissions: { view: ['user'], edit: ['user'] } },
    );
    const { realm, user } = await setup('update-read-only', { config, user: { ...ursula, attributes: { employeeId: ['E-7'] } } });
    const ctx = signIn(realm, user);
    const shown = await html(pageOf(await run(ctx)));
    assert.match(shown, /<input type="text" id="employeeId" name="employeeId" value="E-7"[^>]* readonly/);
    assert.doesNotMatch(/<input[^>]*id="phone"[^>]*>/.exec(shown)![0], /readonly/);
    const form = { email: 'ursula@example.com', firstName: 'Ursula', lastName: 'Major', employeeId: 'E-1', phone: '+49 30 1234567' };
    assert.equal((await run(ctx, form)).kind, 'authenticated');
    assert.deepEqual(await t.store.users.getAttributes(user.id), { employeeId: ['E-7'], phone: ['+49 30 1234567'] });
    const details = (await events(realm))[0]![1];
    assert.deepEqual([details.updated_phone, details.updated_employeeId], ['+49 30 1234567', undefined]);
  });

  it('runs on its own through runRequiredAction: the page, errors under fields, then done', async () => {
    const { realm, user } = await setup('update-direct');
    const ctx = signIn(realm, user);
    const first = await runRequiredAction(ctx, 'UPDATE_PROFILE');
    assert.deepEqual([pageOf(first).data.execution, pageOf(first).data.loginActionEndpoint], ['UPDATE_PROFILE', 'required-action']);
    const invalid = await runRequiredAction(ctx, 'UPDATE_PROFILE', { execution: 'UPDATE_PROFILE', form: { email: 'not-an-address', firstName: 'Ursula', lastName: 'Major' } });
    assert.deepEqual(Object.keys(pageOf(invalid).data.fieldErrors as object), ['email']);
    const done = await runRequiredAction(ctx, 'UPDATE_PROFILE', { execution: 'UPDATE_PROFILE', form: { email: 'ursula@example.com', firstName: 'Ursula', lastName: 'Major' } });
    assert.equal(done.kind, 'done');
    assert.ok(ctx.journey.requiredActionsDone.includes('UPDATE_PROFILE'));
  });
});
