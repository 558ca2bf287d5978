/**
 * Keycloak's redirect-URI and web-origin rules. A registered URI matches exactly, or ends in
 * `*` and matches by prefix; a relative one (`/app/*`) is resolved against the client's
 * `rootUrl`; `*` alone allows anything, and is only ever there because an admin put it.
 * Query strings must match exactly unless the pattern's wildcard covers them.
 */
export function resolveRedirectPatterns(registered: readonly string[], rootUrl: string | undefined, authBaseUrl: string): string[] {
  const root = (rootUrl ?? '').replace('${authBaseUrl}', authBaseUrl).replace('${authAdminUrl}', authBaseUrl).replace(/\/+$/, '');
  return registered
    .filter((uri) => typeof uri === 'string' && uri.trim() !== '')
    .map((uri) => (uri.startsWith('/') ? `${root || authBaseUrl}${uri}` : uri));
}

/** Whether `candidate` is allowed by one of the (resolved) patterns. */
export function redirectUriMatches(candidate: string, patterns: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(candidate);
  } catch {
    return false;
  }
  if (parsed.hash) return false;
  const normalized = candidate;
  for (const pattern of patterns) {
    if (pattern === '*') return true;
    if (pattern.endsWith('*')) {
      const prefix = pattern.slice(0, -1);
      if (normalized.startsWith(prefix) && sameOrigin(normalized, prefix)) return true;
      // `https://app/path/*` also allows `https://app/path` itself, as in Keycloak.
      if (prefix.endsWith('/') && normalized === prefix.slice(0, -1)) return true;
    } else if (normalized === pattern) {
      return true;
    }
  }
  return false;
}

/** A prefix pattern must not let `https://app.example.com.evil.test` through `https://app.example.com*`. */
function sameOrigin(candidate: string, prefix: string): boolean {
  try {
    const origin = new URL(prefix.includes('://') && prefix.split('://')[1]!.includes('/') ? prefix : `${prefix}/`).origin;
    return new URL(candidate).origin === origin;
  } catch {
    return false;
  }
}

/**
 * The origins a browser may call the token and userinfo endpoints from: the client's
 * `webOrigins`, where `+` stands for the origins of its redirect URIs and `*` for any.
 */
export function allowedOrigins(webOrigins: readonly string[], redirectPatterns: readonly string[]): string[] {
  const origins = new Set<string>();
  for (const entry of webOrigins) {
    if (entry === '+') {
      for (const pattern of redirectPatterns) {
        try {
          if (pattern !== '*') origins.add(new URL(pattern.replace(/\*$/, '')).origin);
        } catch {
          // a pattern that is no URL has no origin
        }
      }
    } else if (entry.trim() !== '') {
      origins.add(entry.replace(/\/+$/, ''));
    }
  }
  return [...origins];
}

/** Whether a browser origin is allowed by the client's web origins. */
export function originAllowed(origin: string, webOrigins: readonly string[], redirectPatterns: readonly string[]): boolean {
  if (origin === 'null') return false;
  const allowed = allowedOrigins(webOrigins, redirectPatterns);
  return allowed.includes('*') || allowed.includes(origin);
}
