import { compileJavaRegex } from '../java-regex.ts';
import { definePolicy, PolicyConfigError } from '../types.ts';

/** A parsed `regexPattern`: the Java source (Keycloak's message parameter) and its JavaScript form. */
export interface RegexPatternConfig { source: string; regex: RegExp }

/**
 * `regexPattern(java regex)`: the whole password must match, as Java's `matches()` requires.
 * The policy may appear several times; each pattern must match.
 */
export const regexPatternPolicy = definePolicy({
  id: 'regexPattern', displayName: 'Regular Expression', configType: 'String', defaultValue: '', multipleSupported: true,
  messageKey: 'invalidPasswordRegexPatternMessage',
  parse(value): RegexPatternConfig {
    if (value === undefined) throw new PolicyConfigError('Config required');
    // Keycloak's wording, typo included.
    if (value.trim() === '') throw new PolicyConfigError('White space not acepted');
    return { source: value, regex: compileJavaRegex(value) };
  },
  check: ({ source, regex }, password) => (regex.test(password) ? undefined : { key: 'invalidPasswordRegexPatternMessage', params: [source] }),
});
