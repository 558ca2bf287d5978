import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestStore } from '../../../../test/support/test-store.ts';
import type { Clock } from '../../../kernel/clock.ts';
import { newId } from '../../../kernel/ids.ts';
import { createRealm, prepareRealmKeys } from '../../../domain/realms/service.ts';
import { createUser } from '../../../domain/users/service.ts';
import type { RealmRecord, UserRecord } from '../../../storage/ports.ts';
import { renderPage } from '../../../themes/render.ts';
import { seedBuiltinFlows } from '../../builtin/seed-builtin-flows.ts';
import type { JourneyState } from '../../engine/journey.ts';
import type { FlowOutcome, Page } from '../../engine/outcomes.ts';
import { runJourney } from '../../engine/run-journey.ts';
import type { JourneyContext } from '../../engine/step.ts';
import { recordTermsAcceptance } from '../../terms/terms.ts';
import { pendingRequiredActions } from '../pending-required-actions.ts';

describe('TERMS_AND_CONDITIONS', () => {
  const t = useTestStore();
  let seconds = 1_700_000_000;
  const clock: Clock = { now: () => seconds * 1000 };

  interface Setup {
    enabled?: boolean;
    version?: string;
    requiredActions?: string[];
  }

  async function setup(name: string, { enabled = true, version, requiredActions = [] }: Setup = {}): Promise<{ realm: RealmRecord; user: UserRecord }> {
    const id = newId();
    const keys = await prepareRealmKeys(id, clock);
    const settings = { eventsEnabled: true, ...(version ? { attributes: { termsVersion: version } } : {}) };
    const realm = await t.store.transaction(async (tx) => {
      const created = await createRealm(tx, { id, name, keys, settings }, clock);
      await seedBuiltinFlows(tx, created.id);
      return created;
    });
    const terms = (await t.store.requiredActions.find(realm.id, 'TERMS_AND_CONDITIONS'))!;
    await t.store.requiredActions.update({ ...terms, enabled });
    const user = await t.store.transaction((tx) => createUser(tx, realm, { username: 'tess', email: 'tess@example.test', firstName: 'Tess', lastName: 'Tester', requiredActions }, clock));
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

  const attributes = async (user: UserRecord) => {
    const a = await t.store.users.getAttributes(user.id);
    return [a.terms_and_conditions, a.terms_and_conditions_version, a.terms_and_conditions_history];
  };
  const events = async (realm: RealmRecord) =>
    (await t.store.events.query(realm.id, { types: ['CUSTOM_REQUIRED_ACTION', 'CUSTOM_REQUIRED_ACTION_ERROR'], direction: 'asc' })).map((e) => [e.type, e.error, e.details.custom_required_action]);

  it('shows the terms with their version, Accept and Decline posting to the action', async () => {
    const { realm, user } = await setup('terms-page', { version: '2024-06', requiredActions: ['TERMS_AND_CONDITIONS'] });
    const page = pageOf(await run(signIn(realm, user)));
    assert.equal(page.template, 'terms.liquid');
    assert.deepEqual([page.data.termsVersion, page.data.execution, page.data.loginActionEndpoint], ['2024-06', 'TERMS_AND_CONDITIONS', 'required-action']);
    const html = await renderPage({ type: 'login', template: page.template, locale: 'en', data: { ...page.data, url: { loginAction: '/act' } } });
    assert.match(html, /id="kc-page-title">Terms and Conditions</);
    assert.match(html, /id="kc-terms-version">Version 2024-06</);
    assert.match(html, /name="accept"[^>]*>Accept</);
    assert.match(html, /name="cancel"[^>]*>Decline</);
  });

  it('Accept records the time, version and history, removes only this action, and signs in', async () => {
    const { realm, user } = await setup('terms-accept', { requiredActions: ['TERMS_AND_CONDITIONS', 'delete_account'] });
    const ctx = signIn(realm, user);
    pageOf(await run(ctx));
    seconds = 1_700_000_100;
    const outcome = await run(ctx, { accept: 'accept' });
    assert.equal(outcome.kind, 'authenticated');
    assert.deepEqual(await attributes(user), [['1700000100'], ['1'], ['1@1700000100']]);
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), ['delete_account']);
    assert.deepEqual(await events(realm), [['CUSTOM_REQUIRED_ACTION', null, 'TERMS_AND_CONDITIONS']]);
    const [event] = await t.store.events.query(realm.id, { types: ['CUSTOM_REQUIRED_ACTION'] });
    assert.deepEqual([event!.userId, event!.clientId, event!.ipAddress, event!.details.username], [user.id, 'shop', '198.51.100.7', 'tess']);
  });

  it('Decline stops the sign-in on "You need to accept the terms" and records rejected_by_user', async () => {
    const { realm, user } = await setup('terms-decline', { requiredActions: ['TERMS_AND_CONDITIONS'] });
    const ctx = signIn(realm, user);
    pageOf(await run(ctx));
    const outcome = await run(ctx, { cancel: 'cancel' });
    assert.equal(outcome.kind, 'error');
    const page = (outcome as { page: Page }).page;
    assert.deepEqual(page, { template: 'error.liquid', status: 403, data: { message: { type: 'error', key: 'termsAndConditionsDeclined', params: [] } } });
    const html = await renderPage({ type: 'login', template: page.template, locale: 'en', data: page.data });
    assert.match(html, /You need to accept the terms and conditions to continue\./);
    assert.deepEqual(await attributes(user), [undefined, undefined, undefined]);
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), ['TERMS_AND_CONDITIONS']);
    assert.deepEqual(await events(realm), [['CUSTOM_REQUIRED_ACTION_ERROR', 'rejected_by_user', 'TERMS_AND_CONDITIONS']]);
  });

  it('asks everyone again once the realm raises its terms version, keeping both acceptances in the history', async () => {
    const { realm, user } = await setup('terms-version');
    seconds = 1_700_000_000;
    const first = signIn(realm, user);
    assert.equal(pageOf(await run(first)).data.termsVersion, '1');
    assert.equal((await run(first, { accept: 'accept' })).kind, 'authenticated');
    assert.equal((await run(signIn(realm, user))).kind, 'authenticated', 'not asked again for the same version');

    const raised: RealmRecord = { ...realm, settings: { ...realm.settings, attributes: { termsVersion: '2' } } };
    await t.store.realms.update(raised);
    const again = signIn(raised, user);
    assert.equal(pageOf(await run(again)).data.termsVersion, '2');
    seconds = 1_700_086_400;
    assert.equal((await run(again, { accept: 'accept' })).kind, 'authenticated');
    assert.deepEqual(await attributes(user), [['1700086400'], ['2'], ['1@1700000000', '2@1700086400']]);
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), []);
  });

  it('asks nobody while the realm has the action disabled', async () => {
    const { realm, user } = await setup('terms-off', { enabled: false, version: '3', requiredActions: ['TERMS_AND_CONDITIONS'] });
    assert.deepEqual(await pendingRequiredActions(t.store, realm, user), []);
    assert.equal((await run(signIn(realm, user))).kind, 'authenticated');
    assert.deepEqual(await attributes(user), [undefined, undefined, undefined]);
  });

  it('takes the older alias terms_and_conditions, stored for the user or for the realm', async () => {
    const { realm, user } = await setup('terms-legacy', { requiredActions: ['terms_and_conditions'] });
    await t.store.transaction((tx) => recordTermsAcceptance(tx, realm, user.id, clock));
    // Accepted already: only the stored lowercase action asks.
    const byUser = signIn(realm, user);
    assert.equal(pageOf(await run(byUser)).data.execution, 'TERMS_AND_CONDITIONS');
    assert.equal((await run(byUser, { accept: 'accept' })).kind, 'authenticated');
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), []);

    const record = (await t.store.requiredActions.find(realm.id, 'TERMS_AND_CONDITIONS'))!;
    await t.store.requiredActions.delete(realm.id, record.alias);
    await t.store.requiredActions.create({ ...record, id: newId(), alias: 'terms_and_conditions', providerId: 'terms_and_conditions' });
    await t.store.users.addRequiredAction(user.id, 'terms_and_conditions');
    const byRealm = signIn(realm, user);
    assert.equal(pageOf(await run(byRealm)).data.execution, 'terms_and_conditions');
    assert.equal((await run(byRealm, { accept: 'accept' })).kind, 'authenticated');
    assert.deepEqual(await t.store.users.getRequiredActions(user.id), []);
    assert.equal((await events(realm)).length, 2);
  });
});
