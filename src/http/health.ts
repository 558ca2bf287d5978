import type { FastifyInstance } from 'fastify';

/**
 * Keycloak's health endpoints. `live` answers while the process serves requests; `ready`
 * also asks the database, and says DOWN with a 503 while it does not answer or a migration
 * is missing, so that a load balancer sends no traffic to the node.
 */
export function healthRoutes(app: FastifyInstance, isReady: () => Promise<boolean>): void {
  app.get('/health', async () => ({ status: 'UP', checks: [] }));
  app.get('/health/live', async () => ({ status: 'UP', checks: [] }));
  app.get('/health/started', async () => ({ status: 'UP', checks: [] }));
  app.get('/health/ready', async (_request, reply) => {
    const up = await isReady();
    const body = { status: up ? 'UP' : 'DOWN', checks: [{ name: 'Keycloak database connections async health check', status: up ? 'UP' : 'DOWN' }] };
    return reply.status(up ? 200 : 503).send(body);
  });
}
