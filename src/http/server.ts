import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { LoginActionDeps } from '../protocol/login-actions/authenticate.ts';
import type { ProviderRegistry } from '../protocol/oidc/provider-registry.ts';
import type { ThemeType } from '../themes/theme-registry.ts';
import type { Store } from '../storage/ports.ts';
import type { RateLimits } from '../domain/rate-limits/rate-limits.ts';
import { baseUrlResolver } from './base-url.ts';
import { installErrorMapping } from './errors.ts';
import { applyPageHeaders } from './security-headers.ts';
import { healthRoutes } from './health.ts';
import { accountRoutes } from './account-routes.ts';
import { adminPathWithoutTrailingSlash, adminRoutes } from './admin-routes.ts';
import { loginActionsRoutes } from './login-actions-routes.ts';
import { themeResourceRoutes } from './theme-resources.ts';
import { devMailRoutes } from './dev-mail-routes.ts';
import type { SmtpTlsTrust } from '../notify/smtp-transport.ts';
import { oidcRoutes } from './oidc-routes.ts';
import { realmRoutes } from './realm-routes.ts';

export interface ServerOptions {
  store: Store;
  devMode: boolean;
  /** The process's logger (pino), shared with the code outside HTTP. */
  logger: FastifyBaseLogger;
  hostname?: string;
  /** `forwarded` or `xforwarded`: trust the proxy's headers for scheme, host and client address. */
  proxyHeaders?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimit?: number;
  /** The realms' OpenID Connect engines. */
  registry: ProviderRegistry;
  /** What the sign-in pages need: the journey's store, clock and page renderer. */
  loginActions: Omit<LoginActionDeps, 'registry'>;
  /** Per-realm rate limits on the token endpoint (the sign-in pages get theirs through `loginActions`). */
  rateLimits?: RateLimits;
  /** The file behind a theme resource URL. */
  resolveResource: (theme: string, type: ThemeType, path: string) => Promise<string | undefined>;
  /** Trust for SMTP servers' TLS certificates, for the Admin API's SMTP test. */
  smtpTrust?: SmtpTlsTrust;
}

/**
 * A `fetch` that answers from this server itself, without the network: the account console's
 * code exchange reaches its own token endpoint this way, so a forged Host header can never
 * make the server send a request elsewhere.
 */
function inProcessFetch(app: FastifyInstance): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const headers = { ...(init?.headers as Record<string, string> | undefined), host: url.host };
    const response = await app.inject({ method: (init?.method ?? 'GET') as 'GET' | 'POST', url: `${url.pathname}${url.search}`, headers, payload: init?.body ? String(init.body) : undefined });
    return new Response(response.rawPayload, { status: response.statusCode, headers: response.headers as Record<string, string> });
  }) as typeof fetch;
}

/** Builds the HTTP server with every surface mounted; the caller decides where it listens. */
export function buildServer(options: ServerOptions): FastifyInstance {
  const app: FastifyInstance = Fastify({
    loggerInstance: options.logger,
    trustProxy: options.proxyHeaders !== undefined,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // One line per request would double the log volume under load; errors are logged where they happen.
    logController: new LogController({ disableRequestLogging: true }),
    rewriteUrl: (request) => adminPathWithoutTrailingSlash(request.url ?? '/'),
  });
  installErrorMapping(app);
  // Every HTML page gets the browser security headers; realm pages set their realm's own first.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html') && !reply.hasHeader('content-security-policy')) applyPageHeaders(reply, undefined, options.devMode);
    return payload;
  });
  healthRoutes(app, () => options.store.ready());
  const baseUrl = baseUrlResolver(options.hostname);
  realmRoutes(app, options.store, baseUrl);
  void oidcRoutes(app, options.registry, baseUrl, { rateLimits: options.rateLimits, proxyHeaders: options.proxyHeaders, devMode: options.devMode });
  void loginActionsRoutes(app, { ...options.loginActions, registry: options.registry }, baseUrl, options.devMode, options.proxyHeaders);
  void accountRoutes(
    app,
    { store: options.store, clock: options.loginActions.clock, logger: options.logger, registry: options.registry, fetch: inProcessFetch(app) },
    baseUrl,
    options.devMode,
  );
  void adminRoutes(app, { store: options.store, clock: options.loginActions.clock, registry: options.registry, dataDir: options.loginActions.dataDir, smtpTrust: options.smtpTrust }, baseUrl);
  themeResourceRoutes(app, options.resolveResource);
  if (options.devMode) devMailRoutes(app, options.store);
  app.get('/', async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gatehouse</title></head><body><h1>Gatehouse</h1><p>The identity server is running. Realm endpoints live under <code>/realms/{realm}</code>.</p></body></html>'),
  );
  return app;
}
