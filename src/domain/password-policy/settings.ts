/**
 * What the rest of Gatehouse reads from a realm's password policy besides checking a
 * password: hashing, password expiry, the maximum authentication age and how much password
 * history to keep.
 */
import { defaultHashPolicy, type HashPolicy } from '../credentials/password-hashing.ts';
import { policyConfig, splitPolicyString, type PasswordPolicy } from './parse.ts';
import { DEFAULT_MAX_AUTH_AGE } from './policies/max-auth-age.ts';
import { DAY_MS, parseInteger } from './policies/shared.ts';

/** The hashing new passwords get: `hashAlgorithm` (argon2 by default) and `hashIterations` (-1 or absent: the algorithm's default). */
export function hashPolicyFor(policy: PasswordPolicy): HashPolicy {
  const algorithm = policyConfig(policy, 'hashAlgorithm') ?? defaultHashPolicy.algorithm;
  const iterations = policyConfig(policy, 'hashIterations');
  return iterations !== undefined && iterations > 0 ? { algorithm, iterations } : { algorithm };
}

/**
 * For the sign-in side (`forceExpiredPasswordChange`): whether a password credential created
 * at `credentialCreatedDate` (ms) has expired at `now`. False without the policy.
 */
export function isExpired(policy: PasswordPolicy, credentialCreatedDate: number, now: number): boolean {
  const days = policyConfig(policy, 'forceExpiredPasswordChange');
  if (days === undefined || days === -1) return false;
  return now - credentialCreatedDate > days * DAY_MS;
}

/** For the password-change side: the maximum authentication age in seconds (`maxAuthAge`, 300 without it). */
export function maxAuthAgeSeconds(policy: PasswordPolicy): number {
  return policyConfig(policy, 'maxAuthAge') ?? DEFAULT_MAX_AUTH_AGE;
}

/** How a realm's policy keeps replaced passwords (`password-history` credentials). */
export interface HistoryRetention {
  /** Whether a replaced password is kept at all: `passwordHistory` above 1, or `passwordAge` above 0. */
  keepReplaced: boolean;
  /** Of the given history entries, those no policy reads any more (to delete), as Keycloak prunes them. */
  stale<T extends { createdDate: number }>(history: readonly T[], now: number): T[];
}

/**
 * Reads the history policies from a stored policy string. Lenient: storing a password never
 * fails over a policy string that no longer parses; unreadable values count as absent.
 */
export function historyRetention(policyString: string | null | undefined): HistoryRetention {
  const int = (id: string): number => {
    const part = splitPolicyString(policyString).findLast((p) => p.key === id);
    if (!part) return -1;
    try { return parseInteger(part.value, id === 'passwordHistory' ? 3 : 30); } catch { return -1; }
  };
  const count = int('passwordHistory');
  const ageDays = Math.max(0, int('passwordAge'));
  const keepNewest = Math.max(0, count - 1);
  return {
    keepReplaced: count > 1 || ageDays > 0,
    stale: (history, now) => [...history].sort((a, b) => b.createdDate - a.createdDate).slice(keepNewest)
      .filter((entry) => entry.createdDate < now - ageDays * DAY_MS),
  };
}

