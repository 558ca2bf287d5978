/**
 * Keycloak's checks of a client's URLs: root and base URL must be URLs, redirect URIs must
 * have no fragment, and none may use the `javascript:` or `data:` scheme. Each problem is
 * Keycloak's English message; an empty list means the client is acceptable.
 */
export function clientUrlProblems(data: Record<string, unknown>): string[] {
  const problems = new Set<string>();
  // Relative URLs are resolved against a stand-in server, as Keycloak does when validating.
  const server = 'https://localhost/auth';
  const rootUrl = typeof data.rootUrl === 'string' && data.rootUrl !== '' ? data.rootUrl.replace('${authBaseUrl}', server).replace('${authAdminUrl}', server) : undefined;
  const check = (value: string, messages: { invalid: string; fragment?: string; scheme: string }, validUrl: boolean): void => {
    if (/^\s*(javascript|data):/i.test(value)) return void problems.add(messages.scheme);
    if (messages.fragment && value.includes('#')) return void problems.add(messages.fragment);
    if (/\s/.test(value)) return void problems.add(messages.invalid);
    if (validUrl && !URL.canParse(value)) problems.add(messages.invalid);
  };
  if (rootUrl) {
    check(rootUrl, { invalid: 'Root URL is not a valid URL', fragment: 'Root URL must not contain an URL fragment', scheme: 'Root URL uses an illegal scheme' }, true);
  }
  if (typeof data.baseUrl === 'string' && data.baseUrl !== '') {
    const base = data.baseUrl.startsWith('/') ? `${server}${data.baseUrl}` : data.baseUrl;
    check(base, { invalid: 'Base URL is not a valid URL', scheme: 'Base URL uses an illegal scheme' }, true);
  }
  const redirects = Array.isArray(data.redirectUris) ? data.redirectUris : [];
  for (const uri of redirects) {
    if (typeof uri !== 'string' || uri === '') continue;
    const resolved = uri.startsWith('/') ? `${rootUrl ?? server}${uri}` : uri;
    check(resolved, { invalid: 'A redirect URI is not a valid URI', fragment: 'Redirect URIs must not contain an URI fragment', scheme: 'A redirect URI uses an illegal scheme' }, false);
  }
  return [...problems];
}
