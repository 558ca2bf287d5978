import type { FastifyInstance, FastifyRequest } from 'fastify';
import { realmPublicInfo } from '../protocol/oidc/realm-info.ts';
import type { Store } from '../storage/ports.ts';

/** Routes under `/realms/{realm}` that need no protocol engine. */
export function realmRoutes(app: FastifyInstance, store: Store, baseUrl: (request: FastifyRequest) => string): void {
  app.get<{ Params: { realm: string } }>('/realms/:realm', async (request, reply) => {
    const info = await realmPublicInfo(store, request.params.realm, baseUrl(request));
    if (!info) return reply.status(404).send({ error: 'Realm does not exist' });
    return info;
  });
}
