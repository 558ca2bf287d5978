import { randomBytes, timingSafeEqual } from 'node:crypto';
import { recordEvent } from '../../domain/events/service.ts';
import { isGatehouseError } from '../../kernel/errors.ts';
import { errorPage, loadJourney, runRequiredAction, saveJourney, startJourney, type FormInput, type Journey, type Page, type Submission } from '../../flows/index.ts';
import type { ClientRecord, RealmRecord, Store, UserRecord } from '../../storage/ports.ts';
import type { RealmEngine } from '../oidc/provider-registry.ts';
import type { LoginActionDeps, LoginActionRequest, LoginActionResult } from './authenticate.ts';
import { journeyContextOf } from './journey-context.ts';
import { renderLoginPage } from './render-page.ts';

/**
 * The cookie that ties a browser to the journey an email link started (Keycloak's
 * AUTH_SESSION_ID for action tokens): the journey's id travels in the URL as `tab_id` too,
 * and both must match.
 */
export const ACTION_SESSION_COOKIE = 'GATEHOUSE_ACTION_SESSION';

/** The journey's flow alias: no flow runs, only the actions the link asked for. */
const ACTION_FLOW = 'action-token';

/** What a link's journey does: its required actions in the realm's order, then a page or a redirect. */
export interface ActionPlan {
  actions: string[];
  /** The message of the closing page. */
  doneMessage: 'accountUpdatedMessage' | 'accountPasswordUpdatedMessage';
  /** Where the closing page's "Back to application" leads (admin links' `redirect_uri`). */
  redirectUri: string | null;
  /** A password reset: RESET_PASSWORD is recorded when it ends. */
  resetPassword: boolean;
}

const planOf = (journey: Journey): ActionPlan | undefined => journey.state.steps[ACTION_FLOW] as ActionPlan | undefined;

const sameToken = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function cookie(realm: RealmRecord, request: LoginActionRequest, value: string, maxAge?: number): string {
  const secure = request.baseUrl.startsWith('https:') ? '; Secure' : '';
  const age = maxAge === undefined ? '' : `; Max-Age=${maxAge}`;
  return `${ACTION_SESSION_COOKIE}=${value}; Path=/realms/${encodeURIComponent(realm.name)}/; HttpOnly; SameSite=Lax${secure}${age}`;
}

/** Whether this request belongs to a journey an email link started in this browser. */
export function isActionJourneyRequest(request: LoginActionRequest): boolean {
  const id = request.cookies[ACTION_SESSION_COOKIE];
  return Boolean(id && request.query.tab_id && sameToken(id, request.query.tab_id));
}

/**
 * Starts the journey of an email link opened without a sign-in in progress (another browser,
 * an administrator's link): the user is known from the link, and only `plan.actions` run.
 */
export async function startActionJourney(
  deps: LoginActionDeps,
  engine: RealmEngine,
  request: LoginActionRequest,
  start: { user: UserRecord; clientId: string | null; plan: ActionPlan },
): Promise<LoginActionResult> {
  const id = randomBytes(24).toString('base64url');
  const journey = await startJourney(deps.store, engine.realm, { id, clientId: start.clientId ?? '', redirectUri: start.plan.redirectUri, flowAlias: ACTION_FLOW }, deps.clock);
  Object.assign(journey.state, { flowDone: true, userId: start.user.id, attemptedUsername: start.user.username });
  journey.state.steps[ACTION_FLOW] = { ...start.plan };
  const result = await advance(deps, engine, request, journey, undefined);
  return { ...result, setCookies: [...(result.setCookies ?? []), cookie(engine.realm, request, id)] };
}

