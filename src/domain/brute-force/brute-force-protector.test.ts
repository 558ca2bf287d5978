import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../../kernel/ids.ts';
import type { RealmRecord, UserRecord } from '../../storage/ports.ts';
import { useTestStore } from '../../../test/support/test-store.ts';
import { isTemporarilyDisabled, recordLoginFailure, recordLoginSuccess } from './brute-force-protector.ts';

const db = useTestStore();

async function setup(settings: Record<string, unknown>): Promise<{ realm: RealmRecord; user: UserRecord }> {
  const realm: RealmRecord = { id: newId(), name: `bf-${newId().slice(0, 8)}`, enabled: true, settings: { bruteForceProtected: true, ...settings }, createdAt: 0 };
  await db.store.realms.create(realm);
  const user = await db.store.users.create({ id: newId(), realmId: realm.id, username: 'u', email: null, emailVerified: false, firstName: null, lastName: null, enabled: true, emailUnique: true, serviceAccountClientLink: null });
  return { realm, user };
}

const at = (ms: number) => ({ now: () => ms });

describe('brute-force detection (Keycloak’s algorithm)', () => {
  it('locks out for waitIncrementSeconds at each multiple of failureFactor, growing and capped by maxFailureWaitSeconds', async () => {
    const { realm, user } = await setup({ failureFactor: 2, waitIncrementSeconds: 60, maxFailureWaitSeconds: 90, quickLoginCheckMilliSeconds: 0 });
    let t = 1_000_000;
    await recordLoginFailure(db.store, realm, user, '192.0.2.1', at(t));
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(t)), false, 'one failure is not enough');
    await recordLoginFailure(db.store, realm, user, '192.0.2.1', at((t += 5_000)));
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(t + 59_000)), true);
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(t + 61_000)), false, 'unlocked after 60 s');
    t += 61_000;
    await recordLoginFailure(db.store, realm, user, '192.0.2.1', at((t += 1_000)));
    await recordLoginFailure(db.store, realm, user, '192.0.2.1', at((t += 1_000)));
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(t + 89_000)), true, 'second lockout: 120 s, capped at 90');
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(t + 91_000)), false);
  });

  it('locks out for minimumQuickLoginWaitSeconds after two failures quicker than quickLoginCheckMilliSeconds', async () => {
    const { realm, user } = await setup({ failureFactor: 30, quickLoginCheckMilliSeconds: 1000, minimumQuickLoginWaitSeconds: 60 });
    await recordLoginFailure(db.store, realm, user, null, at(10_000));
    await recordLoginFailure(db.store, realm, user, null, at(10_500));
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(60_000)), true);
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(71_000)), false);
  });

  it('forgets failures older than maxDeltaTimeSeconds, and all of them after a successful login', async () => {
    const { realm, user } = await setup({ failureFactor: 2, maxDeltaTimeSeconds: 60, quickLoginCheckMilliSeconds: 0 });
    await recordLoginFailure(db.store, realm, user, null, at(0 + 1));
    await recordLoginFailure(db.store, realm, user, null, at(120_000));
    assert.equal(await isTemporarilyDisabled(db.store, realm, user.id, at(120_001)), false, 'the old failure no longer counts');
    assert.equal((await db.store.loginFailures.find(realm.id, user.id))?.numFailures, 1);
    await recordLoginSuccess(db.store, realm, user.id);
    assert.equal(await db.store.loginFailures.find(realm.id, user.id), undefined);
  });

  it('with permanentLockout and maxTemporaryLockouts, disables the user once the temporary lockouts are used up', async () => {
    const { realm, user } = await setup({ failureFactor: 1, permanentLockout: true, maxTemporaryLockouts: 1, quickLoginCheckMilliSeconds: 0 });
    await recordLoginFailure(db.store, realm, user, null, at(1_000));
    assert.equal((await db.store.users.findById(realm.id, user.id))?.enabled, true, 'the first lockout is temporary');
    await recordLoginFailure(db.store, realm, user, null, at(1_000_000));
    assert.equal((await db.store.users.findById(realm.id, user.id))?.enabled, false, 'one more lockout disables the user');
  });

  it('does nothing while the realm is not protected', async () => {
    const { realm, user } = await setup({ bruteForceProtected: false, failureFactor: 1 });
    await recordLoginFailure(db.store, realm, user, null, at(1));
    assert.equal(await db.store.loginFailures.find(realm.id, user.id), undefined);
  });
});
