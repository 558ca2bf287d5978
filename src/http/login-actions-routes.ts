import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { registrationDisabled, type LoginActionDeps } from '../protocol/login-actions/authenticate.ts';
import { routeLoginAction } from '../protocol/login-actions/route-login-action.ts';
import type { FormInput } from '../flows/index.ts';
import { applyPageHeaders } from './security-headers.ts';
import { clientIp } from './client-ip.ts';

type LoginRequest = FastifyRequest<{ Params: { realm: string; action: string }; Querystring: Record<string, string | undefined> }>;

/** Login actions that run the sign-in journey; others arrive with later features. */
const journeyActions = new Set(['authenticate', 'required-action', 'registration', 'reset-credentials', 'action-token']);

/** The request's cookies by name (the sign-in pages read only a few, so no cookie plugin). */
function parseCookies(header: string | undefined): Record<string, string | undefined> {
  const cookies: Record<string, string | undefined> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const raw = part.slice(index + 1).trim();
    try {
      cookies[part.slice(0, index).trim()] = decodeURIComponent(raw);
    } catch {
      cookies[part.slice(0, index).trim()] = raw;
    }
  }
  return cookies;
}

/** The sign-in pages under `/realms/{realm}/login-actions/…`, as Keycloak lays them out. */
export async function loginActionsRoutes(app: FastifyInstance, deps: LoginActionDeps, baseUrl: (request: FastifyRequest) => string, devMode: boolean, proxyHeaders?: string): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 65_536 });
    const handle = async (request: LoginRequest, reply: FastifyReply) => {
      if (!journeyActions.has(request.params.action)) {
        return reply.status(404).type('text/html; charset=utf-8').send('<!doctype html><title>Not found</title><h1>This page does not exist</h1>');
      }
      const result = await routeLoginAction(deps, {
        realmName: request.params.realm,
        action: request.params.action,
        baseUrl: baseUrl(request),
        raw: { req: request.raw, res: reply.raw },
        query: request.query,
        form: request.method === 'POST' ? ((request.body ?? {}) as FormInput) : undefined,
        ip: clientIp(request, proxyHeaders),
        userAgent: request.headers['user-agent'] ?? null,
        cookies: parseCookies(request.headers.cookie),
        acceptLanguage: request.headers['accept-language'] ?? null,
        path: request.url,
      });
      for (const cookie of result.setCookies ?? []) reply.header('set-cookie', cookie);
      if (result.retryAfter !== undefined) reply.header('retry-after', String(result.retryAfter));
      const realm = (await deps.registry.get(request.params.realm, baseUrl(request)))?.realm;
      applyPageHeaders(reply, realm, devMode);
      if (result.kind === 'redirect') return reply.redirect(result.location, 303);
      return reply.status(result.status).type('text/html; charset=utf-8').send(result.html);
    };
    scope.get('/realms/:realm/login-actions/:action', handle);
    scope.post('/realms/:realm/login-actions/:action', handle);

    // Keycloak's sign-up entry point (keycloak-js `register()`): the authorization request with `prompt=create`.
    scope.get<{ Params: { realm: string }; Querystring: Record<string, string> }>('/realms/:realm/protocol/openid-connect/registrations', async (request, reply) => {
      const engine = await deps.registry.get(request.params.realm, baseUrl(request));
      if (engine && engine.realm.settings.registrationAllowed !== true) {
        const result = await registrationDisabled(deps, engine.realm, request.query.client_id ?? null, request.ip ?? null);
        applyPageHeaders(reply, engine.realm, devMode);
        return reply.status(result.status).type('text/html; charset=utf-8').send(result.html);
      }
      const query = new URLSearchParams(request.query);
      const prompts = (query.get('prompt') ?? '').split(' ').filter((p) => p && p !== 'login' && p !== 'none');
      query.set('prompt', [...new Set(['create', ...prompts])].join(' '));
      return reply.redirect(`/realms/${encodeURIComponent(request.params.realm)}/protocol/openid-connect/auth?${query}`, 302);
    });
  });
}
