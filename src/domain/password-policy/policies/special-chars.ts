import { minCountPolicy } from './shared.ts';

/** `specialChars(n)`: at least n characters that are neither letters nor digits (`!Character.isLetterOrDigit`). */
export const specialCharsPolicy = minCountPolicy('specialChars', 'Special Characters', 'invalidPasswordMinSpecialCharsMessage', (c) => !/[\p{L}\p{Nd}]/u.test(c));
