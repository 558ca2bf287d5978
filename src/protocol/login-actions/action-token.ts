import { ACTION, consumeActionToken, verifyActionToken, type ActionTokenClaims, type ActionTokenProblem } from '../../domain/action-tokens/index.ts';
import { recordEvent } from '../../domain/events/service.ts';
import { realmSetting } from '../../domain/realms/model.ts';
import { updateUser } from '../../domain/users/service.ts';
import { isGatehouseError } from '../../kernel/errors.ts';
import { builtinRequiredActions, errorPage, loadFlowTree, loadJourney, markEmailVerified, saveJourney, type Journey } from '../../flows/index.ts';
import type { ClientRecord, UserRecord } from '../../storage/ports.ts';
import type { RealmEngine } from '../oidc/provider-registry.ts';
import { infoPage, startActionJourney } from './action-journey.ts';
import type { LoginActionDeps, LoginActionRequest, LoginActionResult } from './authenticate.ts';
import { renderLoginPage } from './render-page.ts';

/** The user event each action records (its `_ERROR` twin on failure). */
const eventType: Record<string, string> = {
  [ACTION.verifyEmail]: 'VERIFY_EMAIL',
  [ACTION.resetCredentials]: 'RESET_PASSWORD',
  [ACTION.executeActions]: 'EXECUTE_ACTION_TOKEN',
  [ACTION.updateEmail]: 'UPDATE_EMAIL',
};

/** Keycloak's event error and the page's message for each way a link can fail. */
function failure(problem: ActionTokenProblem, typ: string | undefined, inJourney: boolean): { error: string; key: string; reason?: string } {
  switch (problem) {
    case 'expired':
      return { error: 'expired_code', key: inJourney ? 'expiredActionTokenSessionExistsMessage' : 'expiredActionTokenNoSessionMessage' };
    case 'used':
      return { error: 'invalid_code', key: 'actionTokenUsedMessage', reason: 'token_already_used' };
    case 'email-changed':
      return { error: 'invalid_email', key: typ === ACTION.verifyEmail || typ === ACTION.updateEmail ? 'staleEmailVerificationLink' : 'invalidCodeMessage' };
    case 'user-not-found':
      return { error: 'user_not_found', key: 'invalidCodeMessage' };
    case 'user-disabled':
      return { error: 'user_disabled', key: 'accountDisabledMessage' };
    case 'invalid':
      return { error: 'invalid_code', key: 'invalidCodeMessage' };
  }
}

/** The sign-in journey this browser has open, if any (the OIDC interaction's cookie names it). */
async function browserJourney(deps: LoginActionDeps, engine: RealmEngine, request: LoginActionRequest): Promise<Journey | undefined> {
  try {
    const details = await engine.provider.interactionDetails(request.raw.req, request.raw.res);
    return await loadJourney(deps.store, engine.realm, details.uid, deps.clock);
  } catch {
    return undefined;
  }
}

/**
 * Keycloak's `GET /realms/{realm}/login-actions/action-token?key=…`: checks the link's token
 * and performs its action — verify an address, continue a password reset, run the actions an
 * administrator asked for, confirm a new address. In the browser whose journey asked for the
 * link, that journey carries on; elsewhere a page says what was done, or the link's own
 * journey asks for what is left (a new password). Each failure has its own page and event.
 */
