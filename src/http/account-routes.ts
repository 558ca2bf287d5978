import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { accountRepresentation, checkBearer, mayViewProfile } from '../account-api/account-json.ts';
import { cookieKey, randomToken, readCookie, sameToken, seal, SESSION_COOKIE, setCookie, SIGN_IN_COOKIE, unseal, type AccountSession, type SignInState } from '../account-api/cookies.ts';
import { accountUrls, type AccountDeps, type AccountRender, type AccountUrls } from '../account-api/deps.ts';
import { accountProfile, personalInfoView, profileInput, savePersonalInfo, type FieldErrors } from '../account-api/personal-info.ts';
import { beginSignIn, finishSignIn, signOutLocation } from '../account-api/sign-in.ts';
import { realmSetting } from '../domain/realms/model.ts';
import type { ProfileInput } from '../domain/profile/index.ts';
import { realmPageData } from '../flows/engine/page-data.ts';
import type { RealmEngine } from '../protocol/oidc/provider-registry.ts';
import type { UserRecord } from '../storage/ports.ts';
import { applyPageHeaders } from './security-headers.ts';
import { realmLocalizationTexts } from '../domain/realms/localization-texts.ts';

type AccountRequest = FastifyRequest<{ Params: { realm: string }; Querystring: Record<string, string | undefined> }>;

/** One request's realm, URLs and cookie key. */
interface Ctx {
  engine: RealmEngine;
  urls: AccountUrls;
  key: Buffer;
  now: number;
}

const seconds = (value: unknown, fallback: number): number => (typeof value === 'number' && value > 0 ? value : fallback);

/** The account theme's pages, from the realm's `accountTheme` (falling back to `gatehouse`); loaded with the first page. */
const themeRender: AccountRender = async (realm, template, data, locale) =>
  (await import('../themes/render.ts')).renderPage({ theme: typeof realm.settings.accountTheme === 'string' ? realm.settings.accountTheme : undefined, type: 'account', template, locale, data, realmOverrides: realmLocalizationTexts(realm)[locale] });

/** Whether the caller wants Keycloak's account JSON (keycloak-js `loadUserProfile()`) rather than the page. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /^bearer\s/i.test(request.headers.authorization ?? '') || (/application\/json/i.test(accept) && !/text\/html/i.test(accept));
}

/**
 * The account console at `/realms/{realm}/account`, Keycloak's path: server-rendered pages
 * that sign in as the realm's `account-console` client (authorization code with PKCE) and keep
 * a signed cookie session, plus Keycloak's account JSON for a bearer token.
 */
