import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestRealm } from '../../../test/support/test-realm.ts';
import { useTestStore } from '../../../test/support/test-store.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { RealmRecord, UserRecord } from '../../storage/ports.ts';
import { createUser, updateUser } from '../users/service.ts';
import { actionTokenLifespan, formatLifespan } from './lifespan.ts';
import { ACTION } from './model.ts';
import { actionTokenLink, consumeActionToken, issueActionToken, verifyActionToken } from './service.ts';

const base = 'http://127.0.0.1:8080';

/** A clock the test moves by hand. */
function manualClock(start = Date.UTC(2026, 10, 28, 12)): Clock & { advance(seconds: number): void } {
  let now = start;
  return { now: () => now, advance: (seconds) => (now += seconds * 1000) };
}

describe('action tokens', () => {
  const t = useTestStore();

  async function setup(name: string, settings: Record<string, unknown> = {}): Promise<{ realm: RealmRecord; user: UserRecord }> {
    const realm = await createTestRealm(t.store, name, settings);
    const user = await t.store.transaction((tx) => createUser(tx, realm, { username: 'ava', email: 'ava@example.test' }, { now: () => Date.now() }));
    return { realm, user };
  }

  it('accepts a fresh link once, then calls it used', async () => {
    const { realm, user } = await setup('tok-once');
    const clock = manualClock();
    const issued = await issueActionToken(t.store, realm, { action: ACTION.verifyEmail, user, baseUrl: base, issuedBy: 'user', clientId: 'web', journeyId: 'j1' }, clock);
    assert.equal(issued.claims.typ, 'verify-email');
    assert.equal(issued.claims.eml, 'ava@example.test');
    assert.equal(issued.claims.exp - issued.claims.iat, 300);
    const first = await verifyActionToken(t.store, realm, issued.token, clock);
    assert.equal(first.ok, true);
    assert.equal(await consumeActionToken(t.store, realm, issued.claims), true);
    assert.equal(await consumeActionToken(t.store, realm, issued.claims), false, 'a second use is refused even when two requests race');
    const again = await verifyActionToken(t.store, realm, issued.token, clock);
    assert.deepEqual([again.ok, !again.ok && again.problem], [false, 'used']);
    const link = new URL(actionTokenLink(base, realm, issued));
    assert.equal(link.pathname, '/realms/tok-once/login-actions/action-token');
    assert.deepEqual([link.searchParams.get('client_id'), link.searchParams.get('tab_id')], ['web', 'j1']);
  });

  it('calls a link expired once its lifespan has passed', async () => {
    const { realm, user } = await setup('tok-expired');
    const clock = manualClock();
    const issued = await issueActionToken(t.store, realm, { action: ACTION.resetCredentials, user, baseUrl: base, issuedBy: 'user' }, clock);
    clock.advance(299);
    assert.equal((await verifyActionToken(t.store, realm, issued.token, clock)).ok, true);
    clock.advance(2);
    const check = await verifyActionToken(t.store, realm, issued.token, clock);
    assert.deepEqual([check.ok, !check.ok && check.problem], [false, 'expired']);
  });

  it('refuses a tampered token and one signed by another realm', async () => {
    const { realm, user } = await setup('tok-tamper');
    const other = await setup('tok-other');
    const clock = manualClock();
    const issued = await issueActionToken(t.store, realm, { action: ACTION.verifyEmail, user, baseUrl: base, issuedBy: 'user' }, clock);
    const [header, payload, signature] = issued.token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    forged.sub = other.user.id;
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    for (const token of [tampered, `${issued.token}x`, 'not-a-token', '']) {
      const check = await verifyActionToken(t.store, realm, token, clock);
      assert.deepEqual([check.ok, !check.ok && check.problem], [false, 'invalid'], token.slice(0, 20));
    }
    const foreign = await verifyActionToken(t.store, other.realm, issued.token, clock);
    assert.deepEqual([foreign.ok, !foreign.ok && foreign.problem], [false, 'invalid']);
  });

  it('stops working when the user changed their email address', async () => {
    const { realm, user } = await setup('tok-email');
    const clock = manualClock();
    const issued = await issueActionToken(t.store, realm, { action: ACTION.verifyEmail, user, baseUrl: base, issuedBy: 'user' }, clock);
    await t.store.transaction((tx) => updateUser(tx, realm, { ...user, email: 'ava.new@example.test' }));
    const check = await verifyActionToken(t.store, realm, issued.token, clock);
    assert.deepEqual([check.ok, !check.ok && check.problem], [false, 'email-changed']);
  });

  it('refuses the link of a disabled or deleted user', async () => {
    const { realm, user } = await setup('tok-user');
    const clock = manualClock();
    const issued = await issueActionToken(t.store, realm, { action: ACTION.executeActions, user, baseUrl: base, issuedBy: 'admin', requiredActions: ['UPDATE_PASSWORD'] }, clock);
    assert.equal(issued.claims.exp - issued.claims.iat, 43_200);
    await t.store.transaction((tx) => updateUser(tx, realm, { ...user, enabled: false }));
    const disabled = await verifyActionToken(t.store, realm, issued.token, clock);
    assert.deepEqual([disabled.ok, !disabled.ok && disabled.problem], [false, 'user-disabled']);
    await t.store.users.delete(realm.id, user.id);
    const gone = await verifyActionToken(t.store, realm, issued.token, clock);
    assert.deepEqual([gone.ok, !gone.ok && gone.problem], [false, 'user-not-found']);
  });

  it("takes the realm's lifespans and per-action overrides", async () => {
    const realm = await createTestRealm(t.store, 'tok-life', {
      actionTokenGeneratedByUserLifespan: 600,
      actionTokenGeneratedByAdminLifespan: 7200,
      attributes: { 'actionTokenGeneratedByUserLifespan.verify-email': '900' },
    });
    assert.equal(actionTokenLifespan(realm, 'verify-email', 'user'), 900);
    assert.equal(actionTokenLifespan(realm, 'reset-credentials', 'user'), 600);
    assert.equal(actionTokenLifespan(realm, 'execute-actions', 'admin'), 7200);
    assert.deepEqual([formatLifespan(300), formatLifespan(43_200), formatLifespan(90), formatLifespan(86_400)], ['5 minutes', '12 hours', '90 seconds', '1 day']);
  });
});
