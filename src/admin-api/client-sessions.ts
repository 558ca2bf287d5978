/**
 * Sessions by client and for the whole realm: `GET /clients/{id}/user-sessions`,
 * `…/session-count`, `…/offline-sessions`, `…/offline-session-count`, the realm's
 * `GET /client-session-stats`, `POST /logout-all` and `POST /push-revocation` (realm and client), with
 * Keycloak's shapes. Sessions are the OIDC engine's records (see domain/sessions).
 */
import { listRealmSessions } from '../domain/sessions/realm-sessions.ts';
import { endUserSession, type UserSession } from '../domain/sessions/user-sessions.ts';
import type { ClientRecord, UserRecord } from '../storage/ports.ts';
import { clientOf } from './client-view.ts';
import { realmChanged } from './realm-changed.ts';
import { sessionRepresentation } from './user-sessions.ts';
import { queryInt, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** Keycloak's GlobalRequestResult when no client has an admin URL to notify. */
const globalRequestResult = () => ({ successRequests: [], failedRequests: [] });

async function clientSessions(call: AdminCall, offline: boolean): Promise<{ client: ClientRecord; sessions: UserSession[] }> {
  const { store, clock } = call.deps;
  const client = await clientOf(store, call.realm, call.params.id, call.caller);
  const sessions = (await listRealmSessions(store, call.realm.id, clock.now())).filter((s) => s.offline === offline && s.clientIds.includes(client.clientId));
  return { client, sessions };
}

/** A page of a client's sessions as UserSessionRepresentations (Keycloak: `first` 0, `max` 100 by default). */
function sessionList(offline: boolean) {
  return async (call: AdminCall): Promise<AdminResponse> => {
    const { store } = call.deps;
    const { sessions } = await clientSessions(call, offline);
    const first = queryInt(call.query, 'first') ?? 0;
    const max = queryInt(call.query, 'max') ?? 100;
    const users = new Map<string, UserRecord | undefined>();
    const body = [];
    for (const session of sessions.slice(first, first + max)) {
      if (!users.has(session.userId)) users.set(session.userId, await store.users.findById(call.realm.id, session.userId));
      const user = users.get(session.userId);
      if (user) body.push(await sessionRepresentation(store, call.realm, user, session));
    }
    return { status: 200, body };
  };
}

function sessionCount(offline: boolean) {
  return async (call: AdminCall): Promise<AdminResponse> => ({ status: 200, body: { count: (await clientSessions(call, offline)).sessions.length } });
}

/** Per client with a session: its active and offline session counts, as strings (Keycloak's map of strings). */
async function clientSessionStats(call: AdminCall): Promise<AdminResponse> {
  const { store, clock } = call.deps;
  const counts = new Map<string, { active: number; offline: number }>();
  for (const session of await listRealmSessions(store, call.realm.id, clock.now())) {
    for (const clientId of session.clientIds) {
      const count = counts.get(clientId) ?? { active: 0, offline: 0 };
      if (session.offline) count.offline++;
      else count.active++;
      counts.set(clientId, count);
    }
  }
  const body = [];
  for (const client of await store.clients.list(call.realm.id)) {
    const count = counts.get(client.clientId);
    if (count) body.push({ id: client.id, clientId: client.clientId, active: String(count.active), offline: String(count.offline) });
  }
  return { status: 200, body };
}

/**
 * Signs every user of the realm out, as Keycloak's logout-all does: the online sessions end
 * (offline ones stay), and tokens issued before now are no longer accepted (the realm's
 * `notBefore`).
 */
async function logoutAll(call: AdminCall): Promise<AdminResponse> {
  const { deps } = call;
  const now = deps.clock.now();
  const sessions = (await listRealmSessions(deps.store, call.realm.id, now)).filter((s) => !s.offline);
  await deps.store.transaction(async (tx) => {
    for (const session of sessions) await endUserSession(tx, call.realm.id, session);
    const fresh = await tx.realms.findById(call.realm.id);
    if (fresh) await tx.realms.update({ ...fresh, settings: { ...fresh.settings, notBefore: Math.floor(now / 1000) } });
  });
  await realmChanged(deps, call.realm);
  return { status: 200, body: globalRequestResult() };
}

/** Keycloak pushes the realm's `notBefore` to clients with an admin URL; Gatehouse clients have none to notify. */
async function pushRevocation(): Promise<AdminResponse> {
  return { status: 200, body: globalRequestResult() };
}

async function pushClientRevocation(call: AdminCall): Promise<AdminResponse> {
  await clientOf(call.deps.store, call.realm, call.params.id, call.caller);
  return pushRevocation();
}

/** The client-session and realm-session routes. */
export const clientSessionRoutes: AdminRoute[] = [
  { method: 'GET', path: '/clients/:id/user-sessions', permission: 'view-clients', handler: sessionList(false) },
  { method: 'GET', path: '/clients/:id/session-count', permission: 'view-clients', handler: sessionCount(false) },
  { method: 'GET', path: '/clients/:id/offline-sessions', permission: 'view-clients', handler: sessionList(true) },
  { method: 'GET', path: '/clients/:id/offline-session-count', permission: 'view-clients', handler: sessionCount(true) },
  { method: 'GET', path: '/client-session-stats', permission: 'view-realm', handler: clientSessionStats },
  { method: 'POST', path: '/logout-all', permission: 'manage-users', handler: logoutAll },
  { method: 'POST', path: '/push-revocation', permission: 'manage-realm', handler: pushRevocation },
  { method: 'POST', path: '/clients/:id/push-revocation', permission: 'manage-clients', handler: pushClientRevocation },
];
