import type { ProfileValidator } from './validator.ts';
import { boundsProblems, configNumber, eachValue, fieldError } from './validator.ts';

export const MESSAGE_INVALID_NUMBER = 'error-invalid-number';
export const MESSAGE_NUMBER_OUT_OF_RANGE = 'error-number-out-of-range';
export const MESSAGE_NUMBER_OUT_OF_RANGE_TOO_SMALL = 'error-number-out-of-range-too-small';
export const MESSAGE_NUMBER_OUT_OF_RANGE_TOO_BIG = 'error-number-out-of-range-too-big';

/**
 * Keycloak's AbstractNumberValidator, shared by `integer` and `double`: a value that does not
 * parse is `error-invalid-number` [attribute]; one outside the bounds is out-of-range
 * [attribute, min, max], the key naming the configured bound as `length` does.
 */
export function numberRangeValidator(id: string, parse: (value: string) => number | undefined, integer: boolean): ProfileValidator {
  return {
    id,
    validate(values, config, context) {
      const min = configNumber(config, 'min', integer);
      const max = configNumber(config, 'max', integer);
      const rangeKey = max === undefined ? MESSAGE_NUMBER_OUT_OF_RANGE_TOO_SMALL : min === undefined ? MESSAGE_NUMBER_OUT_OF_RANGE_TOO_BIG : MESSAGE_NUMBER_OUT_OF_RANGE;
      return eachValue(values, (value) => {
        const number = parse(value);
        if (number === undefined) return fieldError(MESSAGE_INVALID_NUMBER, context);
        if ((min !== undefined && number < min) || (max !== undefined && number > max)) return fieldError(rangeKey, context, min, max);
        return undefined;
      });
    },
    validateConfig: (config) => boundsProblems(config, integer, false),
  };
}
