import { definePolicy } from '../types.ts';
import { parseInteger } from './shared.ts';

/** `maxLength(n)`: at most n characters (UTF-16 code units). */
export const maxLengthPolicy = definePolicy({
  id: 'maxLength', displayName: 'Maximum Length', configType: 'int', defaultValue: '64', multipleSupported: false,
  messageKey: 'invalidPasswordMaxLengthMessage',
  parse: (value) => parseInteger(value, 64),
  check: (max, password) => (password.length > max ? { key: 'invalidPasswordMaxLengthMessage', params: [String(max)] } : undefined),
});
