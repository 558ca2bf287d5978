import { domainToASCII } from 'node:url';
import type { ProfileValidator } from './validator.ts';
import { configNumber, eachValue, fieldError } from './validator.ts';

export const MESSAGE_INVALID_EMAIL = 'error-invalid-email';
/** Keycloak's default for `max-local-length`. */
export const MAX_LOCAL_PART_LENGTH = 64;

// Keycloak's EmailValidationUtil (itself from Hibernate Validator): dot-separated atoms or
// quoted strings before the last `@`, non-ASCII letters allowed on both sides.
const ATOM = "[a-z0-9!#$%&'*+/=?^_`{|}~\\u0080-\\uFFFF-]";
const QUOTED = '(?:[a-z0-9!#$%&\'*.(),<>\\[\\]:;  @+/=?^_`{|}~\\u0080-\\uFFFF-]|\\\\\\\\|\\\\")';
const LOCAL_PART = new RegExp(`^(?:${ATOM}+|"${QUOTED}+")(?:\\.(?:${ATOM}+|"${QUOTED}+"))*$`, 'i');
const DOMAIN_CHAR = "[a-z\\u0080-\\uFFFF0-9!#$%&'*+/=?^`{|}~]";
// Keycloak's label is `(?:C-*)*C+` (then possessive `++` in Java): inner dashes, none at either
// end. Written unambiguously here, since the nested form backtracks exponentially in JavaScript.
const LABEL = `${DOMAIN_CHAR}+(?:-+${DOMAIN_CHAR}+)*`;
const IPV4 = '\\[[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\]';
const IPV6 = '\\[IPv6:[0-9a-f:.]+\\]';
const DOMAIN = new RegExp(`^(?:${LABEL}(?:\\.${LABEL})*|${IPV4}|${IPV6})$`, 'i');
const MAX_DOMAIN_LENGTH = 255;

/** Whether `value` is an address Keycloak's email validator accepts. */
export function isValidEmail(value: string, maxLocalLength = MAX_LOCAL_PART_LENGTH): boolean {
  const at = value.lastIndexOf('@');
  if (at < 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (local.length > maxLocalLength || !LOCAL_PART.test(local)) return false;
  if (domain.endsWith('.') || !DOMAIN.test(domain)) return false;
  // Keycloak measures the domain after IDN conversion, as DNS will see it.
  const ascii = [...domain].every((c) => c.charCodeAt(0) < 0x80) ? domain : domainToASCII(domain);
  return ascii !== '' && ascii.length <= MAX_DOMAIN_LENGTH;
}

/**
 * Keycloak's `email` (EmailValidator): `max-local-length` (default 64). An invalid address is
 * `error-invalid-email` [attribute, value].
 */
export const emailValidator: ProfileValidator = {
  id: 'email',
  validate(values, config, context) {
    const max = configNumber(config, 'max-local-length') ?? MAX_LOCAL_PART_LENGTH;
    return eachValue(values, (value) => (isValidEmail(value, max) ? undefined : fieldError(MESSAGE_INVALID_EMAIL, context, value)));
  },
  validateConfig(config) {
    if (config['max-local-length'] === undefined) return [];
    const max = configNumber(config, 'max-local-length');
    return max === undefined || max <= 0 ? [`max-local-length is not a positive number: ${String(config['max-local-length'])}`] : [];
  },
};
