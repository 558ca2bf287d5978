/** Helpers the policy files share: Keycloak's integer values, character counts, password history order. */
import { definePolicy, PolicyConfigError, type PolicyDefinition, type StoredPasswordEntry } from '../types.ts';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * Reads an int value as Java's `Integer.valueOf` does (optional sign, decimal digits, 32 bits).
 * @throws PolicyConfigError "Not a valid number", Keycloak's wording.
 */
export function parseInteger(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^[+-]?\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(n >= INT_MIN && n <= INT_MAX)) throw new PolicyConfigError('Not a valid number');
  return n;
}

/** A value-less policy (`notUsername`, …): Keycloak ignores any value, so `notUsername(undefined)` reads fine. */
export const noValue = (): null => null;

/**
 * A "at least N characters of a kind" policy. Counts UTF-16 code units one by one, as
 * Keycloak's `password.toCharArray()` loop does.
 */
export function minCountPolicy<const Id extends string>(id: Id, displayName: string, messageKey: string, matches: (char: string) => boolean): PolicyDefinition<Id, number> {
  return definePolicy({
    id, displayName, messageKey, configType: 'int', defaultValue: '1', multipleSupported: false,
    parse: (value) => parseInteger(value, 1),
    check(min, password) {
      let count = 0;
      for (let i = 0; i < password.length; i++) if (matches(password[i]!)) count++;
      return count < min ? { key: messageKey, params: [String(min)] } : undefined;
    },
  });
}

const PASSWORD = 'password';
const PASSWORD_HISTORY = 'password-history';

/**
 * Splits stored hashes into the current password and the replaced ones, newest first.
 * Entries of other credential types are dropped; without any `password` entry the newest
 * untyped one is taken as current.
 */
export function passwordsByAge(entries: readonly StoredPasswordEntry[] = []): { current: StoredPasswordEntry[]; past: StoredPasswordEntry[] } {
  const relevant = entries.filter((e) => e.type === undefined || e.type === PASSWORD || e.type === PASSWORD_HISTORY);
  const newestFirst = [...relevant].sort((a, b) => b.createdDate - a.createdDate);
  let current = newestFirst.filter((e) => e.type === PASSWORD);
  if (current.length === 0) current = newestFirst.filter((e) => e.type === undefined).slice(0, 1);
  return { current, past: newestFirst.filter((e) => e.type !== PASSWORD && !current.includes(e)) };
}

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;
