import type { ProfileValidator } from './validator.ts';
import { eachValue, fieldError } from './validator.ts';

export const MESSAGE_NO_MATCH = 'error-pattern-no-match';

const compiled = new Map<string, RegExp | null>();

/**
 * Compiles a Java regular expression for a whole-value match (Java's `Matcher.matches()`).
 * Leading inline flags such as `(?i)` become JavaScript flags; the Unicode flag is tried first
 * so that `\p{L}` works, then dropped for patterns only legacy mode accepts (Java allows
 * escapes like `\'` that Unicode mode rejects). Null when the pattern compiles in neither.
 */
export function compileJavaPattern(pattern: string): RegExp | null {
  const cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  const inline = /^\(\?([imsu]+)\)/.exec(pattern);
  const flags = inline ? [...new Set(inline[1]!.replace('u', ''))].join('') : '';
  const body = inline ? pattern.slice(inline[0].length) : pattern;
  let regex: RegExp | null = null;
  for (const extra of ['u', '']) {
    try {
      regex = new RegExp(`^(?:${body})$`, flags + extra);
      break;
    } catch {
      // try the next mode
    }
  }
  compiled.set(pattern, regex);
  return regex;
}

/**
 * Keycloak's `pattern` (PatternValidator): `pattern`, `error-message`. A value that does not
 * match is `error-pattern-no-match` [attribute, pattern]; `error-message` replaces the key
 * (applied by the registry for every validator).
 */
export const patternValidator: ProfileValidator = {
  id: 'pattern',
  validate(values, config, context) {
    const pattern = typeof config.pattern === 'string' ? config.pattern : '';
    const regex = compileJavaPattern(pattern);
    return eachValue(values, (value) => (regex?.test(value) ? undefined : fieldError(MESSAGE_NO_MATCH, context, pattern)));
  },
  validateConfig(config) {
    if (typeof config.pattern !== 'string') return ['pattern is required'];
    return compileJavaPattern(config.pattern) ? [] : [`pattern is not a valid regular expression: ${config.pattern}`];
  },
};
