/**
 * English texts of Keycloak's password policy messages (its login `messages_en.properties`,
 * with MessageFormat's `''` read as `'`), for the Admin API's `error_description` and for
 * themes without their own text. Keys are Keycloak's; `{n}` are the failure's params.
 */
import { formatMessage } from '../../kernel/errors.ts';
import type { PolicyFailure } from './types.ts';

/** Message key → English template. */
export const passwordPolicyMessages: Readonly<Record<string, string>> = Object.freeze({
  invalidPasswordMinLengthMessage: 'Invalid password: minimum length {0}.',
  invalidPasswordMaxLengthMessage: 'Invalid password: maximum length {0}.',
  invalidPasswordMinDigitsMessage: 'Invalid password: must contain at least {0} numerical digits.',
  invalidPasswordMinLowerCaseCharsMessage: 'Invalid password: must contain at least {0} lower case characters.',
  invalidPasswordMinUpperCaseCharsMessage: 'Invalid password: must contain at least {0} upper case characters.',
  invalidPasswordMinSpecialCharsMessage: 'Invalid password: must contain at least {0} special characters.',
  invalidPasswordNotUsernameMessage: 'Invalid password: must not be equal to the username.',
  invalidPasswordNotContainsUsernameMessage: 'Invalid password: Can not contain the username.',
  invalidPasswordNotEmailMessage: 'Invalid password: must not be equal to the email.',
  invalidPasswordRegexPatternMessage: 'Invalid password: fails to match regex pattern(s).',
  invalidPasswordHistoryMessage: 'Invalid password: must not be equal to any of last {0} passwords.',
  invalidPasswordGenericMessage: "Invalid password: new password doesn't match password policies.",
  invalidPasswordBlacklistedMessage: 'Invalid password: password is blacklisted.',
});

/** The English sentence for a failure, e.g. "Invalid password: minimum length 8."; unknown keys get the generic text. */
export function passwordPolicyMessage(failure: PolicyFailure): string {
  const template = Object.hasOwn(passwordPolicyMessages, failure.key)
    ? passwordPolicyMessages[failure.key]!
    : passwordPolicyMessages.invalidPasswordGenericMessage!;
  return formatMessage(template, failure.params);
}
