import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Store } from '../storage/ports.ts';
import { baseUrlResolver } from './base-url.ts';
import { installErrorMapping } from './errors.ts';
import { healthRoutes } from './health.ts';
import { realmRoutes } from './realm-routes.ts';

export interface ServerOptions {
  store: Store;
  devMode: boolean;
  logLevel: string;
  hostname?: string;
  /** `forwarded` or `xforwarded`: trust the proxy's headers for scheme, host and client address. */
  proxyHeaders?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** Where log lines go; standard output when absent. */
  logStream?: NodeJS.WritableStream;
}

/** Builds the HTTP server with every surface mounted; the caller decides where it listens. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      // Never a credential in a log line, whatever a handler logs.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    trustProxy: options.proxyHeaders !== undefined,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // One line per request would double the log volume under load; errors are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
  });
  installErrorMapping(app);
  healthRoutes(app, () => options.store.ready());
  realmRoutes(app, options.store, baseUrlResolver(options.hostname));
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gatehouse</title></head><body><h1>Gatehouse</h1><p>The identity server is running. Realm endpoints live under <code>/realms/{realm}</code>.</p></body></html>'),
  );
  return app;
}
