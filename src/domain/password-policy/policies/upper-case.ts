import { minCountPolicy } from './shared.ts';

/** `upperCase(n)`: at least n upper-case letters (Java's `Character.isUpperCase`). */
export const upperCasePolicy = minCountPolicy('upperCase', 'Uppercase Characters', 'invalidPasswordMinUpperCaseCharsMessage', (c) => /\p{Uppercase}/u.test(c));
