import type { FastifyRequest } from 'fastify';

/** `for=192.0.2.60`, `for="[2001:db8::1]:4711"`, `for=192.0.2.60:8080` → the address alone. */
function forwardedFor(header: string): string | undefined {
  const first = header.split(',')[0] ?? '';
  for (const pair of first.split(';')) {
    const [name, ...rest] = pair.split('=');
    if (name?.trim().toLowerCase() !== 'for') continue;
    let value = rest.join('=').trim().replace(/^"|"$/g, '');
    if (value.startsWith('[')) value = value.slice(1, value.indexOf(']'));
    else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
    return value || undefined;
  }
  return undefined;
}

/**
 * The client's address: the socket's, unless `--proxy-headers` says a proxy in front sets
 * them — then RFC 7239 `Forwarded` (`forwarded`) or `X-Forwarded-For` (`xforwarded`, which
 * Fastify reads when it trusts the proxy). Without that option a client cannot pick its own
 * address, and so cannot dodge a rate limit by sending a header.
 */
export function clientIp(request: FastifyRequest, proxyHeaders: string | undefined): string | null {
  if (proxyHeaders === 'forwarded') {
    const header = request.headers.forwarded;
    const value = typeof header === 'string' ? forwardedFor(header) : undefined;
    return value ?? request.socket.remoteAddress ?? null;
  }
  if (proxyHeaders === 'xforwarded') return request.ip ?? null;
  return request.socket.remoteAddress ?? request.ip ?? null;
}
