/**
 * Emails an administrator sends a user: `PUT /users/{id}/send-verify-email` and
 * `PUT /users/{id}/execute-actions-email`, with Keycloak's query parameters (`client_id`,
 * `redirect_uri`, `lifespan`), checks and error texts.
 */
import { sendExecuteActionsEmail, sendVerifyEmail } from '../domain/action-tokens/index.ts';
import { recordEvent } from '../domain/events/service.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import { builtinRequiredActions } from '../flows/index.ts';
import { redirectUriMatches, resolveRedirectPatterns } from '../protocol/oidc/redirect-uris.ts';
import type { ClientRecord, RealmRecord, UserRecord } from '../storage/ports.ts';
import { arrayBody } from './validate.ts';
import { badRequest, noContent, notFound, queryOne, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** Keycloak's default client for these links when the call names none: the account console. */
const ACCOUNT_CLIENT = 'account';

/** What every admin-sent link needs: an enabled user with an address, a known client, an allowed redirect, a lifespan. */
interface LinkTarget {
  user: UserRecord;
  client: ClientRecord;
  redirectUri: string | null;
  lifespan: number | undefined;
}

async function linkTarget(call: AdminCall): Promise<LinkTarget> {
  const { realm, deps } = call;
  const user = await deps.store.users.findById(realm.id, call.params.id ?? '');
  if (!user) throw notFound('User not found');
  if (!user.email) throw badRequest('User email missing');
  if (!user.enabled) throw badRequest('User is disabled');
  const clientId = queryOne(call.query, 'client_id');
  const redirectUri = queryOne(call.query, 'redirect_uri') ?? null;
  if (redirectUri !== null && !clientId) throw badRequest('Client id missing');
  const client = await deps.store.clients.findByClientId(realm.id, clientId ?? ACCOUNT_CLIENT);
  if (!client) throw badRequest("Client doesn't exist");
  if (client.data.enabled === false) throw badRequest('Client is not enabled');
  if (redirectUri !== null && !redirectAllowed(call, realm, client, redirectUri)) throw badRequest('Invalid redirect uri.');
  const raw = queryOne(call.query, 'lifespan');
  if (raw !== undefined && !/^\d+$/.test(raw)) throw badRequest('Invalid lifespan');
  return { user, client, redirectUri, lifespan: raw === undefined ? undefined : Number(raw) };
}

function redirectAllowed(call: AdminCall, realm: RealmRecord, client: ClientRecord, redirectUri: string): boolean {
  const registered = Array.isArray(client.data.redirectUris) ? client.data.redirectUris.filter((u): u is string => typeof u === 'string') : [];
  const rootUrl = typeof client.data.rootUrl === 'string' ? client.data.rootUrl : undefined;
  return redirectUriMatches(redirectUri, resolveRedirectPatterns(registered, rootUrl, call.baseUrl));
}

/** The realm's enabled required actions that Gatehouse can run, by alias. */
async function runnableActions(call: AdminCall): Promise<Set<string>> {
  const records = await call.deps.store.requiredActions.list(call.realm.id);
  return new Set(records.filter((r) => r.enabled && (builtinRequiredActions.has(r.providerId) || builtinRequiredActions.has(r.alias))).map((r) => r.alias));
}

/** Writes the email; an address that cannot take mail is Keycloak's "Failed to send …" (as a 400: the stored data is at fault). */
async function sending(work: () => Promise<void>, failure: string): Promise<AdminResponse> {
  try {
    await work();
  } catch (error) {
    if (isGatehouseError(error, 'GH_INVALID_INPUT')) throw badRequest(failure);
    throw error;
  }
  return noContent;
}

async function sendVerifyEmailHandler(call: AdminCall): Promise<AdminResponse> {
  const target = await linkTarget(call);
  const { realm, deps } = call;
  return sending(() => deps.store.transaction(async (tx) => {
    await sendVerifyEmail(
      tx,
      realm,
      target.user,
      { baseUrl: call.baseUrl, issuedBy: 'admin', lifespan: target.lifespan, clientId: target.client.clientId, redirectUri: target.redirectUri },
      deps.clock,
    );
    await recordEvent(tx, realm, { type: 'SEND_VERIFY_EMAIL', clientId: target.client.clientId, userId: target.user.id, details: { email: target.user.email ?? undefined } }, deps.clock);
  }), 'Failed to send verify email');
}

async function executeActionsEmailHandler(call: AdminCall): Promise<AdminResponse> {
  const actions = arrayBody(call.body ?? []).map((a) => {
    if (typeof a !== 'string') throw badRequest('Required actions must be a list of names');
    return a;
  });
  const target = await linkTarget(call);
  const runnable = await runnableActions(call);
  for (const action of actions) if (!runnable.has(action)) throw badRequest(`Provider for required action ${action} not found`);
  const { realm, deps } = call;
  return sending(() => deps.store.transaction(async (tx) => {
    await sendExecuteActionsEmail(
      tx,
      realm,
      target.user,
      { baseUrl: call.baseUrl, issuedBy: 'admin', lifespan: target.lifespan, clientId: target.client.clientId, redirectUri: target.redirectUri, requiredActions: actions },
      deps.clock,
    );
    await recordEvent(tx, realm, { type: 'EXECUTE_ACTIONS', clientId: target.client.clientId, userId: target.user.id, details: { email: target.user.email ?? undefined, required_actions: actions.join(',') } }, deps.clock);
  }), 'Failed to send execute actions email');
}

export const userEmailRoutes: AdminRoute[] = [
  { method: 'PUT', path: '/users/:id/send-verify-email', permission: 'manage-users', handler: sendVerifyEmailHandler },
  { method: 'PUT', path: '/users/:id/execute-actions-email', permission: 'manage-users', handler: executeActionsEmailHandler },
];
