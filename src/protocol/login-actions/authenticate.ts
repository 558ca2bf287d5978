import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../kernel/clock.ts';
import type { Logger } from '../../kernel/logger.ts';
import { isGatehouseError } from '../../kernel/errors.ts';
import { recordEvent } from '../../domain/events/service.ts';
import { loadJourney, newJourney, runJourney, saveJourney, type FormInput, type Journey, type Page, type StepRegistry } from '../../flows/index.ts';
import { realmSetting } from '../../domain/realms/model.ts';
import type { RateLimits } from '../../domain/rate-limits/rate-limits.ts';
import type { LimiterName } from '../../domain/rate-limits/rate-limit-settings.ts';
import type { RealmRecord, Store } from '../../storage/ports.ts';
import type { ProviderRegistry, RealmEngine } from '../oidc/provider-registry.ts';
import { journeyContextOf } from './journey-context.ts';
import { localeChoices, resolveLocale } from './locale.ts';
import { pageData } from './page-context.ts';

type LocaleChoice = ReturnType<typeof localeChoices>[number];

/** What the HTTP layer sends back: a rendered page, or a redirect (back to the client). */
export type LoginActionResult = ({ kind: 'page'; status: number; html: string } | { kind: 'redirect'; location: string }) & {
  /** Cookies to set (`Set-Cookie` values), such as the picked language. */
  setCookies?: string[];
  /** Seconds for `Retry-After` on a 429 (a rate limit was reached). */
  retryAfter?: number;
};

export interface LoginActionDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  registry: ProviderRegistry;
  /** The server's data directory (password blacklists). */
  dataDir: string;
  /** The steps journeys run with (the built-in ones, plus plugins'). */
  steps: StepRegistry;
  /** Per-realm rate limits on sign-up and sign-in POSTs; none when absent. */
  rateLimits?: RateLimits;
  /** Renders a login-theme page of a realm, with the language picker's choices. */
  render: (realm: RealmRecord, page: Page, data: Record<string, unknown>, locale: string, locales?: LocaleChoice[]) => Promise<string>;
}

export interface LoginActionRequest {
  realmName: string;
  /** The login action in the path: `authenticate`, `required-action`, `registration`, `reset-credentials` or `action-token`. */
  action: string;
  baseUrl: string;
  raw: { req: IncomingMessage; res: ServerResponse };
  query: Record<string, string | undefined>;
  /** The POSTed form; undefined for a GET. */
  form?: FormInput;
  ip: string | null;
  userAgent: string | null;
  /** The request's cookies by name. */
  cookies: Record<string, string | undefined>;
  acceptLanguage: string | null;
  /** The path and query of this request, for the language picker's links. */
  path: string;
}

const sameToken = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The sign-in pages at `/realms/{realm}/login-actions/authenticate` (and `required-action`):
 * the OIDC engine's interaction hands the browser here, the journey runs its flow, and on
 * success the engine takes the browser back to the client with a code.
 */
