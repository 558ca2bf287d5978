import type { ProfileValidator } from './validator.ts';
import { eachValue, fieldError } from './validator.ts';
import { isCalendarDate, MESSAGE_INVALID_DATE } from './iso-date.ts';

interface ShortDateFormat {
  regex: RegExp;
  order: ('day' | 'month' | 'year')[];
}

const formats = new Map<string, ShortDateFormat>();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');

/**
 * The locale's short date format (Java's `DateFormat.SHORT`: 12/31/24 in en-US, 31.12.24 in
 * de), learned from Intl by formatting a known day, so no table of locales is kept here.
 */
function shortDateFormat(locale: string): ShortDateFormat {
  const known = formats.get(locale);
  if (known) return known;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2024, 11, 31)));
  } catch {
    parts = new Intl.DateTimeFormat('en', { dateStyle: 'short', timeZone: 'UTC' }).formatToParts(new Date(Date.UTC(2024, 11, 31)));
  }
  const order: ShortDateFormat['order'] = [];
  let source = '';
  for (const part of parts) {
    if (part.type === 'day' || part.type === 'month' || part.type === 'year') {
      order.push(part.type);
      source += part.type === 'year' ? '(\\d{2}|\\d{4})' : '(\\d{1,2})';
    } else {
      source += escape(part.value);
    }
  }
  const format = { regex: new RegExp(`^${source}$`), order };
  formats.set(locale, format);
  return format;
}

// Java's SimpleDateFormat puts a two-digit year within 80 years before and 20 after today.
function fullYear(digits: string, now = new Date()): number {
  if (digits.length !== 2) return Number(digits);
  const pivot = now.getUTCFullYear() - 80;
  const year = Math.floor(pivot / 100) * 100 + Number(digits);
  return year < pivot ? year + 100 : year;
}

/**
 * Keycloak's `local-date` (LocalDateValidator): the short date format of the user's or realm's
 * locale, not lenient. An invalid date is `error-invalid-date` [attribute].
 */
export const localDateValidator: ProfileValidator = {
  id: 'local-date',
  validate(values, _config, context) {
    const format = shortDateFormat(context.locale ?? 'en');
    return eachValue(values, (value) => {
      const match = format.regex.exec(value);
      if (match) {
        const field = (name: 'day' | 'month' | 'year') => match[format.order.indexOf(name) + 1]!;
        if (isCalendarDate(fullYear(field('year')), Number(field('month')), Number(field('day')))) return undefined;
      }
      return fieldError(MESSAGE_INVALID_DATE, context);
    });
  },
};
