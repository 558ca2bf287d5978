import type { ProfileValidator } from './validator.ts';
import { eachValue, fieldError } from './validator.ts';

export const MESSAGE_USERNAME_NO_MATCH = 'error-username-invalid-character';

// Keycloak's `^[^<>&"'\s\v\h$%!#?§,;:*~/\\|^=\[\]{}()`\p{Cntrl}]+$`, with Java's `\s`, `\v`
// (vertical) and `\h` (horizontal whitespace) and `\p{Cntrl}` spelled out. Letters in any
// script, digits and `.`, `_`, `-`, `@`, `+` pass.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
const USERNAME = /^[^<>&"' \t\n\x0B\f\r\x85\u2028\u2029\xA0\u1680\u180E\u2000-\u200A\u202F\u205F\u3000$%!#?§,;:*~/\\|^=[\]{}()`\x00-\x1F\x7F]+$/u;

/**
 * Keycloak's `username-prohibited-characters`. Error `error-username-invalid-character`
 * [attribute]; `error-message` replaces the key. The engine skips it when the realm uses the
 * email as username, since the email validator then decides.
 */
export const usernameProhibitedCharactersValidator: ProfileValidator = {
  id: 'username-prohibited-characters',
  validate: (values, _config, context) =>
    eachValue(values, (value) => (USERNAME.test(value) ? undefined : fieldError(MESSAGE_USERNAME_NO_MATCH, context))),
};
