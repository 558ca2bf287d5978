import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AdminError, adminApiRoutes, authenticate, recordAdminCall, type AdminDeps, type AdminRoute, type Query } from '../admin-api/index.ts';

type AdminRequest = FastifyRequest<{ Params: Record<string, string>; Querystring: Query }>;

/**
 * The URL to route for a request URL: an Admin API path loses its trailing slash, so that
 * `…/users/` finds `…/users`, except where a wildcard takes the slash (`/group-by-path/`).
 */
export function adminPathWithoutTrailingSlash(url: string): string {
  if (!url.startsWith('/admin/')) return url;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  if (path.length <= '/admin/'.length || !path.endsWith('/') || path.endsWith('/group-by-path/')) return url;
  return path.slice(0, -1) + (query === -1 ? '' : url.slice(query));
}

/** The full path of a route: realm routes live under `/admin/realms/:realm`. */
const fullPath = (route: AdminRoute): string => (route.global ? route.path : `/admin/realms/:realm${route.path}`);

/**
 * Keycloak's Admin REST API under `/admin`: every request needs a Bearer token (401
 * otherwise), the target realm must exist (404 `Realm not found.`), and the caller must hold
 * the route's permission there (403). Errors with Keycloak's exact bodies are sent as they
 * are; the rest go to the shared error mapping (`{errorMessage}` for `/admin/` paths).
 */
export async function adminRoutes(app: FastifyInstance, deps: AdminDeps, baseUrl: (request: FastifyRequest) => string): Promise<void> {
  await app.register(async (scope) => {
    // Credential labels and localization texts come as text/plain; another route set may have registered it already.
    if (!scope.hasContentTypeParser('text/plain')) scope.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    // One route each: a trailing slash (`/admin/realms/`, `…/users/`, as the admin client asks
    // for collections) is taken off before routing (adminPathWithoutTrailingSlash), and no HEAD
    // twin is made. Registering fewer routes makes the server ready sooner.
    for (const route of adminApiRoutes) {
      scope.route({
        method: route.method,
        url: fullPath(route),
        exposeHeadRoute: false,
        handler: async (request: AdminRequest, reply: FastifyReply) => {
          reply.header('cache-control', 'no-cache');
          try {
            const base = baseUrl(request);
            const caller = await authenticate(deps, request.headers.authorization, base);
            let realm = caller.realm;
            if (!route.global) {
              const found = await deps.store.realms.findByName(request.params.realm ?? '');
              if (!found) throw new AdminError(404, { error: 'Realm not found.' });
              realm = found;
            }
            if (route.permission !== 'none') await caller.require(realm, route.permission);
            const result = await route.handler({ deps, caller, realm, params: request.params, query: request.query ?? {}, body: request.body, baseUrl: base });
            if (route.method !== 'GET') {
              // After the handler's commit: a failure to record is logged, the change stands.
              await recordAdminCall(deps, { route, realmName: realm.name, caller, params: request.params, body: request.body, response: result, ipAddress: request.ip ?? null })
                .catch((error: unknown) => request.log.error({ err: error }, 'could not record an admin event'));
            }
            if (result.location) reply.header('location', result.location);
            if (result.body === undefined) return reply.status(result.status).send();
            if (result.contentType && typeof result.body === 'string') return reply.status(result.status).type(result.contentType).send(result.body);
            return reply.status(result.status).type('application/json').send(JSON.stringify(result.body));
          } catch (error) {
            if (error instanceof AdminError) return reply.status(error.status).type('application/json').send(JSON.stringify(error.body));
            throw error;
          }
        },
      });
    }
  });
}