/** A page of a link's journey, or its form: runs the next action, or ends the journey. */
export async function continueActionJourney(deps: LoginActionDeps, request: LoginActionRequest): Promise<LoginActionResult> {
  const engine = await deps.registry.get(request.realmName, request.baseUrl);
  if (!engine) return { kind: 'page', status: 404, html: '<!doctype html><title>Not found</title><h1>Realm does not exist</h1>' };
  const id = request.cookies[ACTION_SESSION_COOKIE] ?? '';
  const journey = await loadJourney(deps.store, engine.realm, id, deps.clock);
  if (!journey || !planOf(journey)) return renderLoginPage(deps, engine, request, errorPage('expiredActionTokenNoSessionMessage'));
  let submission: Submission | undefined;
  if (request.form) {
    const token = typeof request.form.csrf_token === 'string' ? request.form.csrf_token : '';
    if (!sameToken(token, journey.state.csrfToken)) return renderLoginPage(deps, engine, request, { template: 'login-page-expired.liquid', status: 400, data: {} }, { journey: journey.state });
    submission = { execution: request.query.execution ?? journey.state.challenged ?? '', form: request.form as FormInput };
  }
  return advance(deps, engine, request, journey, submission);
}

async function advance(deps: LoginActionDeps, engine: RealmEngine, request: LoginActionRequest, journey: Journey, submission: Submission | undefined): Promise<LoginActionResult> {
  const { realm } = engine;
  const plan = planOf(journey)!;
  const ctx = journeyContextOf(deps, realm, journey, request);
  const user = await deps.store.users.findById(realm.id, journey.state.userId ?? '');
  const client = engine.snapshot.clientsByClientId.get(journey.state.clientId);
  for (const alias of await inRealmOrder(deps.store, realm, plan.actions)) {
    if (journey.state.requiredActionsDone.includes(alias)) continue;
    const form = submission?.execution === alias && journey.state.challenged === alias ? submission : undefined;
    submission = undefined;
    const outcome = await runRequiredAction(ctx, alias, form);
    if (outcome.kind === 'done') {
      journey.state.challenged = null;
      continue;
    }
    if (outcome.kind === 'error') {
      await deps.store.journeys.delete(realm.id, journey.id);
      return renderLoginPage(deps, engine, request, outcome.page, { client, user });
    }
    try {
      await saveJourney(deps.store, realm, journey, deps.clock);
    } catch (error) {
      if (!isGatehouseError(error, 'GH_CONFLICT')) throw error;
      return renderLoginPage(deps, engine, request, { template: 'login-page-expired.liquid', status: 400, data: {} }, { journey: journey.state });
    }
    return renderLoginPage(deps, engine, request, outcome.page, { journey: journey.state, user });
  }

  await deps.store.journeys.delete(realm.id, journey.id);
  if (plan.resetPassword && user) {
    await recordEvent(deps.store, realm, { type: 'RESET_PASSWORD', clientId: journey.state.clientId || null, userId: user.id, ipAddress: request.ip, details: { username: user.username, email: user.email ?? undefined } }, deps.clock);
  }
  const done = await renderLoginPage(deps, engine, request, infoPage(plan.doneMessage, [], plan.redirectUri, client), { client, user });
  return { ...done, setCookies: [cookie(realm, request, '', 0)] };
}

/** The actions in the realm's priority order; those the realm does not list keep their place at the end. */
async function inRealmOrder(store: Store, realm: RealmRecord, actions: string[]): Promise<string[]> {
  const order = (await store.requiredActions.list(realm.id)).map((a) => a.alias);
  const rank = (alias: string) => (order.includes(alias) ? order.indexOf(alias) : order.length);
  return [...actions].sort((a, b) => rank(a) - rank(b));
}

/** Keycloak's info.ftl: a message, and "Back to application" to `redirectUri` or the client's base URL. */
export function infoPage(key: string, params: string[], redirectUri: string | null, client: ClientRecord | undefined): Page {
  const data: Record<string, unknown> = { message: { type: 'success', key, params } };
  if (redirectUri) data.pageRedirectUri = redirectUri;
  else if (!client || typeof client.data.baseUrl !== 'string' || client.data.baseUrl === '') data.skipLink = true;
  return { template: 'info.liquid', data };
}
