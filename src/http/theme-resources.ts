import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ThemeType } from '../themes/theme-registry.ts';

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * Theme resources at `/resources/{version}/{type}/{theme}/{path}`, looked up theme → parent →
 * built-in. The version segment changes with each start, so files may be cached for long.
 */
export function themeResourceRoutes(app: FastifyInstance, resolve: (theme: string, type: ThemeType, path: string) => Promise<string | undefined>): void {
  app.get<{ Params: { version: string; type: string; theme: string; '*': string } }>('/resources/:version/:type/:theme/*', async (request, reply) => {
    const { type, theme } = request.params;
    const path = request.params['*'];
    const contentType = types[extname(path).toLowerCase()];
    const file = contentType && ['login', 'account', 'email', 'welcome', 'common'].includes(type) ? await resolve(theme, type as ThemeType, path) : undefined;
    if (!file) return reply.status(404).send({ error: 'not_found', error_description: 'No such resource' });
    return reply
      .type(contentType!)
      .header('Cache-Control', 'public, max-age=2592000, immutable')
      .header('X-Content-Type-Options', 'nosniff')
      .send(createReadStream(file));
  });
}
