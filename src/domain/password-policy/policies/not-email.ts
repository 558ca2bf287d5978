import { definePolicy } from '../types.ts';
import { noValue } from './shared.ts';

/** `notEmail`: the password may not equal the email address, ignoring case. */
export const notEmailPolicy = definePolicy({
  id: 'notEmail', displayName: 'Not Email', configType: null, defaultValue: null, multipleSupported: false,
  messageKey: 'invalidPasswordNotEmailMessage',
  parse: noValue,
  check: (_config, password, { email }) =>
    email && email.toLowerCase() === password.toLowerCase() ? { key: 'invalidPasswordNotEmailMessage', params: [] } : undefined,
});
