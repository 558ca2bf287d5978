import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRealm } from '../../../../test/support/test-realm.ts';
import { useTestStore } from '../../../../test/support/test-store.ts';
import { createUser } from '../../../domain/users/service.ts';
import type { Clock } from '../../../kernel/clock.ts';
import type { RealmRecord, UserRecord } from '../../../storage/ports.ts';
import { startJourney } from '../../engine/journey.ts';
import type { JourneyContext } from '../../engine/step.ts';
import { pendingRequiredActions } from '../pending-required-actions.ts';
import { runRequiredAction } from '../run-required-action.ts';
import type { RequiredActionOutcome } from '../required-action.ts';

/** The data of the page an outcome shows (fails when it shows none). */
function data(outcome: RequiredActionOutcome): { message?: unknown; fieldErrors: Record<string, unknown[]> } {
  assert.equal(outcome.kind, 'page');
  return (outcome as unknown as { page: { data: { message?: unknown; fieldErrors: Record<string, unknown[]> } } }).page.data;
}

function manualClock(): Clock & { advance(ms: number): void } {
  let now = Date.UTC(2026, 10, 28, 12);
  return { now: () => now, advance: (ms) => (now += ms) };
}

describe('VERIFY_EMAIL', () => {
  const t = useTestStore();

  async function setup(name: string, attributes: Record<string, string> = {}) {
    const realm: RealmRecord = await createTestRealm(t.store, name, { verifyEmail: true, eventsEnabled: true, attributes });
    const clock = manualClock();
    const user: UserRecord = await t.store.transaction((tx) => createUser(tx, realm, { username: 'vera', email: 'vera@example.test', firstName: 'Vera', lastName: 'Tester' }, clock));
    const journey = await startJourney(t.store, realm, { clientId: 'web' }, clock);
    journey.state.userId = user.id;
    const ctx: JourneyContext = { repos: t.store, realm, journey: journey.state, clock, request: { ip: '127.0.0.1', userAgent: null }, baseUrl: 'http://127.0.0.1:9' };
    const mails = async () => t.store.emailOutbox.list({ realmId: realm.id });
    const events = async (type: string) => t.store.events.query(realm.id, { types: [type] });
    return { realm, clock, user, ctx, mails, events };
  }

  const post = (form: Record<string, string>) => ({ execution: 'VERIFY_EMAIL', form });

  it('asks an unverified user while the realm verifies email, and sends one email per page however often it is shown', async () => {
    const { realm, user, ctx, mails, events } = await setup('ve-link');
    assert.deepEqual(await pendingRequiredActions(t.store, realm, user), ['VERIFY_EMAIL']);
    const first = await runRequiredAction(ctx, 'VERIFY_EMAIL');
    assert.equal(first.kind, 'page');
    assert.equal((first as { page: { template: string } }).page.template, 'login-verify-email.liquid');
    await runRequiredAction(ctx, 'VERIFY_EMAIL');
    const sent = await mails();
    assert.equal(sent.length, 1, 'a reload sends nothing');
    assert.deepEqual([sent[0]!.recipient, sent[0]!.template, sent[0]!.subjectKey], ['vera@example.test', 'email-verification', 'emailVerificationSubject']);
    const link = new URL(String(sent[0]!.attributes.link));
    assert.equal(link.pathname, `/realms/${realm.name}/login-actions/action-token`);
    assert.equal(sent[0]!.attributes.linkExpiration, 5);
    assert.equal((await events('SEND_VERIFY_EMAIL')).length, 1);
  });

  it('sends again on request only once 30 seconds have passed', async () => {
    const { ctx, clock, mails } = await setup('ve-resend');
    await runRequiredAction(ctx, 'VERIFY_EMAIL');
    ctx.journey.challenged = 'VERIFY_EMAIL';
    clock.advance(10_000);
    const early = await runRequiredAction(ctx, 'VERIFY_EMAIL', post({ resend: 'true' }));
    assert.deepEqual(data(early).message, { type: 'warning', key: 'emailVerifySendCooldown', params: ['20'] });
    assert.equal((await mails()).length, 1);
    clock.advance(20_000);
    const later = await runRequiredAction(ctx, 'VERIFY_EMAIL', post({ resend: 'true' }));
    assert.deepEqual(data(later).message, { type: 'success', key: 'emailSentMessage' });
    assert.equal((await mails()).length, 2);
  });

  it('takes the right code from the email, where the realm verifies by code', async () => {
    const { realm, user, ctx, mails, events } = await setup('ve-code', { verifyEmailMethod: 'code' });
    await runRequiredAction(ctx, 'VERIFY_EMAIL');
    const mail = (await mails())[0]!;
    assert.equal(mail.template, 'email-verification-with-code');
    assert.equal(mail.attributes.link, undefined, 'code only: no link');
    const code = String(mail.attributes.code);
    assert.match(code, /^\d{6}$/);
    assert.equal(JSON.stringify(ctx.journey.steps).includes(code), false, 'the journey keeps the code hashed');
    const done = await runRequiredAction(ctx, 'VERIFY_EMAIL', post({ code }));
    assert.equal(done.kind, 'done');
    assert.equal((await t.store.users.findById(realm.id, user.id))?.emailVerified, true);
    assert.deepEqual((await events('VERIFY_EMAIL')).map((e) => e.details.verification_method), ['code']);
  });

  it('spends the code after five wrong ones: the right one no longer works', async () => {
    const { realm, user, ctx, mails, events } = await setup('ve-locked', { verifyEmailMethod: 'link-and-code' });
    await runRequiredAction(ctx, 'VERIFY_EMAIL');
    const mail = (await mails())[0]!;
    assert.ok(mail.attributes.link, 'link and code');
    const code = String(mail.attributes.code);
    const wrong = code === '000000' ? '111111' : '000000';
    const messages: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const outcome = await runRequiredAction(ctx, 'VERIFY_EMAIL', post({ code: wrong }));
      messages.push(data(outcome).fieldErrors.code![0]);
    }
    assert.deepEqual(messages.slice(0, 2), [{ key: 'invalidVerifyEmailCodeMessage', params: ['4'] }, { key: 'invalidVerifyEmailCodeMessage', params: ['3'] }]);
    assert.equal(messages[4], 'verifyEmailCodeLockedMessage');
    const locked = await runRequiredAction(ctx, 'VERIFY_EMAIL', post({ code }));
    assert.equal(locked.kind, 'page');
    assert.equal((await t.store.users.findById(realm.id, user.id))?.emailVerified, false);
    const errors = await events('VERIFY_EMAIL_ERROR');
    assert.equal(errors.length, 6);
    assert.ok(errors.every((e) => e.error === 'invalid_code'));
  });

  it('says the email could not be sent to an address that cannot take mail, and records why', async () => {
    const realm = await createTestRealm(t.store, 've-bad-address', { verifyEmail: true, eventsEnabled: true });
    const clock = manualClock();
    const user = await t.store.transaction((tx) => createUser(tx, realm, { username: 'mallory', email: 'mallory@example.test\r\nBcc: all@example.test' }, clock));
    const journey = await startJourney(t.store, realm, { clientId: 'web' }, clock);
    journey.state.userId = user.id;
    const ctx: JourneyContext = { repos: t.store, realm, journey: journey.state, clock, request: { ip: null, userAgent: null }, baseUrl: 'http://127.0.0.1:9' };
    assert.deepEqual(data(await runRequiredAction(ctx, 'VERIFY_EMAIL')).message, { type: 'error', key: 'emailSendErrorMessage' });
    assert.deepEqual(await t.store.emailOutbox.list({ realmId: realm.id }), []);
    assert.deepEqual((await t.store.events.query(realm.id, { types: ['SEND_VERIFY_EMAIL_ERROR'] })).map((e) => e.error), ['email_send_failed']);
  });

  it('refuses an expired code with its own message', async () => {
    const { ctx, clock, mails, events } = await setup('ve-code-expired', { verifyEmailMethod: 'code' });
    await runRequiredAction(ctx, 'VERIFY_EMAIL');
    const code = String((await mails())[0]!.attributes.code);
    clock.advance(301_000);
    const outcome = await runRequiredAction(ctx, 'VERIFY_EMAIL', post({ code }));
    assert.deepEqual(data(outcome).fieldErrors, { code: ['verifyEmailCodeExpiredMessage'] });
    assert.deepEqual((await events('VERIFY_EMAIL_ERROR')).map((e) => e.error), ['expired_code']);
  });
});
