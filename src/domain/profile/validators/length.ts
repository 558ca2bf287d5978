import type { ProfileValidator } from './validator.ts';
import { boundsProblems, configBoolean, configNumber, eachValue, fieldError } from './validator.ts';

export const MESSAGE_INVALID_LENGTH = 'error-invalid-length';
export const MESSAGE_INVALID_LENGTH_TOO_SHORT = 'error-invalid-length-too-short';
export const MESSAGE_INVALID_LENGTH_TOO_LONG = 'error-invalid-length-too-long';

/**
 * Keycloak's `length` (LengthValidator): `min`, `max`, `trim-disabled`. The key names the
 * configured bound — too-short when only `min` is set, too-long when only `max` — and the
 * parameters are always [attribute, min, max], an absent bound left empty.
 */
export const lengthValidator: ProfileValidator = {
  id: 'length',
  validate(values, config, context) {
    const min = configNumber(config, 'min');
    const max = configNumber(config, 'max');
    const trim = !configBoolean(config, 'trim-disabled', false);
    const key = max === undefined ? MESSAGE_INVALID_LENGTH_TOO_SHORT : min === undefined ? MESSAGE_INVALID_LENGTH_TOO_LONG : MESSAGE_INVALID_LENGTH;
    return eachValue(values, (raw) => {
      const length = (trim ? raw.trim() : raw).length;
      if ((min !== undefined && length < min) || (max !== undefined && length > max)) return fieldError(key, context, min, max);
      return undefined;
    });
  },
  validateConfig(config) {
    const problems = boundsProblems(config, true, true);
    const trim = config['trim-disabled'];
    if (trim !== undefined && typeof trim !== 'boolean' && trim !== 'true' && trim !== 'false') problems.push(`trim-disabled is not a boolean: ${String(trim)}`);
    return problems;
  },
};
