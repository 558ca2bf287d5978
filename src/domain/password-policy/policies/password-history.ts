import { definePolicy, type CheckRun } from '../types.ts';
import { parseInteger, passwordsByAge } from './shared.ts';

/**
 * `passwordHistory(n)`: the new password may not be the current one nor any of the n−1 most
 * recent replaced ones (`password-history` credentials). As in Keycloak, 0 still refuses the
 * current password, and -1 switches the check off.
 */
export const passwordHistoryPolicy = definePolicy({
  id: 'passwordHistory', displayName: 'Not Recently Used', configType: 'int', defaultValue: '3', multipleSupported: false,
  messageKey: 'invalidPasswordHistoryMessage',
  parse: (value) => parseInteger(value, 3),
  async check(n, _password, run: CheckRun) {
    if (n === -1) return undefined;
    const { current, past } = passwordsByAge(run.history);
    for (const entry of [...current, ...past.slice(0, Math.max(0, n - 1))]) {
      if (await run.matches(entry)) return { key: 'invalidPasswordHistoryMessage', params: [String(n)] };
    }
    return undefined;
  },
});
