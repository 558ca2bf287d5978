import { numberRangeValidator } from './number-range.ts';

// Java's Long.parseLong: an optional sign and decimal digits, nothing else (no spaces, no `1e3`).
const INTEGER = /^[+-]?\d+$/;

function parseInteger(value: string): number | undefined {
  if (!INTEGER.test(value)) return undefined;
  const number = Number(value);
  // Beyond a long Keycloak fails to parse; beyond 2^53 we could not compare exactly anyway.
  return Number.isSafeInteger(number) ? number : undefined;
}

/** Keycloak's `integer` validator: `min`, `max`. */
export const integerValidator = numberRangeValidator('integer', parseInteger, true);
