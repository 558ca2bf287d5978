import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { hashPassword } from '../credentials/password-hashing.ts';
import { checkPassword } from './check.ts';
import { parsePasswordPolicy } from './parse.ts';
import { hashPolicyFor, historyRetention, isExpired, maxAuthAgeSeconds } from './settings.ts';
import type { StoredPasswordEntry } from './types.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1);
// Low PBKDF2 iterations keep the hashing in these tests fast.
const FAST = 'hashAlgorithm(pbkdf2-sha256) and hashIterations(1000)';

async function stored(password: string, type: string, daysAgo: number): Promise<StoredPasswordEntry> {
  const hash = await hashPassword(password, hashPolicyFor(parsePasswordPolicy(FAST)));
  return { type, secretData: JSON.stringify(hash.secretData), credentialData: JSON.stringify(hash.credentialData), createdDate: NOW - daysAgo * DAY };
}

describe('password history policies', () => {
  let history: StoredPasswordEntry[];
  before(async () => {
    // The current password, then replaced ones from newest to oldest.
    history = [
      await stored('current-pw', 'password', 1),
      await stored('previous-pw', 'password-history', 40),
      await stored('older-pw', 'password-history', 80),
      await stored('oldest-pw', 'password-history', 400),
      await stored('an otp secret', 'otp', 0),
    ];
  });
  const keysFor = async (policy: string, password: string, entries = history): Promise<string[][]> =>
    (await checkPassword(parsePasswordPolicy(`${FAST} and ${policy}`), password, { history: entries, now: NOW, dataDir: '/x' })).map((f) => [f.key, ...f.params]);

  it('passwordHistory(3) refuses the current and the two most recent passwords: "must not be equal to any of last 3 passwords"', async () => {
    for (const reused of ['current-pw', 'previous-pw', 'older-pw']) {
      assert.deepEqual(await keysFor('passwordHistory(3)', reused), [['invalidPasswordHistoryMessage', '3']], reused);
    }
  });

  it('passwordHistory(3) accepts a password older than the last 3, and a new one', async () => {
    assert.deepEqual(await keysFor('passwordHistory(3)', 'oldest-pw'), []);
    assert.deepEqual(await keysFor('passwordHistory(3)', 'brand-new-pw'), []);
    assert.deepEqual(await keysFor('passwordHistory(3)', 'an otp secret'), [], 'other credential types are no history');
  });

  it('passwordHistory(1) refuses only the current password; without types the newest entry counts as current', async () => {
    assert.deepEqual(await keysFor('passwordHistory(1)', 'current-pw'), [['invalidPasswordHistoryMessage', '1']]);
    assert.deepEqual(await keysFor('passwordHistory(1)', 'previous-pw'), []);
    const untyped = history.slice(0, 2).map(({ type: _type, ...entry }) => entry);
    assert.deepEqual(await keysFor('passwordHistory(1)', 'current-pw', untyped), [['invalidPasswordHistoryMessage', '1']]);
    assert.deepEqual(await keysFor('passwordHistory(2)', 'previous-pw', untyped), [['invalidPasswordHistoryMessage', '2']]);
  });

  it('passwordAge(60) refuses the current password and those created within 60 days, with the generic message', async () => {
    assert.deepEqual(await keysFor('passwordAge(60)', 'current-pw'), [['invalidPasswordGenericMessage', '60']]);
    assert.deepEqual(await keysFor('passwordAge(60)', 'previous-pw'), [['invalidPasswordGenericMessage', '60']]);
    assert.deepEqual(await keysFor('passwordAge(60)', 'older-pw'), []);
    assert.deepEqual(await keysFor('passwordAge', 'previous-pw'), [], 'the default is 30 days');
  });

  it('both history policies report a reused password, each hash being verified once', async () => {
    assert.deepEqual(await keysFor('passwordHistory(2) and passwordAge(60)', 'previous-pw'), [['invalidPasswordHistoryMessage', '2'], ['invalidPasswordGenericMessage', '60']]);
  });

  it('an unreadable stored hash is no match rather than an error', async () => {
    const broken = [{ type: 'password', secretData: '{}', credentialData: '{"algorithm":"md5"}', createdDate: NOW }];
    assert.deepEqual(await keysFor('passwordHistory(3)', 'anything', broken), []);
  });
});

describe('password policy settings', () => {
  it('forceExpiredPasswordChange(30) expires a password older than 30 days at sign-in', () => {
    const policy = parsePasswordPolicy('forceExpiredPasswordChange(30)');
    assert.equal(isExpired(policy, NOW - 31 * DAY, NOW), true);
    assert.equal(isExpired(policy, NOW - 29 * DAY, NOW), false);
    assert.equal(isExpired(parsePasswordPolicy('length(8)'), 0, NOW), false);
  });

  it('maxAuthAge is 300 seconds unless the policy says otherwise; hashing follows the policy', () => {
    assert.equal(maxAuthAgeSeconds(parsePasswordPolicy('')), 300);
    assert.equal(maxAuthAgeSeconds(parsePasswordPolicy('maxAuthAge(60)')), 60);
    assert.deepEqual(hashPolicyFor(parsePasswordPolicy(FAST)), { algorithm: 'pbkdf2-sha256', iterations: 1000 });
    assert.deepEqual(hashPolicyFor(parsePasswordPolicy('hashIterations(-1)')), { algorithm: 'argon2' });
  });

  it('keeps N−1 replaced passwords for passwordHistory(N), those within passwordAge days, and none otherwise', () => {
    const entries = [10, 50, 100, 500].map((days) => ({ days, createdDate: NOW - days * DAY }));
    const kept = (policy: string): number[] => {
      const retention = historyRetention(policy);
      const stale = retention.stale(entries, NOW);
      return entries.filter((e) => !stale.includes(e)).map((e) => e.days);
    };
    assert.deepEqual(kept('passwordHistory(3)'), [10, 50]);
    assert.deepEqual(kept('passwordAge(60)'), [10, 50]);
    assert.deepEqual(kept('passwordHistory(2) and passwordAge(200)'), [10, 50, 100]);
    assert.deepEqual(kept('length(8)'), []);
    assert.deepEqual(kept('passwordHistory(oops) and bogus'), [], 'an unreadable stored policy keeps nothing and does not throw');
    assert.equal(historyRetention('passwordHistory(1)').keepReplaced, false);
    assert.equal(historyRetention('passwordHistory').keepReplaced, true);
  });
});
