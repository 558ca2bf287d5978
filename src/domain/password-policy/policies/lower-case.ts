import { minCountPolicy } from './shared.ts';

/** `lowerCase(n)`: at least n lower-case letters (Java's `Character.isLowerCase`). */
export const lowerCasePolicy = minCountPolicy('lowerCase', 'Lowercase Characters', 'invalidPasswordMinLowerCaseCharsMessage', (c) => /\p{Lowercase}/u.test(c));
