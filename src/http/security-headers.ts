import type { FastifyReply } from 'fastify';
import type { RealmRecord } from '../storage/ports.ts';

const defaults: Record<string, string> = {
  contentSecurityPolicy: "frame-src 'self'; frame-ancestors 'self'; object-src 'none';",
  xContentTypeOptions: 'nosniff',
  xRobotsTag: 'none',
  xFrameOptions: 'SAMEORIGIN',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
};

const headerNames: Record<string, string> = {
  contentSecurityPolicy: 'Content-Security-Policy',
  contentSecurityPolicyReportOnly: 'Content-Security-Policy-Report-Only',
  xContentTypeOptions: 'X-Content-Type-Options',
  xRobotsTag: 'X-Robots-Tag',
  xFrameOptions: 'X-Frame-Options',
  referrerPolicy: 'Referrer-Policy',
  strictTransportSecurity: 'Strict-Transport-Security',
};

/**
 * The realm's `browserSecurityHeaders` (Keycloak's defaults where unset) on a page, and no
 * caching: sign-in pages carry per-journey tokens. HSTS only outside dev mode, where there is TLS.
 */
export function applyPageHeaders(reply: FastifyReply, realm: RealmRecord | undefined, devMode: boolean): void {
  for (const [header, value] of pageHeaders(realm, devMode)) reply.header(header, value);
}

/** The same headers on a raw response, for pages the OIDC engine writes itself (its error pages). */
export function applyRawPageHeaders(res: { setHeader(name: string, value: string): unknown }, realm: RealmRecord | undefined, devMode: boolean): void {
  for (const [header, value] of pageHeaders(realm, devMode)) res.setHeader(header, value);
}

function pageHeaders(realm: RealmRecord | undefined, devMode: boolean): [string, string][] {
  const configured = (realm?.settings.browserSecurityHeaders ?? {}) as Record<string, string>;
  const headers: [string, string][] = [];
  for (const [key, header] of Object.entries(headerNames)) {
    const value = configured[key] ?? defaults[key];
    if (!value) continue;
    if (key === 'strictTransportSecurity' && devMode) continue;
    headers.push([header, value]);
  }
  headers.push(['Cache-Control', 'no-store, must-revalidate, max-age=0']);
  return headers;
}
