import { definePolicy } from '../types.ts';
import { noValue } from './shared.ts';

/** `notUsername`: the password may not equal the username, ignoring case (as current Keycloak compares). */
export const notUsernamePolicy = definePolicy({
  id: 'notUsername', displayName: 'Not Username', configType: null, defaultValue: null, multipleSupported: false,
  messageKey: 'invalidPasswordNotUsernameMessage',
  parse: noValue,
  check: (_config, password, { username }) =>
    username && username.toLowerCase() === password.toLowerCase() ? { key: 'invalidPasswordNotUsernameMessage', params: [] } : undefined,
});
