import type { FastifyRequest } from 'fastify';

/**
 * The public base URL (scheme://host[:port]) that issuers and links are built from: the
 * configured hostname when there is one, else what the request says — which includes the
 * forwarded headers only when `--proxy-headers` trusts them (Fastify's trustProxy).
 */
export function baseUrlResolver(hostname: string | undefined): (request: FastifyRequest) => string {
  if (hostname) {
    const fixed = /^https?:\/\//.test(hostname) ? hostname.replace(/\/+$/, '') : `https://${hostname}`;
    return () => fixed;
  }
  return (request) => `${request.protocol}://${request.host}`;
}
