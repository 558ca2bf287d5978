import { minCountPolicy } from './shared.ts';

/** `digits(n)`: at least n decimal digits (Java's `Character.isDigit`: any Unicode Nd). */
export const digitsPolicy = minCountPolicy('digits', 'Digits', 'invalidPasswordMinDigitsMessage', (c) => /\p{Nd}/u.test(c));
