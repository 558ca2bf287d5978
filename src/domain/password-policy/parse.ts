/**
 * Keycloak's password policy string: policies joined by " and ", each `id` or `id(value)`,
 * e.g. `length(12) and upperCase(1) and notUsername and passwordHistory(3)`.
 */
import { GatehouseError } from '../../kernel/errors.ts';
import { policyDefinition, type PolicyConfigs, type PolicyId } from './policies/index.ts';
import { PolicyConfigError } from './types.ts';

/** One policy of a parsed string: its id, the raw text in its parentheses and the parsed value. */
export interface PolicyEntry { readonly id: PolicyId; readonly value: string | undefined; readonly config: unknown }

/** A parsed policy string; entries keep the string's order. */
export interface PasswordPolicy { readonly source: string; readonly entries: readonly PolicyEntry[] }

/** A policy part as written, before its id or value is checked. */
export interface RawPolicyPart { key: string; value: string | undefined; closed: boolean }

/** The empty policy: no rule, default hashing. */
export const emptyPasswordPolicy: PasswordPolicy = Object.freeze({ source: '', entries: Object.freeze([]) });

/**
 * Splits a policy string as Keycloak does: on " and ", each part trimmed, the key up to the
 * first "(", the value between it and the closing ")". `closed` is false when that ")" is missing.
 * Never throws; use it to read a stored string leniently.
 */
export function splitPolicyString(source: string | null | undefined): RawPolicyPart[] {
  if (!source || source.trim() === '') return [];
  return source.split(' and ').map((part) => part.trim()).filter((part, i, all) => part !== '' || i < all.length - 1).map((part) => {
    const open = part.indexOf('(');
    if (open === -1) return { key: part, value: undefined, closed: true };
    const closed = part.endsWith(')');
    return { key: part.slice(0, open).trim(), value: part.slice(open + 1, closed ? -1 : undefined), closed };
  });
}

/**
 * Parses and validates a policy string. A policy given twice keeps its first position and its
 * last value, as Keycloak's builder does, except `regexPattern`, which may repeat.
 * @throws GatehouseError `GH_INVALID_INPUT` (field `passwordPolicy`) with Keycloak's wording:
 * "Invalid config for length: Not a valid number"; an unknown id gives
 * "Invalid config for foo: Password policy not found".
 */
export function parsePasswordPolicy(source: string | null | undefined): PasswordPolicy {
  const entries: PolicyEntry[] = [];
  for (const { key, value, closed } of splitPolicyString(source)) {
    const fail = (reason: string): GatehouseError =>
      new GatehouseError('GH_INVALID_INPUT', [`Invalid config for ${key || '""'}: ${reason}`], { field: 'passwordPolicy' });
    const definition = policyDefinition(key);
    if (!definition) throw fail('Password policy not found');
    if (!closed) throw fail('Missing closing parenthesis');
    let config: unknown;
    try {
      config = definition.parse(value);
    } catch (error) {
      if (error instanceof PolicyConfigError) throw fail(error.message);
      throw error;
    }
    const entry: PolicyEntry = { id: definition.id as PolicyId, value, config };
    const earlier = definition.multipleSupported ? -1 : entries.findIndex((e) => e.id === entry.id);
    if (earlier === -1) entries.push(entry);
    else entries[earlier] = entry;
  }
  return Object.freeze({ source: source ?? '', entries: Object.freeze(entries) });
}

/** The parsed value of a policy, or undefined when the policy is not set (last one for `regexPattern`). */
export function policyConfig<K extends PolicyId>(policy: PasswordPolicy, id: K): PolicyConfigs[K] | undefined {
  const entry = policy.entries.findLast((e) => e.id === id);
  return entry === undefined ? undefined : (entry.config as PolicyConfigs[K]);
}

/** Whether the policy string sets this policy. */
export function hasPolicy(policy: PasswordPolicy, id: PolicyId): boolean {
  return policy.entries.some((e) => e.id === id);
}
