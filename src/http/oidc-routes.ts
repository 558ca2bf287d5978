import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifiedTokenId } from '../protocol/oidc/access-token-jwt.ts';
import type { ProviderRegistry } from '../protocol/oidc/provider-registry.ts';
import { requestHints } from '../protocol/oidc/request-hints.ts';

type RealmRequest = FastifyRequest<{ Params: { realm: string } }>;

/**
 * Hands the realm's OpenID Connect endpoints to its engine. The request body is left unread
 * (the engine parses it itself), and the engine sees the path below `/realms/{realm}` while
 * it builds every URL from its issuer.
 */
export async function oidcRoutes(app: FastifyInstance, registry: ProviderRegistry, baseUrl: (request: FastifyRequest) => string): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));

    /** Endpoints that take a token by value, which the engine would refuse in its JWT form. */
    const byValue = /\/protocol\/openid-connect\/(token\/introspect|revoke)$/;

    const handle = async (request: RealmRequest, reply: FastifyReply) => {
      const engine = await registry.get(request.params.realm, baseUrl(request));
      if (!engine) return reply.status(404).send({ error: 'Realm does not exist' });
      reply.hijack();
      const raw = request.raw as typeof request.raw & { originalUrl?: string };
      const prefix = `/realms/${encodeURIComponent(engine.realm.name)}`;
      const url = raw.url ?? '';
      raw.originalUrl = url;
      raw.url = url.startsWith(prefix) ? url.slice(prefix.length) || '/' : url;
      const basicAuth = /^basic /i.test(request.headers.authorization ?? '');
      let forEngine: IncomingMessage = raw;
      if (request.method === 'POST' && byValue.test(raw.url.split('?')[0] ?? '')) {
        forEngine = await withTokenIdInBody(raw, (value) => verifiedTokenId(engine.snapshot, value));
      }
      await requestHints.run({ basicAuth }, () => engine.provider.callback()(forEngine, reply.raw));
    };

    for (const path of ['/realms/:realm/protocol/openid-connect/*', '/realms/:realm/.well-known/openid-configuration']) {
      scope.route({ method: ['GET', 'POST', 'OPTIONS', 'DELETE'], url: path, handler: handle });
    }
  });
}

/**
 * Keycloak introspects and revokes its JWT access tokens; the engine only knows them by their
 * stored id. The form body is read here, a realm-signed JWT in `token` is replaced by its id,
 * and the engine takes the rewritten body from `req.body` (its documented fallback for a
 * body that was already read).
 */
async function withTokenIdInBody(raw: IncomingMessage, tokenId: (value: string) => Promise<string | undefined>): Promise<IncomingMessage> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > 65_536) break;
    chunks.push(chunk as Buffer);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  const token = form.get('token');
  if (token && token.split('.').length === 3) form.set('token', (await tokenId(token)) ?? 'unknown-token');
  return Object.assign(raw, { body: form.toString() });
}
