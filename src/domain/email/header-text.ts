/**
 * Makes text safe for one header line (a subject, a display name): every line break and
 * other control character becomes a space, so that a user's name or a translated subject
 * can never start a header of its own (`Bcc:` injection), and runs of spaces collapse.
 */
export function headerText(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/gu, ' ').replace(/ {2,}/g, ' ').trim();
}
