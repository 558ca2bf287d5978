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
import { pendingRequiredActions } from '../pending-required-actions.ts';
import { profileIncomplete } from '../profile-complete.ts';

describe('VERIFY_PROFILE', () => {
  const t = useTestStore();
  let time = 1_700_000_000_000;
  // Each reading a second later, so that events come back in the order they happened.
  const clock: Clock = { now: () => (time += 1000) };
  /** Imported from an older export: the default profile requires a last name it never had. */
  const imported: NewUserInput = { username: 'vera', email: 'vera@example.com', emailVerified: true, firstName: 'Vera' };

  async function setup(name: string, { enabled = true, config }: { enabled?: boolean; config?: UPConfig } = {}, input = imported): Promise<{ realm: RealmRecord; user: UserRecord }> {
    const id = newId();
    const keys = await prepareRealmKeys(id, clock);
    const realm = await t.store.transaction(async (tx) => {
      const created = await createRealm(tx, { id, name, keys, settings: { eventsEnabled: true } }, clock);
      await seedBuiltinFlows(tx, created.id);
      if (config) await writeProfileConfig(tx, created, config);
      return created;
    });
    const verify = (await t.store.requiredActions.find(realm.id, 'VERIFY_PROFILE'))!;
    await t.store.requiredActions.update({ ...verify, enabled });
    const user = await t.store.transaction((tx) => createUser(tx, realm, input, clock));
    return { realm, user };
  }

  /** A sign-in whose flow has identified the user: what is left are the required actions. */
  function signIn(realm: RealmRecord, user: UserRecord): JourneyContext {
    const journey = { clientId: 'shop', redirectUri: 'https://shop.example/cb', flowAlias: 'browser', userId: user.id, flowDone: true, challenged: null, requiredActionsDone: [], credentials: ['password'], rememberMe: false } as unknown as JourneyState;
    return { repos: t.store, realm, journey, clock, request: { ip: '198.51.100.7', userAgent: null } };
  }

  const run = (ctx: JourneyContext, form?: Record<string, string>): Promise<FlowOutcome> =>
    runJourney(ctx, form ? { execution: ctx.journey.challenged!, form } : undefined, new Map());

  function pageOf(outcome: FlowOutcome): Page {
    assert.equal(outcome.kind, 'page', JSON.stringify(outcome));
    return (outcome as { page: Page }).page;
  }

  const html = (page: Page) =>
    renderPage({ type: 'login', template: page.template, locale: 'en', data: { ...page.data, messagesPerField: page.data.fieldErrors, csrfToken: 'tok', url: { loginAction: '/act' } } });

  const stored = async (user: UserRecord) => {
    const u = (await t.store.users.findById(user.realmId, user.id))!;
    return [u.email, u.firstName, u.lastName, u.emailVerified];
  };

  const events = async (realm: RealmRecord) =>
    (await t.store.events.query(realm.id, { types: ['VERIFY_PROFILE', 'UPDATE_PROFILE'], direction: 'asc' })).map((e) => [e.type, e.details]);

  it('asks a user without a last name at sign-in, showing what is missing, and lets them in once filled', async () => {
    const { realm, user } = await setup('verify-ask');
    const ctx = signIn(realm, user);
    const page = pageOf(await run(ctx));
    assert.deepEqual([page.template, page.data.execution, page.data.loginActionEndpoint], ['login-update-profile.liquid', 'VERIFY_PROFILE', 'required-action']);
    const shown = await html(page);
    assert.match(shown, /id="kc-page-title">Update Account Information</);
    assert.match(shown, /<form id="kc-update-profile-form" class="gh-form" action="\/act" method="post">/);
    assert.match(shown, /<input type="hidden" name="csrf_token" value="tok">/);
    assert.match(shown, /id="email" name="email" value="vera@example.com"/);
    assert.match(shown, /id="firstName" name="firstName" value="Vera"/);
    assert.match(shown, /<p id="input-error-lastName"[^>]*>Please specify this field.<\/p>/);
    assert.match(shown, /<button id="kc-update-profile" type="submit"[^>]*>Submit<\/button>/);
    assert.doesNotMatch(shown, /name="username"/, 'the realm does not let users edit or see their username here');

    const again = pageOf(await run(ctx, { csrf_token: 'tok', email: 'vera@example.com', firstName: 'Vera', lastName: '  ' }));
    assert.deepEqual(again.data.fieldErrors, { lastName: [{ key: 'error-user-attribute-required', params: ['lastName'] }] });
    assert.equal((await run(ctx, { csrf_token: 'tok', email: 'vera@example.com', firstName: 'Vera', lastName: 'Doe' })).kind, 'authenticated');
    assert.deepEqual(await stored(user), ['vera@example.com', 'Vera', 'Doe', true]);
    assert.equal(await profileIncomplete(t.store, realm, (await t.store.users.findById(realm.id, user.id))!), false);
    assert.equal((await run(signIn(realm, user))).kind, 'authenticated', 'not asked again');
    assert.deepEqual(await t.store.users.getAttributes(user.id), {}, 'the CSRF token is not an attribute');
  });

  it('records VERIFY_PROFILE when asking, then UPDATE_PROFILE with the previous and updated values', async () => {
    const { realm, user } = await setup('verify-events');
    const ctx = signIn(realm, user);
    pageOf(await run(ctx));
    assert.equal((await run(ctx, { csrf_token: 'tok', email: 'vera.doe@example.com', firstName: 'Veronica', lastName: 'Doe' })).kind, 'authenticated');
    const base = { auth_method: 'openid-connect', auth_type: 'code', redirect_uri: 'https://shop.example/cb', username: 'vera' };
    assert.deepEqual(await events(realm), [
      ['VERIFY_PROFILE', { ...base, fields_to_update: 'lastName' }],
      [
        'UPDATE_PROFILE',
        {
          ...base,
          context: 'UPDATE_PROFILE',
          previous_email: 'vera@example.com',
          updated_email: 'vera.doe@example.com',
          previous_first_name: 'Vera',
          updated_first_name: 'Veronica',
          updated_last_name: 'Doe',
        },
      ],
    ]);
    const [event] = await t.store.events.query(realm.id, { types: ['UPDATE_PROFILE'] });
    assert.deepEqual([event!.userId, event!.clientId, event!.ipAddress], [user.id, 'shop', '198.51.100.7']);
    assert.deepEqual(await stored(user), ['vera.doe@example.com', 'Veronica', 'Doe', false], 'a changed address is no longer verified');
  });

  it('shows "Email already exists." under the email when the address is taken, keeping what was typed', async () => {
    const { realm, user } = await setup('verify-taken');
    await t.store.transaction((tx) => createUser(tx, realm, { username: 'other', email: 'taken@example.com' }, clock));
    const ctx = signIn(realm, user);
    pageOf(await run(ctx));
    const page = pageOf(await run(ctx, { csrf_token: 'tok', email: 'Taken@example.com', firstName: 'Vera', lastName: 'Doe' }));
    assert.deepEqual(page.data.fieldErrors, { email: ['emailExistsMessage'] });
    const shown = await html(page);
    assert.match(shown, /<p id="input-error-email"[^>]*>Email already exists.<\/p>/);
    assert.match(shown, /id="lastName" name="lastName" value="Doe"/);
    assert.deepEqual(await stored(user), ['vera@example.com', 'Vera', null, true]);
    assert.deepEqual((await events(realm)).map(([type]) => type), ['VERIFY_PROFILE']);
  });

  it('profileIncomplete: true while a required attribute is missing, false once the profile passes', async () => {
    const { realm, user } = await setup('verify-check');
    assert.equal(await profileIncomplete(t.store, realm, user), true);
    const { user: complete } = await setup('verify-check-ok', {}, { ...imported, lastName: 'Doe' });
    assert.equal(await profileIncomplete(t.store, (await t.store.realms.findByName('verify-check-ok'))!, complete), false);

    const department = { name: 'department', displayName: 'Department', required: { roles: ['user'] }, permissions: { view: ['user'], edit: ['user'] } };
    const config = defaultProfileConfig();
    config.attributes = [...config.attributes.filter((a) => a.name !== 'lastName'), department];
    const { realm: custom, user: other } = await setup('verify-check-custom', { config });
    assert.equal(await profileIncomplete(t.store, custom, other), true, 'a required custom attribute is missing');
    await t.store.users.setAttributes(custom.id, other.id, { department: ['Sales'] });
    assert.equal(await profileIncomplete(t.store, custom, other), false, 'the last name is no longer required');
  });

  it('does not ask the incomplete user while the realm has VERIFY_PROFILE disabled', async () => {
    const { realm, user } = await setup('verify-off', { enabled: false });
    assert.deepEqual(await pendingRequiredActions(t.store, realm, user), []);
    assert.equal((await run(signIn(realm, user))).kind, 'authenticated');
    assert.deepEqual(await events(realm), []);
  });
});
