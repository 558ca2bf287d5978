import { definePolicy } from '../types.ts';
import { parseInteger } from './shared.ts';

/** `length(n)`: at least n characters (UTF-16 code units, as Java counts them). */
export const lengthPolicy = definePolicy({
  id: 'length', displayName: 'Minimum Length', configType: 'int', defaultValue: '8', multipleSupported: false,
  messageKey: 'invalidPasswordMinLengthMessage',
  parse: (value) => parseInteger(value, 8),
  check: (min, password) => (password.length < min ? { key: 'invalidPasswordMinLengthMessage', params: [String(min)] } : undefined),
});
