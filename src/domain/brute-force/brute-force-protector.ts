import type { Clock } from '../../kernel/clock.ts';
import type { LoginFailureRecord, RealmRecord, Repositories, UserRecord } from '../../storage/ports.ts';
import { recordEvent } from '../events/service.ts';
import { realmSetting } from '../realms/model.ts';

/** Keycloak's brute-force realm fields, with its defaults. */
export function bruteForceSettings(realm: RealmRecord) {
  return {
    protected: realmSetting(realm, 'bruteForceProtected', false),
    permanentLockout: realmSetting(realm, 'permanentLockout', false),
    maxTemporaryLockouts: realmSetting(realm, 'maxTemporaryLockouts', 0),
    strategy: realmSetting<string>(realm, 'bruteForceStrategy', 'MULTIPLE'),
    failureFactor: Math.max(1, realmSetting(realm, 'failureFactor', 30)),
    waitIncrementSeconds: realmSetting(realm, 'waitIncrementSeconds', 60),
    maxFailureWaitSeconds: realmSetting(realm, 'maxFailureWaitSeconds', 900),
    minimumQuickLoginWaitSeconds: realmSetting(realm, 'minimumQuickLoginWaitSeconds', 60),
    quickLoginCheckMilliSeconds: realmSetting(realm, 'quickLoginCheckMilliSeconds', 1000),
    maxDeltaTimeSeconds: realmSetting(realm, 'maxDeltaTimeSeconds', 43200),
  };
}

/** Whether the user is locked out for now (Keycloak's isTemporarilyDisabled). */
export async function isTemporarilyDisabled(repos: Repositories, realm: RealmRecord, userId: string, clock: Clock): Promise<boolean> {
  if (!bruteForceSettings(realm).protected) return false;
  const record = await repos.loginFailures.find(realm.id, userId);
  return record !== undefined && record.failedLoginNotBefore > clock.now();
}

/** The wait after this failure under the realm's strategy, before the cap (Keycloak's MULTIPLE and LINEAR). */
function waitSeconds(s: ReturnType<typeof bruteForceSettings>, numFailures: number): number {
  if (s.strategy === 'LINEAR') return numFailures >= s.failureFactor ? s.waitIncrementSeconds * (1 + numFailures - s.failureFactor) : 0;
  return numFailures % s.failureFactor === 0 ? s.waitIncrementSeconds * Math.floor(numFailures / s.failureFactor) : 0;
}

/**
 * Counts a failed login of a known user (Keycloak's BruteForceProtector `failedLogin`):
 * failures older than `maxDeltaTimeSeconds` are forgotten; every `failureFactor` failures
 * lock the user out for `waitIncrementSeconds` times the multiple (at most
 * `maxFailureWaitSeconds`); two failures quicker than `quickLoginCheckMilliSeconds` lock out
 * for `minimumQuickLoginWaitSeconds`. With `permanentLockout`, reaching `failureFactor` (or,
 * with `maxTemporaryLockouts`, one temporary lockout too many) disables the user.
 */
export async function recordLoginFailure(repos: Repositories, realm: RealmRecord, user: UserRecord, ip: string | null, clock: Clock): Promise<void> {
  const s = bruteForceSettings(realm);
  if (!s.protected) return;
  const now = clock.now();
  const fresh: LoginFailureRecord = { realmId: realm.id, userId: user.id, numFailures: 0, numTemporaryLockouts: 0, lastFailure: 0, lastIpFailure: null, failedLoginNotBefore: 0 };
  let record = (await repos.loginFailures.find(realm.id, user.id)) ?? fresh;
  const last = record.lastFailure;
  const delta = last > 0 ? now - last : 0;
  if (delta > s.maxDeltaTimeSeconds * 1000) record = fresh;
  record = { ...record, numFailures: record.numFailures + 1, lastFailure: now, lastIpFailure: ip };
  const quick = last > 0 && delta < s.quickLoginCheckMilliSeconds;

  if (s.permanentLockout && s.maxTemporaryLockouts === 0) {
    if (record.numFailures >= s.failureFactor) {
      await repos.loginFailures.save(record);
      return disablePermanently(repos, realm, user, ip, clock);
    }
    if (quick) record.failedLoginNotBefore = now + s.minimumQuickLoginWaitSeconds * 1000;
    return repos.loginFailures.save(record);
  }

  let wait = waitSeconds(s, record.numFailures);
  if (wait === 0 && quick) wait = s.minimumQuickLoginWaitSeconds;
  if (wait > 0) {
    record.numTemporaryLockouts += 1;
    if (s.permanentLockout && record.numTemporaryLockouts > s.maxTemporaryLockouts) {
      await repos.loginFailures.save(record);
      return disablePermanently(repos, realm, user, ip, clock);
    }
    record.failedLoginNotBefore = now + Math.min(wait, s.maxFailureWaitSeconds) * 1000;
    await recordEvent(repos, realm, { type: 'USER_DISABLED_BY_TEMPORARY_LOCKOUT', userId: user.id, ipAddress: ip, details: {} }, clock);
  }
  await repos.loginFailures.save(record);
}

async function disablePermanently(repos: Repositories, realm: RealmRecord, user: UserRecord, ip: string | null, clock: Clock): Promise<void> {
  await repos.users.update({ ...user, enabled: false }, { emailUnique: !realmSetting(realm, 'duplicateEmailsAllowed', false) });
  await recordEvent(repos, realm, { type: 'USER_DISABLED_BY_PERMANENT_LOCKOUT', userId: user.id, ipAddress: ip, details: {} }, clock);
}

/** A successful login forgets the user's failures (Keycloak's `successfulLogin`). */
export async function recordLoginSuccess(repos: Repositories, realm: RealmRecord, userId: string): Promise<void> {
  if (!bruteForceSettings(realm).protected) return;
  await repos.loginFailures.delete(realm.id, userId);
}
