import type { ProfileValidator } from './validator.ts';
import { configNumber, fieldError } from './validator.ts';

export const MESSAGE_INVALID_MULTIVALUED_SIZE = 'error-invalid-multivalued-size';

/**
 * Keycloak's `multivalued` (MultiValueValidator): the number of values must lie within `min`
 * (default 1 when the attribute is required, else 0) and `max`. Error
 * `error-invalid-multivalued-size` [attribute, min, max]. No values at all on a required
 * attribute is left to the required check, so the user sees one message, not two. The engine
 * also applies it with max 1 to every single-valued attribute, as Keycloak does.
 */
export const multivaluedValidator: ProfileValidator = {
  id: 'multivalued',
  validate(values, config, context) {
    const min = configNumber(config, 'min') ?? (context.required ? 1 : 0);
    const max = configNumber(config, 'max');
    const count = values.length;
    if (count === 0 && context.required) return [];
    if (count < min || (max !== undefined && count > max)) return [fieldError(MESSAGE_INVALID_MULTIVALUED_SIZE, context, min, max)];
    return [];
  },
  validateConfig(config) {
    const problems: string[] = [];
    if (config.min !== undefined && configNumber(config, 'min') === undefined) problems.push(`min is not a number: ${String(config.min)}`);
    if (config.max === undefined) problems.push('max is required');
    else if (configNumber(config, 'max') === undefined) problems.push(`max is not a number: ${String(config.max)}`);
    const min = configNumber(config, 'min');
    const max = configNumber(config, 'max');
    if (problems.length === 0 && min !== undefined && max !== undefined && min > max) problems.push('min is greater than max');
    return problems;
  },
};
