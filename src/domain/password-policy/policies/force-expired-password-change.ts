import { definePolicy } from '../types.ts';
import { parseInteger } from './shared.ts';

/**
 * `forceExpiredPasswordChange(days)`: no check on the password itself; at sign-in a password
 * older than `days` days asks for UPDATE_PASSWORD (see `isExpired` in settings.ts).
 * Keycloak declares its configType "String".
 */
export const forceExpiredPasswordChangePolicy = definePolicy({
  id: 'forceExpiredPasswordChange', displayName: 'Expire Password', configType: 'String', defaultValue: '365', multipleSupported: false,
  parse: (value) => parseInteger(value, 365),
});
