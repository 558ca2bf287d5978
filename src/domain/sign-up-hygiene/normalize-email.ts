/** Providers that ignore dots in the local part and know two domain names. */
const dotless = new Map([
  ['gmail.com', 'gmail.com'],
  ['googlemail.com', 'gmail.com'],
]);

/**
 * The form two addresses share when they reach the same mailbox, for uniqueness checks only
 * (the address itself is stored as typed): lower-cased, `+tag` removed, and for Gmail the
 * dots removed and `googlemail.com` read as `gmail.com`.
 */
export function normalizeEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return email.trim().toLowerCase();
  let local = email.slice(0, at).trim().toLowerCase();
  let domain = email.slice(at + 1).trim().toLowerCase();
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const canonical = dotless.get(domain);
  if (canonical) {
    domain = canonical;
    local = local.replace(/\./g, '');
  }
  return `${local}@${domain}`;
}
