import { definePolicy, type CheckRun } from '../types.ts';
import { DAY_MS, parseInteger, passwordsByAge } from './shared.ts';

/**
 * `passwordAge(days)` (Keycloak 26): refuses the current password, and any replaced password
 * whose credential was created within the last `days` days. Keycloak answers with its generic
 * message, passing the day count as parameter.
 */
export const passwordAgePolicy = definePolicy({
  id: 'passwordAge', displayName: 'Not Recently Used (In Days)', configType: 'int', defaultValue: '30', multipleSupported: false,
  messageKey: 'invalidPasswordGenericMessage',
  parse: (value) => parseInteger(value, 30),
  async check(days, _password, run: CheckRun) {
    if (days === -1) return undefined;
    const { current, past } = passwordsByAge(run.history);
    const since = run.now - days * DAY_MS;
    const recent = days > 0 ? past.filter((entry) => entry.createdDate > since) : [];
    for (const entry of [...current, ...recent]) {
      if (await run.matches(entry)) return { key: 'invalidPasswordGenericMessage', params: [String(days)] };
    }
    return undefined;
  },
});
