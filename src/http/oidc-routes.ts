import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
      await requestHints.run({ basicAuth }, () => engine.provider.callback()(raw, reply.raw));
    };

    for (const path of ['/realms/:realm/protocol/openid-connect/*', '/realms/:realm/.well-known/openid-configuration']) {
      scope.route({ method: ['GET', 'POST', 'OPTIONS', 'DELETE'], url: path, handler: handle });
    }
  });
}