export async function accountRoutes(app: FastifyInstance, deps: AccountDeps, baseUrl: (request: FastifyRequest) => string, devMode: boolean): Promise<void> {
  const render = deps.render ?? themeRender;

  async function context(request: AccountRequest, reply: FastifyReply): Promise<Ctx | undefined> {
    const engine = await deps.registry.get(request.params.realm, baseUrl(request));
    if (!engine) {
      if (wantsJson(request)) reply.status(404).send({ error: 'Realm does not exist' });
      else reply.status(404).type('text/html; charset=utf-8').send('<!doctype html><title>Not found</title><h1>Realm does not exist</h1>');
      return undefined;
    }
    return { engine, urls: accountUrls(engine.realm.name, baseUrl(request)), key: cookieKey(engine.snapshot), now: deps.clock.now() };
  }

  const cookie = (ctx: Ctx, name: string, value: string, maxAgeMs: number) => setCookie(name, value, { path: ctx.urls.path, maxAge: maxAgeMs / 1000, secure: !devMode });

  function readSession(request: FastifyRequest, ctx: Ctx): AccountSession | undefined {
    const session = unseal<AccountSession>(ctx.key, SESSION_COOKIE, readCookie(request.headers.cookie, SESSION_COOKIE), ctx.now);
    return session && session.max > ctx.now ? session : undefined;
  }

  /** Writes the session back with its idle expiry renewed (never past the SSO maximum). */
  function keepSession(reply: FastifyReply, ctx: Ctx, session: AccountSession): void {
    const exp = Math.min(ctx.now + seconds(ctx.engine.realm.settings.ssoSessionIdleTimeout, 1800) * 1000, session.max);
    reply.header('set-cookie', cookie(ctx, SESSION_COOKIE, seal(ctx.key, SESSION_COOKIE, { ...session, exp }), exp - ctx.now));
  }

  const endSession = (reply: FastifyReply, ctx: Ctx) => reply.header('set-cookie', cookie(ctx, SESSION_COOKIE, '', 0));

  function signIn(reply: FastifyReply, ctx: Ctx): FastifyReply {
    const lifetime = seconds(ctx.engine.realm.settings.accessCodeLifespanLogin, 1800) * 1000;
    const { location, pending } = beginSignIn(ctx.urls, ctx.now, lifetime);
    reply.header('set-cookie', cookie(ctx, SIGN_IN_COOKIE, seal(ctx.key, SIGN_IN_COOKIE, pending), lifetime));
    return reply.redirect(location, 302);
  }

  /** A form posted without its session's CSRF token (an old tab, or another site). */
  const formExpired = (reply: FastifyReply, ctx: Ctx) =>
    page(reply, ctx, 'error.liquid', 403, { message: { type: 'error', key: 'accountFormExpiredMessage' }, retryUrl: ctx.urls.path });

  async function page(reply: FastifyReply, ctx: Ctx, template: string, status: number, data: Record<string, unknown>): Promise<FastifyReply> {
    const realm = ctx.engine.realm;
    applyPageHeaders(reply, realm, devMode);
    const locale = realmSetting(realm, 'internationalizationEnabled', false) ? realmSetting(realm, 'defaultLocale', 'en') : 'en';
    const html = await render(realm, template, { realm: realmPageData(realm), url: { accountUrl: ctx.urls.path, logoutAction: ctx.urls.logoutAction }, ...data }, locale);
    return reply.status(status).type('text/html; charset=utf-8').send(html);
  }

  const signedInData = (user: UserRecord, session: AccountSession) => ({
    account: { username: user.username, email: user.email, firstName: user.firstName, lastName: user.lastName },
    csrfToken: session.csrf,
  });

  async function personalInfo(reply: FastifyReply, ctx: Ctx, user: UserRecord, session: AccountSession, extra: { typed?: ProfileInput; errors?: FieldErrors; message?: object }): Promise<FastifyReply> {
    const profile = await accountProfile(deps.store, ctx.engine.realm, user);
    return page(reply, ctx, 'account.liquid', 200, {
      ...signedInData(user, session),
      profile: personalInfoView(profile, extra.typed),
      messagesPerField: extra.errors ?? {},
      message: extra.message,
    });
  }

  /** Keycloak's account JSON for a bearer token; CORS for the token's `allowed-origins`. */
  async function accountJson(request: AccountRequest, reply: FastifyReply, ctx: Ctx): Promise<FastifyReply> {
    reply.header('Cache-Control', 'no-store');
    const origin = request.headers.origin;
    const check = await checkBearer(deps.store, ctx.engine, ctx.urls, request.headers.authorization);
    if (!check.ok) {
      request.log.debug({ realm: ctx.engine.realm.name, reason: check.reason }, 'account API token refused');
      if (origin) reply.header('Access-Control-Allow-Origin', origin).header('Vary', 'Origin');
      return reply.status(401).header('WWW-Authenticate', 'Bearer error="invalid_token"').send({ error: 'invalid_token' });
    }
    const allowed = Array.isArray(check.claims['allowed-origins']) ? (check.claims['allowed-origins'] as unknown[]) : [];
    if (origin && (allowed.includes(origin) || allowed.includes('*'))) {
      reply.header('Access-Control-Allow-Origin', origin).header('Access-Control-Allow-Credentials', 'true').header('Vary', 'Origin');
    }
    // Keycloak requires the `account` client's manage-account or view-profile role.
    if (!mayViewProfile(check.claims)) return reply.status(403).send({ error: 'access_denied', error_description: 'The token does not allow reading the account' });
    return reply.send(await accountRepresentation(deps.store, ctx.engine, check.user, request.query.userProfileMetadata === 'true'));
  }

  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 65_536 });

    const show = async (request: AccountRequest, reply: FastifyReply) => {
      const ctx = await context(request, reply);
      if (!ctx) return reply;
      if (wantsJson(request)) return accountJson(request, reply, ctx);
      const session = readSession(request, ctx);
      if (!session) return signIn(reply, ctx);
      const user = await deps.store.users.findById(ctx.engine.realm.id, session.uid);
      if (!user || !user.enabled) {
        endSession(reply, ctx);
        return signIn(reply, ctx);
      }
      keepSession(reply, ctx, { ...session, flash: undefined });
      return personalInfo(reply, ctx, user, session, { message: session.flash ? { type: 'success', key: session.flash } : undefined });
    };
    scope.get('/realms/:realm/account', show);
    scope.get('/realms/:realm/account/', show);

    scope.post('/realms/:realm/account', async (request: AccountRequest, reply) => {
      const ctx = await context(request, reply);
      if (!ctx) return reply;
      const session = readSession(request, ctx);
      if (!session) return reply.redirect(ctx.urls.path, 303);
      const form = postedForm(request);
      if (!sameToken(typeof form.csrf_token === 'string' ? form.csrf_token : '', session.csrf)) return formExpired(reply, ctx);
      const typed = profileInput(form);
      const result = await savePersonalInfo(deps.store, ctx.engine.realm, session.uid, typed, { ip: request.ip ?? null, sessionId: session.sid, clock: deps.clock, baseUrl: baseUrl(request) });
      if (result.kind === 'saved') {
        keepSession(reply, ctx, { ...session, flash: result.pendingEmail ? 'accountUpdatedEmailPendingMessage' : 'accountUpdatedMessage' });
        return reply.redirect(ctx.urls.path, 303);
      }
      const user = result.kind === 'invalid' ? await deps.store.users.findById(ctx.engine.realm.id, session.uid) : undefined;
      if (!user) {
        endSession(reply, ctx);
        return reply.redirect(ctx.urls.path, 303);
      }
      keepSession(reply, ctx, session);
      return personalInfo(reply, ctx, user, session, { typed, errors: result.kind === 'invalid' ? result.errors : {}, message: { type: 'error', key: 'accountFormErrorsMessage' } });
    });

    scope.get('/realms/:realm/account/callback', async (request: AccountRequest, reply) => {
      const ctx = await context(request, reply);
      if (!ctx) return reply;
      const pending = unseal<SignInState>(ctx.key, SIGN_IN_COOKIE, readCookie(request.headers.cookie, SIGN_IN_COOKIE), ctx.now);
      reply.header('set-cookie', cookie(ctx, SIGN_IN_COOKIE, '', 0));
      const result = await finishSignIn(ctx.engine.snapshot, ctx.urls, request.query, pending, deps.fetch);
      if (!result.ok) {
        // A stale callback (the back button) of someone already signed in: just show the account.
        if (!pending && readSession(request, ctx)) return reply.redirect(ctx.urls.path, 303);
        request.log.warn({ realm: ctx.engine.realm.name, reason: result.reason }, 'account console sign-in did not complete');
        return page(reply, ctx, 'error.liquid', 400, { message: { type: 'error', key: 'accountSignInFailedMessage' }, retryUrl: ctx.urls.path });
      }
      const max = ctx.now + seconds(ctx.engine.realm.settings.ssoSessionMaxLifespan, 36_000) * 1000;
      keepSession(reply, ctx, { uid: result.userId, sid: result.sessionId, idToken: result.idToken, csrf: randomToken(), exp: 0, max });
      return reply.redirect(ctx.urls.path, 303);
    });

    scope.post('/realms/:realm/account/logout', async (request: AccountRequest, reply) => {
      const ctx = await context(request, reply);
      if (!ctx) return reply;
      const session = readSession(request, ctx);
      if (!session) return reply.redirect(ctx.urls.path, 303);
      const form = postedForm(request);
      if (!sameToken(typeof form.csrf_token === 'string' ? form.csrf_token : '', session.csrf)) return formExpired(reply, ctx);
      endSession(reply, ctx);
      return reply.redirect(signOutLocation(ctx.urls, session.idToken), 303);
    });

    // CORS preflight of the account JSON: the token is checked on the request itself, as in Keycloak.
    scope.options('/realms/:realm/account', async (request, reply) => {
      const origin = request.headers.origin;
      if (origin) {
        reply
          .header('Access-Control-Allow-Origin', origin)
          .header('Access-Control-Allow-Credentials', 'true')
          .header('Access-Control-Allow-Methods', 'GET, OPTIONS')
          .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept')
          .header('Access-Control-Max-Age', '3600')
          .header('Vary', 'Origin');
      }
      return reply.status(204).send();
    });
  });
}

/** The POSTed form fields (an empty object for anything else). */
function postedForm(request: FastifyRequest): Record<string, unknown> {
  return (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
}
