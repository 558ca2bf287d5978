/** The domain of an address, lower-cased; empty when there is none. */
export function emailDomain(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
}

/** A list as an admin writes it in a realm attribute: separated by commas, spaces or new lines. */
export function parseDomainList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  return value
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Whether `domain` is on the list: an entry `example.com` matches that domain only,
 * `*.example.com` matches its subdomains (not `example.com` itself).
 */
export function domainListed(domain: string, list: readonly string[]): boolean {
  return list.some((entry) => (entry.startsWith('*.') ? domain.endsWith(entry.slice(1)) && domain.length > entry.length - 1 : domain === entry));
}