export async function loginAction(deps: LoginActionDeps, request: LoginActionRequest): Promise<LoginActionResult> {
  const engine = await deps.registry.get(request.realmName, request.baseUrl);
  if (!engine) return { kind: 'page', status: 404, html: '<!doctype html><title>Not found</title><h1>Realm does not exist</h1>' };
  const { realm } = engine;
  const kcLocale = request.query.kc_locale ?? null;
  const setCookies = kcLocale ? [`KEYCLOAK_LOCALE=${encodeURIComponent(kcLocale)}; Path=/realms/${encodeURIComponent(realm.name)}/; HttpOnly; SameSite=Lax`] : undefined;
  const page = async (p: Page, journey?: Journey): Promise<LoginActionResult> => {
    const user = journey?.state.userId ? await deps.store.users.findById(realm.id, journey.state.userId) : undefined;
    const userLocale = user ? (await deps.store.users.getAttributes(user.id)).locale?.[0] : undefined;
    const locale = resolveLocale(realm, { kcLocale, cookie: request.cookies.KEYCLOAK_LOCALE, userLocale, uiLocales: journey?.state.locale, acceptLanguage: request.acceptLanguage });
    const shown = await show(deps, engine, p, journey, locale, localeChoices(realm, request.path));
    return { ...shown, setCookies };
  };

  let details: Awaited<ReturnType<RealmEngine['provider']['interactionDetails']>>;
  try {
    details = await engine.provider.interactionDetails(request.raw.req, request.raw.res);
  } catch {
    return page(expiredPage());
  }
  if (request.query.tab_id && request.query.tab_id !== details.uid) return page(expiredPage());

  const wantsSignUp = details.prompt.name === 'create' || request.action === 'registration';
  if (details.prompt.name !== 'login' && details.prompt.name !== 'create') return finishConsent(engine, request, details);

  const params = details.params as Record<string, string | undefined>;
  let journey = await loadJourney(deps.store, realm, details.uid, deps.clock);
  // A new journey is stored by the save after its flow has run below: one write instead of two.
  journey ??= newJourney(
    realm,
    {
      id: details.uid,
      clientId: params.client_id ?? '',
      redirectUri: params.redirect_uri ?? null,
      loginHint: params.login_hint ?? null,
      idpHint: params.kc_idp_hint ?? null,
      prompt: params.prompt ?? null,
      locale: params.kc_locale ?? params.ui_locales?.split(' ')[0] ?? null,
    },
    deps.clock,
  );

  const registrationFlow = realmSetting(realm, 'registrationFlow', 'registration');
  const resetFlow = realmSetting(realm, 'resetCredentialsFlow', 'reset credentials');
  if (request.action === 'reset-credentials' && !wantsSignUp) {
    // "Forgot password?" from the login page: Keycloak's reset credentials flow, in the same journey.
    if (!realmSetting(realm, 'resetPasswordAllowed', false)) return resetCredentialsDisabled(deps, realm, journey, request);
    if (journey.state.flowAlias !== resetFlow) switchFlow(journey, resetFlow);
  } else if (wantsSignUp) {
    if (!realmSetting(realm, 'registrationAllowed', false)) return registrationDisabled(deps, realm, journey.state.clientId, request.ip);
    if (journey.state.flowAlias !== registrationFlow) switchFlow(journey, registrationFlow);
  } else if (request.action === 'authenticate' && !request.form && !request.query.execution && (journey.state.flowAlias === registrationFlow || journey.state.flowAlias === resetFlow) && !journey.state.flowDone) {
    // "Back to login" from the registration or the forgotten-password page.
    switchFlow(journey, realmSetting(realm, 'browserFlow', 'browser'));
  }

  let submission: { execution: string; form: FormInput } | undefined;
  if (request.form && deps.rateLimits) {
    // Counted before anything else is looked at, a stale or forged form included.
    const limiter = journey.state.flowAlias === registrationFlow ? 'registration' : 'login';
    const verdict = await deps.rateLimits.consume(limiter, realm, request.ip);
    if (!verdict.allowed) return { ...(await page(tooManyRequestsPage(verdict.retryAfterSeconds), journey)), retryAfter: verdict.retryAfterSeconds };
  }
  if (request.form) {
    const token = typeof request.form.csrf_token === 'string' ? request.form.csrf_token : '';
    if (!sameToken(token, journey.state.csrfToken)) return page(expiredPage(), journey);
    submission = { execution: request.query.execution ?? journey.state.challenged ?? '', form: request.form };
  }

  const rateLimits = deps.rateLimits;
  const context = {
    ...journeyContextOf(deps, realm, journey, request),
    logger: deps.logger,
    rateLimit: rateLimits ? (name: LimiterName) => rateLimits.consume(name, realm, request.ip) : undefined,
  };
  const outcome = await runJourney(context, submission, deps.steps);
  try {
    journey = await saveJourney(deps.store, realm, journey, deps.clock);
  } catch (error) {
    if (!isGatehouseError(error, 'GH_CONFLICT')) throw error;
    // Another tab or a double submit got there first: show what the stored journey shows now.
    const current = await loadJourney(deps.store, realm, details.uid, deps.clock);
    if (!current) return page(expiredPage());
    const again = await runJourney({ ...context, journey: current.state }, undefined, deps.steps);
    return page(again.kind === 'authenticated' ? expiredPage() : again.page, current);
  }

  if (outcome.kind !== 'authenticated') return page(outcome.page, journey);

  const user = outcome.user ?? (await deps.store.users.findById(realm.id, outcome.userId));
  await recordEvent(
    deps.store,
    realm,
    {
      type: 'LOGIN',
      clientId: journey.state.clientId,
      userId: outcome.userId,
      ipAddress: request.ip,
      details: {
        auth_method: 'openid-connect',
        auth_type: 'code',
        redirect_uri: journey.state.redirectUri ?? undefined,
        consent: 'no_consent_required',
        code_id: journey.id,
        username: user?.username,
        ...(outcome.rememberMe ? { remember_me: 'true' } : {}),
      },
    },
    deps.clock,
  );
  await deps.store.journeys.delete(realm.id, journey.id);
  const location = await engine.provider.interactionResult(
    request.raw.req,
    request.raw.res,
    {
      login: { accountId: outcome.userId, remember: outcome.rememberMe, acr: outcome.acr, amr: outcome.amr, ts: Math.floor(deps.clock.now() / 1000) },
      // A `prompt=create` request is fulfilled by the sign-up (or the sign-in the person chose instead).
      ...(details.prompt.name === 'create' || String(details.params.prompt ?? '').split(' ').includes('create') ? { create: {} } : {}),
    },
    { mergeWithLastSubmission: false },
  );
  return { kind: 'redirect', location };
}

