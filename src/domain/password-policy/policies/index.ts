/** Every password policy Gatehouse knows, in the order server info lists them. */
import type { PolicyDefinition } from '../types.ts';
import { digitsPolicy } from './digits.ts';
import { forceExpiredPasswordChangePolicy } from './force-expired-password-change.ts';
import { hashAlgorithmPolicy } from './hash-algorithm.ts';
import { hashIterationsPolicy } from './hash-iterations.ts';
import { lengthPolicy } from './length.ts';
import { lowerCasePolicy } from './lower-case.ts';
import { maxAuthAgePolicy } from './max-auth-age.ts';
import { maxLengthPolicy } from './max-length.ts';
import { notContainsUsernamePolicy } from './not-contains-username.ts';
import { notEmailPolicy } from './not-email.ts';
import { notUsernamePolicy } from './not-username.ts';
import { passwordAgePolicy } from './password-age.ts';
import { passwordBlacklistPolicy } from './password-blacklist.ts';
import { passwordHistoryPolicy } from './password-history.ts';
import { regexPatternPolicy } from './regex-pattern.ts';
import { specialCharsPolicy } from './special-chars.ts';
import { upperCasePolicy } from './upper-case.ts';

/** The policy definitions. */
export const policyDefinitions = [
  lengthPolicy, maxLengthPolicy, digitsPolicy, lowerCasePolicy, upperCasePolicy, specialCharsPolicy,
  notUsernamePolicy, notContainsUsernamePolicy, notEmailPolicy, regexPatternPolicy, passwordHistoryPolicy,
  passwordAgePolicy, forceExpiredPasswordChangePolicy, hashAlgorithmPolicy, hashIterationsPolicy,
  passwordBlacklistPolicy, maxAuthAgePolicy,
] as const;

type Definitions = (typeof policyDefinitions)[number];

/** A policy id Keycloak and Gatehouse share (`length`, `passwordHistory`, …). */
export type PolicyId = Definitions['id'];

/** The parsed value of each policy, by id. */
export type PolicyConfigs = { [D in Definitions as D['id']]: D extends PolicyDefinition<string, infer C> ? C : never };

// A Map, so ids like "constructor" cannot resolve to prototype members.
const byId: ReadonlyMap<string, PolicyDefinition> = new Map(policyDefinitions.map((d) => [d.id, d as PolicyDefinition]));

/** The definition of a policy id, or undefined for an id Keycloak does not have. */
export function policyDefinition(id: string): PolicyDefinition | undefined {
  return byId.get(id);
}
