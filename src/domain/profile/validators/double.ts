import { numberRangeValidator } from './number-range.ts';

// The decimal forms Java's Double.parseDouble accepts that people type: 3, -2.5, .5, 1e-3.
// Java's hexadecimal and `NaN`/`Infinity` spellings are refused: no one means them in a form.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseDouble(value: string): number | undefined {
  if (!DECIMAL.test(value)) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** Keycloak's `double` validator: `min`, `max`. */
export const doubleValidator = numberRangeValidator('double', parseDouble, false);
