import type { ProfileValidator } from './validator.ts';
import { fieldError } from './validator.ts';
import { MESSAGE_USERNAME_NO_MATCH } from './username-prohibited-characters.ts';

// Latin and Common-script characters only: Keycloak's help text for this validator says "only
// latin characters and common unicode characters", which is Java's `[\p{IsLatin}\p{IsCommon}]`.
// Its Validation.isUsernameValid could not be read from the source index, so the pattern is
// inferred from that description. Values are NFC-normalised first so that a decomposed "é"
// passes as its composed form would; a stray combining mark (Inherited script) still fails.
const LATIN_OR_COMMON = /^[\p{Script=Latin}\p{Script=Common}]+$/u;

/**
 * Keycloak's `up-username-not-idn-homograph`: refuses usernames mixing in letters from scripts
 * that imitate Latin ones (`pаypal` with a Cyrillic а). Like Keycloak it checks the first value
 * only. Error `error-username-invalid-character` [attribute]; `error-message` replaces the key.
 */
export const usernameNotIdnHomographValidator: ProfileValidator = {
  id: 'up-username-not-idn-homograph',
  validate(values, _config, context) {
    const value = values[0];
    if (value === undefined || LATIN_OR_COMMON.test(value.normalize('NFC'))) return [];
    return [fieldError(MESSAGE_USERNAME_NO_MATCH, context)];
  },
};
