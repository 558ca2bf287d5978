/**
 * Checking a password against a realm's policy, describing the policy to a browser, and
 * listing the policies for the Admin API's server info.
 */
import { parseStoredPasswordHash, verifyPassword } from '../credentials/password-hashing.ts';
import type { PasswordPolicy } from './parse.ts';
import { policyDefinition, policyDefinitions } from './policies/index.ts';
import type { CheckContext, CheckRun, ConfigType, PolicyFailure, StoredPasswordEntry } from './types.ts';

/**
 * Checks a password against every policy and returns every failure (empty when it passes),
 * in the policy string's order, so a form can list them all. History policies verify stored
 * hashes, so this may take a few hash computations.
 * @throws GatehouseError `GH_CONFIG_INVALID` when a `passwordBlacklist` file is missing.
 */
export async function checkPassword(policy: PasswordPolicy, password: string, context: CheckContext): Promise<PolicyFailure[]> {
  const verified = new Map<StoredPasswordEntry, Promise<boolean>>();
  const run: CheckRun = {
    ...context,
    matches(entry) {
      let result = verified.get(entry);
      if (!result) {
        result = Promise.resolve()
          .then(() => verifyPassword(password, parseStoredPasswordHash(entry.secretData, entry.credentialData)))
          .catch(() => false); // an unreadable or unsupported hash cannot match, as Keycloak skips it
        verified.set(entry, result);
      }
      return result;
    },
  };
  const failures: PolicyFailure[] = [];
  for (const entry of policy.entries) {
    const failure = await policyDefinition(entry.id)?.check?.(entry.config, password, run);
    if (failure) failures.push(failure);
  }
  return failures;
}

/** The policies a browser can check as the user types. */
export type BrowserRuleId = 'length' | 'maxLength' | 'digits' | 'lowerCase' | 'upperCase' | 'specialChars' | 'notUsername' | 'notEmail';

/**
 * One rule of the registration page's live checklist.
 * - `id`: which rule; the browser's test for each:
 *   `length` password.length ≥ value; `maxLength` password.length ≤ value;
 *   `digits` / `lowerCase` / `upperCase` / `specialChars` at least `value` such characters
 *   (\p{Nd}, \p{Lowercase}, \p{Uppercase}, neither \p{L} nor \p{Nd}; counted per UTF-16 unit);
 *   `notUsername` / `notEmail` the password differs, ignoring case, from the username / email field.
 * - `value`: the number the rule compares against; null for `notUsername` and `notEmail`.
 * - `key` and `params`: the message the server gives when the rule fails, to label the item.
 */
export interface BrowserRule { id: BrowserRuleId; value: number | null; key: string; params: string[] }

const BROWSER_RULES: readonly BrowserRuleId[] = ['length', 'maxLength', 'digits', 'lowerCase', 'upperCase', 'specialChars', 'notUsername', 'notEmail'];

/** The policy's rules a browser can check, in the policy string's order (see `BrowserRule`). */
export function describeRules(policy: PasswordPolicy): BrowserRule[] {
  return policy.entries.flatMap((entry): BrowserRule[] => {
    const id = BROWSER_RULES.find((r) => r === entry.id);
    if (id === undefined) return [];
    const value = typeof entry.config === 'number' ? entry.config : null;
    const key = policyDefinition(id)!.messageKey!;
    return [{ id, value, key, params: value === null ? [] : [String(value)] }];
  });
}

/** Keycloak's server info `passwordPolicies[]` entry. */
export interface PasswordPolicyType { id: string; displayName: string; configType: ConfigType; defaultValue: string | null; multipleSupported: boolean }

/** The `passwordPolicies` list of the Admin API's server info. */
export function serverInfoPasswordPolicies(): PasswordPolicyType[] {
  return policyDefinitions.map(({ id, displayName, configType, defaultValue, multipleSupported }) => ({ id, displayName, configType, defaultValue, multipleSupported }));
}
