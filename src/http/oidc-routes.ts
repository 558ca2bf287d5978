import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifiedTokenId } from '../protocol/oidc/access-token-jwt.ts';
import type { ProviderRegistry } from '../protocol/oidc/provider-registry.ts';
import { newRequestHints, requestHints } from '../protocol/oidc/request-hints.ts';
import type { RateLimits } from '../domain/rate-limits/rate-limits.ts';
import { clientIp } from './client-ip.ts';
import { applyRawPageHeaders } from './security-headers.ts';

type RealmRequest = FastifyRequest<{ Params: { realm: string } }>;

/**
 * Hands the realm's OpenID Connect endpoints to its engine. The request body is left unread
 * (the engine parses it itself), and the engine sees the path below `/realms/{realm}` while
 * it builds every URL from its issuer.
 */
export async function oidcRoutes(
  app: FastifyInstance,
  registry: ProviderRegistry,
  baseUrl: (request: FastifyRequest) => string,
  limits: { rateLimits?: RateLimits; proxyHeaders?: string; devMode?: boolean } = {},
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    const tokenEndpoint = /\/protocol\/openid-connect\/token$/;
    const browserEndpoint = /\/protocol\/openid-connect\/(auth|logout)(\/.*)?$/;
    /** Endpoints that take a token by value, which the engine would refuse in its JWT form. */
    const byValue = /\/protocol\/openid-connect\/(token\/introspect|revoke)$/;

    const handle = async (request: RealmRequest, reply: FastifyReply) => {
      const engine = await registry.get(request.params.realm, baseUrl(request));
      if (!engine) return reply.status(404).send({ error: 'Realm does not exist' });
      if (limits.rateLimits && request.method === 'POST' && tokenEndpoint.test(request.url.split('?')[0] ?? '')) {
        const verdict = await limits.rateLimits.consume('token', engine.realm, clientIp(request, limits.proxyHeaders));
        if (!verdict.allowed) {
          // OAuth's error for a server that cannot take the request now; Retry-After says when it can.
          return reply
            .status(429)
            .header('retry-after', String(verdict.retryAfterSeconds))
            .header('cache-control', 'no-store')
            .send({ error: 'temporarily_unavailable', error_description: 'Too many requests; retry later' });
        }
      }
      reply.hijack();
      // Pages the engine writes itself (its error pages at the authorization and logout endpoints) get the realm's headers too.
      if (browserEndpoint.test(request.url.split('?')[0] ?? '')) applyRawPageHeaders(reply.raw, engine.realm, limits.devMode ?? false);
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      const prefix = `/realms/${encodeURIComponent(engine.realm.name)}`;
      const url = raw.url ?? '';
      raw.originalUrl = url;
      raw.url = url.startsWith(prefix) ? url.slice(prefix.length) || '/' : url;
      const basicAuth = /^basic /i.test(request.headers.authorization ?? '');
      let forEngine: IncomingMessage = raw;
      const path = raw.url.split('?')[0] ?? '';
      const takesTokenValue = byValue.test(path);
      // keycloak-connect sends the secret twice (header and body); Keycloak accepts that, the engine would not.
      const secretTwice = basicAuth && /\/protocol\/openid-connect\/token(\/introspect)?$|\/revoke$/.test(path);
      if (request.method === 'POST' && (takesTokenValue || secretTwice)) {
        forEngine = await rewrittenForm(raw, {
          tokenId: takesTokenValue ? (value) => verifiedTokenId(engine.snapshot, value) : undefined,
          dropBodySecret: secretTwice,
        });
      }
      await requestHints.run(newRequestHints(basicAuth), () => engine.provider.callback()(forEngine, reply.raw));
    };

    for (const path of ['/realms/:realm/protocol/openid-connect/*', '/realms/:realm/.well-known/openid-configuration']) {
      scope.route({ method: ['GET', 'POST', 'OPTIONS', 'DELETE'], url: path, handler: handle });
    }
  });
}

/**
 * The form body, read here and handed to the engine through `req.body` (its documented
 * fallback for a body that was already read), rewritten where Keycloak and the engine differ:
 * Keycloak introspects and revokes its JWT access tokens, which the engine knows only by their
 * stored id; and Keycloak accepts a client secret sent both in the header and in the body.
 */
async function rewrittenForm(
  raw: IncomingMessage,
  rules: { tokenId?: (value: string) => Promise<string | undefined>; dropBodySecret: boolean },
): Promise<IncomingMessage> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > 65_536) break;
    chunks.push(chunk as Buffer);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const token = form.get('token');
  if (rules.tokenId && token && token.split('.').length === 3) form.set('token', (await rules.tokenId(token)) ?? 'unknown-token');
  if (rules.dropBodySecret) form.delete('client_secret');
  return Object.assign(raw, { body: form.toString() });
}
