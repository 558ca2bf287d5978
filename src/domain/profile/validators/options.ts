import type { ProfileValidator } from './validator.ts';
import { configStrings, eachValue, fieldError } from './validator.ts';

/** Keycloak's generic ValidationError.MESSAGE_INVALID_VALUE. */
export const MESSAGE_INVALID_VALUE = 'error-invalid-value';

/**
 * Keycloak's `options` (OptionsValidator): every value must be one of `options`. Error
 * `error-invalid-value` [attribute]. The `inputOptionsFromValidation` annotation points a
 * select input at this list.
 */
export const optionsValidator: ProfileValidator = {
  id: 'options',
  validate(values, config, context) {
    const allowed = configStrings(config, 'options') ?? [];
    return eachValue(values, (value) => (allowed.includes(value) ? undefined : fieldError(MESSAGE_INVALID_VALUE, context)));
  },
  validateConfig(config) {
    if (config.options === undefined) return ['options is required'];
    return Array.isArray(config.options) ? [] : ['options must be a list of values'];
  },
};
