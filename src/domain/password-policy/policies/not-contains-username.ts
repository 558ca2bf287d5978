import { definePolicy } from '../types.ts';
import { noValue } from './shared.ts';

/** `notContainsUsername` (Keycloak 25+): the password may not contain the username, ignoring case. */
export const notContainsUsernamePolicy = definePolicy({
  id: 'notContainsUsername', displayName: 'Not Contains Username', configType: null, defaultValue: null, multipleSupported: false,
  messageKey: 'invalidPasswordNotContainsUsernameMessage',
  parse: noValue,
  check: (_config, password, { username }) =>
    username && password.toLowerCase().includes(username.toLowerCase())
      ? { key: 'invalidPasswordNotContainsUsernameMessage', params: [] } : undefined,
});