/**
 * A client that asks for consent: Gatehouse has no consent page yet, so the sign-in grants what
 * the client asked for, as Keycloak does for a client without `consentRequired`.
 */
async function finishConsent(
  engine: RealmEngine,
  request: LoginActionRequest,
  details: Awaited<ReturnType<RealmEngine['provider']['interactionDetails']>>,
): Promise<LoginActionResult> {
  const { provider } = engine;
  const grant = details.grantId
    ? (await provider.Grant.find(details.grantId))!
    : new provider.Grant({ accountId: details.session?.accountId, clientId: details.params.client_id as string });
  const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  const grantId = await grant.save();
  const location = await provider.interactionResult(request.raw.req, request.raw.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  return { kind: 'redirect', location };
}

/** Keycloak's answer to a sign-up where the realm allows none: an error page and REGISTER_ERROR `registration_disabled`. */
export async function registrationDisabled(deps: LoginActionDeps, realm: RealmRecord, clientId: string | null, ip: string | null): Promise<{ kind: 'page'; status: number; html: string }> {
  await recordEvent(deps.store, realm, { type: 'REGISTER_ERROR', clientId, ipAddress: ip, error: 'registration_disabled', details: { auth_method: 'openid-connect' } }, deps.clock);
  const page: Page = { template: 'error.liquid', status: 403, data: { message: { type: 'error', key: 'registrationNotAllowedMessage' } } };
  const html = await deps.render(realm, page, pageData(realm, undefined, undefined, page), resolveLocale(realm, {}));
  return { kind: 'page', status: 403, html };
}

/** Keycloak's answer to "Forgot password?" where the realm allows no reset: an error page and RESET_PASSWORD_ERROR `not_allowed`. */
async function resetCredentialsDisabled(deps: LoginActionDeps, realm: RealmRecord, journey: Journey, request: LoginActionRequest): Promise<LoginActionResult> {
  await recordEvent(deps.store, realm, { type: 'RESET_PASSWORD_ERROR', clientId: journey.state.clientId, ipAddress: request.ip, error: 'not_allowed', details: { auth_method: 'openid-connect' } }, deps.clock);
  const page: Page = { template: 'error.liquid', status: 403, data: { message: { type: 'error', key: 'resetCredentialNotAllowedMessage' } } };
  const html = await deps.render(realm, page, pageData(realm, undefined, journey.state, page), resolveLocale(realm, { cookie: request.cookies.KEYCLOAK_LOCALE, acceptLanguage: request.acceptLanguage }));
  return { kind: 'page', status: 403, html };
}

/** Starts another top-level flow in the same journey (sign-in ⇄ sign-up), keeping what the person typed. */
function switchFlow(journey: Journey, flowAlias: string): void {
  Object.assign(journey.state, { flowAlias, flowDone: false, executions: {}, challenged: null, steps: {}, credentials: [], userId: null });
}

/** The friendly page of a reached rate limit: how long to wait, nothing about which limit. */
function tooManyRequestsPage(seconds: number): Page {
  return { template: 'error.liquid', status: 429, data: { message: { type: 'error', key: 'tooManyRequestsMessage', params: [String(seconds)] } } };
}

function expiredPage(): Page {
  return { template: 'login-page-expired.liquid', status: 400, data: {} };
}

async function show(deps: LoginActionDeps, engine: RealmEngine, page: Page, journey: Journey | undefined, locale: string, locales: LocaleChoice[]): Promise<LoginActionResult> {
  const client = journey ? engine.snapshot.clientsByClientId.get(journey.state.clientId) : undefined;
  const data = pageData(engine.realm, client, journey?.state, page);
  const html = await deps.render(engine.realm, page, data, locale, locales);
  return { kind: 'page', status: page.status ?? 200, html };
}