export async function actionTokenAction(deps: LoginActionDeps, request: LoginActionRequest): Promise<LoginActionResult> {
  const engine = await deps.registry.get(request.realmName, request.baseUrl);
  if (!engine) return { kind: 'page', status: 404, html: '<!doctype html><title>Not found</title><h1>Realm does not exist</h1>' };
  const { realm } = engine;
  const check = await verifyActionToken(deps.store, realm, request.query.key ?? '', deps.clock);
  const journey = await browserJourney(deps, engine, request);
  const claims = check.claims;
  const client = claims?.azp ? engine.snapshot.clientsByClientId.get(claims.azp) : journey ? engine.snapshot.clientsByClientId.get(journey.state.clientId) : undefined;

  if (!check.ok) {
    const { error, key, reason } = failure(check.problem, claims?.typ, journey !== undefined);
    await recordEvent(
      deps.store,
      realm,
      {
        type: `${eventType[claims?.typ ?? ''] ?? 'EXECUTE_ACTION_TOKEN'}_ERROR`,
        clientId: claims?.azp ?? null,
        userId: claims?.sub ?? null,
        ipAddress: request.ip,
        error,
        details: { action: claims?.typ, token_id: claims?.jti, email: claims?.eml, ...(reason ? { reason } : {}) },
      },
      deps.clock,
    );
    return renderLoginPage(deps, engine, request, errorPage(key), { client, journey: journey?.state });
  }

  const sameBrowser = journey !== undefined && claims!.asid === journey.id;
  const link: CheckedLink = { claims: check.claims, user: check.user, client };
  switch (link.claims.typ) {
    case ACTION.verifyEmail:
      return verifyEmailLink(deps, engine, request, link, sameBrowser ? journey : undefined);
    case ACTION.resetCredentials:
      return resetCredentialsLink(deps, engine, request, link, sameBrowser ? journey : undefined);
    case ACTION.executeActions:
      return executeActionsLink(deps, engine, request, link);
    case ACTION.updateEmail:
      return updateEmailLink(deps, engine, request, link);
  }
}

/** A link whose token checked out: what it claims, whose it is, and the client it came from. */
interface CheckedLink {
  claims: ActionTokenClaims;
  user: UserRecord;
  client: ClientRecord | undefined;
}

/** A page saying the link was used meanwhile (two clicks racing). */
async function usedPage(deps: LoginActionDeps, engine: RealmEngine, request: LoginActionRequest, client: ClientRecord | undefined): Promise<LoginActionResult> {
  return renderLoginPage(deps, engine, request, errorPage('actionTokenUsedMessage'), { client });
}

/** Back into the journey of this browser, which now finds the action done and goes on (back to the client). */
function continueJourney(engine: RealmEngine, journey: Journey): LoginActionResult {
  const query = new URLSearchParams({ client_id: journey.state.clientId, tab_id: journey.state.tabId });
  return { kind: 'redirect', location: `/realms/${encodeURIComponent(engine.realm.name)}/login-actions/required-action?${query}` };
}

async function verifyEmailLink(deps: LoginActionDeps, engine: RealmEngine, request: LoginActionRequest, link: CheckedLink, journey: Journey | undefined): Promise<LoginActionResult> {
  const { claims, user, client } = link;
  const used = await deps.store.transaction(async (tx) => {
    if (!(await consumeActionToken(tx, engine.realm, claims))) return false;
    await markEmailVerified(tx, engine.realm, user, { clientId: claims.azp ?? null, ipAddress: request.ip, method: 'link' }, deps.clock);
    return true;
  });
  if (!used) return usedPage(deps, engine, request, client);
  if (journey) return continueJourney(engine, journey);
  return renderLoginPage(deps, engine, request, infoPage('emailVerifiedMessage', [], claims.rdu ?? null, client), { client, user });
}

async function resetCredentialsLink(deps: LoginActionDeps, engine: RealmEngine, request: LoginActionRequest, link: CheckedLink, journey: Journey | undefined): Promise<LoginActionResult> {
  const { claims, user, client } = link;
  // A realm that switched resets off since the link was sent no longer honours it.
  if (!realmSetting(engine.realm, 'resetPasswordAllowed', false)) {
    return renderLoginPage(deps, engine, request, errorPage('resetCredentialNotAllowedMessage'), { client });
  }
  if (!(await consumeActionToken(deps.store, engine.realm, claims))) return usedPage(deps, engine, request, client);
  if (journey) {
    // The reset flow of this browser's journey goes on past the email step, for this user.
    const alias = realmSetting(engine.realm, 'resetCredentialsFlow', 'reset credentials');
    const tree = await loadFlowTree(deps.store, engine.realm.id, alias);
    const executions: Journey['state']['executions'] = {};
    for (const e of tree?.executions ?? []) {
      if (e.authenticator === 'reset-credentials-choose-user' || e.authenticator === 'reset-credential-email') executions[e.id] = 'success';
    }
    Object.assign(journey.state, { flowAlias: alias, flowDone: false, executions, challenged: null, steps: {}, credentials: [], userId: user.id, attemptedUsername: user.username });
    try {
      await saveJourney(deps.store, engine.realm, journey, deps.clock);
      return continueJourney(engine, journey);
    } catch (error) {
      if (!isGatehouseError(error, 'GH_CONFLICT')) throw error;
    }
  }
  return startActionJourney(deps, engine, request, {
    user,
    clientId: claims.azp ?? null,
    plan: { actions: ['UPDATE_PASSWORD'], doneMessage: 'accountPasswordUpdatedMessage', redirectUri: claims.rdu ?? null, resetPassword: true },
  });
}

