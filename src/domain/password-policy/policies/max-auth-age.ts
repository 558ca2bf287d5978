import { definePolicy } from '../types.ts';
import { parseInteger } from './shared.ts';

/** Keycloak's `KC_ACTION_MAX_AGE`: the maximum authentication age without the policy. */
export const DEFAULT_MAX_AUTH_AGE = 300;

/**
 * `maxAuthAge(seconds)` (Keycloak 23+): how old a sign-in may be to change the password
 * without signing in again (see `maxAuthAgeSeconds` in settings.ts). No check on the password.
 */
export const maxAuthAgePolicy = definePolicy({
  id: 'maxAuthAge', displayName: 'Maximum Authentication Age', configType: 'int', defaultValue: String(DEFAULT_MAX_AUTH_AGE), multipleSupported: false,
  parse: (value) => parseInteger(value, DEFAULT_MAX_AUTH_AGE),
});
