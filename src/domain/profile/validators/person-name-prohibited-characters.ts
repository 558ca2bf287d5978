import type { ProfileValidator } from './validator.ts';
import { eachValue, fieldError } from './validator.ts';

export const MESSAGE_PERSON_NAME_NO_MATCH = 'error-person-name-invalid-character';

// Keycloak's `^[^<>&"\v$%!#?§;*~/\\|^=\[\]{}()\p{Cntrl}]+$`, with Java's `\v` (vertical
// whitespace) and `\p{Cntrl}` (ASCII controls) spelled out.
// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
const PERSON_NAME = /^[^<>&"\n\x0B\f\r\x85\u2028\u2029$%!#?§;*~/\\|^=[\]{}()\x00-\x1F\x7F]+$/u;

/**
 * Keycloak's `person-name-prohibited-characters`: refuses markup, shell and control
 * characters in first, middle and last names. Error `error-person-name-invalid-character`
 * [attribute]; `error-message` replaces the key.
 */
export const personNameProhibitedCharactersValidator: ProfileValidator = {
  id: 'person-name-prohibited-characters',
  validate: (values, _config, context) =>
    eachValue(values, (value) => (PERSON_NAME.test(value) ? undefined : fieldError(MESSAGE_PERSON_NAME_NO_MATCH, context))),
};
