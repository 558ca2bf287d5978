import type { ProfileValidator } from './validator.ts';
import { eachValue, fieldError } from './validator.ts';

export const MESSAGE_INVALID_DATE = 'error-invalid-date';

/** Whether year/month/day name a real calendar day (no 31 April, 29 February only in leap years). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Java's ISO_LOCAL_DATE: four-digit years, longer ones only with a sign.
const ISO_DATE = /^([+-]\d{5,9}|\d{4})-(\d{2})-(\d{2})$/;

/**
 * Keycloak's `iso-date` (IsoDateValidator): `yyyy-MM-dd`, what an `html5-date` input posts,
 * resolved strictly. An invalid date is `error-invalid-date` [attribute, value].
 */
export const isoDateValidator: ProfileValidator = {
  id: 'iso-date',
  validate(values, _config, context) {
    return eachValue(values, (value) => {
      const match = ISO_DATE.exec(value);
      if (match && isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return undefined;
      return fieldError(MESSAGE_INVALID_DATE, context, value);
    });
  },
};