async function executeActionsLink(deps: LoginActionDeps, engine: RealmEngine, request: LoginActionRequest, link: CheckedLink): Promise<LoginActionResult> {
  const { claims, user, client } = link;
  const enabled = new Set((await deps.store.requiredActions.list(engine.realm.id)).filter((a) => a.enabled).map((a) => a.alias));
  const actions = claims.rqac ?? [];
  if (actions.length === 0 || actions.some((a) => !enabled.has(a) || !builtinRequiredActions.has(a))) {
    await recordEvent(deps.store, engine.realm, { type: 'EXECUTE_ACTION_TOKEN_ERROR', clientId: claims.azp ?? null, userId: user.id, ipAddress: request.ip, error: 'invalid_token', details: { action: claims.typ } }, deps.clock);
    return renderLoginPage(deps, engine, request, errorPage('invalidTokenRequiredActions'), { client });
  }
  const used = await deps.store.transaction(async (tx) => {
    if (!(await consumeActionToken(tx, engine.realm, claims))) return false;
    // The link arrived by email at this address: that proves it, as Keycloak counts it.
    if (actions.includes('VERIFY_EMAIL')) await markEmailVerified(tx, engine.realm, user, { clientId: claims.azp ?? null, ipAddress: request.ip, method: 'link' }, deps.clock);
    await recordEvent(tx, engine.realm, { type: 'EXECUTE_ACTION_TOKEN', clientId: claims.azp ?? null, userId: user.id, ipAddress: request.ip, details: { action: claims.typ, required_actions: actions.join(',') } }, deps.clock);
    return true;
  });
  if (!used) return usedPage(deps, engine, request, client);
  return startActionJourney(deps, engine, request, {
    user,
    clientId: claims.azp ?? null,
    plan: { actions: actions.filter((a) => a !== 'VERIFY_EMAIL'), doneMessage: 'accountUpdatedMessage', redirectUri: claims.rdu ?? null, resetPassword: false },
  });
}

async function updateEmailLink(deps: LoginActionDeps, engine: RealmEngine, request: LoginActionRequest, link: CheckedLink): Promise<LoginActionResult> {
  const { claims, user, client } = link;
  const newEmail = claims.newEmail ?? '';
  let outcome: 'done' | 'used' | 'taken';
  try {
    outcome = await deps.store.transaction(async (tx) => {
      if (!(await consumeActionToken(tx, engine.realm, claims))) return 'used' as const;
      if (!realmSetting(engine.realm, 'duplicateEmailsAllowed', false) && (await tx.users.findByEmail(engine.realm.id, newEmail)).some((u) => u.id !== user.id)) return 'taken' as const;
      await updateUser(tx, engine.realm, { ...user, email: newEmail, emailVerified: true });
      await tx.users.removeRequiredAction(user.id, 'VERIFY_EMAIL');
      await recordEvent(tx, engine.realm, { type: 'UPDATE_EMAIL', clientId: claims.azp ?? null, userId: user.id, ipAddress: request.ip, details: { previous_email: user.email ?? undefined, updated_email: newEmail } }, deps.clock);
      return 'done' as const;
    });
  } catch (error) {
    if (!isGatehouseError(error, 'GH_CONFLICT')) throw error;
    outcome = 'taken';
  }
  if (outcome === 'used') return usedPage(deps, engine, request, client);
  if (outcome === 'taken') {
    await recordEvent(deps.store, engine.realm, { type: 'UPDATE_EMAIL_ERROR', clientId: claims.azp ?? null, userId: user.id, ipAddress: request.ip, error: 'email_in_use', details: { updated_email: newEmail } }, deps.clock);
    return renderLoginPage(deps, engine, request, errorPage('emailExistsMessage'), { client });
  }
  const page = infoPage('emailUpdated', [newEmail], claims.rdu ?? null, client);
  page.data.messageHeader = '${emailUpdatedTitle}';
  return renderLoginPage(deps, engine, request, page, { client, user: { ...user, email: newEmail } });
}
