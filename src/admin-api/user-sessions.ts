/**
 * A user's sessions through the Admin API: `GET /users/{id}/sessions`,
 * `GET /users/{id}/offline-sessions/{clientUuid}`, `POST /users/{id}/logout` and the realm's
 * `DELETE /sessions/{session}`, with Keycloak's UserSessionRepresentation.
 */
import { endUserSession, listUserSessions, revokeGrant, type UserSession } from '../domain/sessions/user-sessions.ts';
import { updateUser } from '../domain/users/service.ts';
import type { RealmRecord, Repositories, UserRecord } from '../storage/ports.ts';
import { userOf } from './users-view.ts';
import { noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** Keycloak's UserSessionRepresentation; `clients` maps each client's internal id to its clientId. */
export async function sessionRepresentation(repos: Repositories, realm: RealmRecord, user: UserRecord, session: UserSession): Promise<Record<string, unknown>> {
  const clients: Record<string, string> = {};
  for (const clientId of session.clientIds) {
    const client = await repos.clients.findByClientId(realm.id, clientId);
    if (client) clients[client.id] = client.clientId;
  }
  return { id: session.id, username: user.username, userId: user.id, start: session.start, lastAccess: session.lastAccess, rememberMe: session.rememberMe, clients };
}

async function listSessions(call: AdminCall): Promise<AdminResponse> {
  const { store, clock } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const sessions = (await listUserSessions(store, call.realm.id, user.id, clock.now())).filter((s) => !s.offline);
  return { status: 200, body: await Promise.all(sessions.map((s) => sessionRepresentation(store, call.realm, user, s))) };
}

async function listOfflineSessions(call: AdminCall): Promise<AdminResponse> {
  const { store, clock } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const client = await store.clients.findById(call.realm.id, call.params.clientUuid ?? '');
  if (!client) throw notFound('Client not found');
  const sessions = (await listUserSessions(store, call.realm.id, user.id, clock.now())).filter((s) => s.offline && s.clientIds.includes(client.clientId));
  return { status: 200, body: await Promise.all(sessions.map((s) => sessionRepresentation(store, call.realm, user, s))) };
}

/**
 * Signs the user out everywhere, as Keycloak does: every session ends, every grant is revoked
 * (refresh tokens stop working), and tokens issued before now are no longer accepted here.
 */
async function logoutUser(call: AdminCall): Promise<AdminResponse> {
  const { store, clock } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  await store.transaction(async (tx) => {
    for (const session of await listUserSessions(tx, call.realm.id, user.id, clock.now())) await endUserSession(tx, call.realm.id, session);
    // Any grant not tied to a listed session (an expired browser session's) goes too.
    for (const grant of await tx.oidcPayloads.listByAccount(call.realm.id, 'Grant', user.id)) await revokeGrant(tx, call.realm.id, grant.id);
    const fresh = await tx.users.findById(call.realm.id, user.id);
    if (fresh) await updateUser(tx, call.realm, { ...fresh, notBefore: Math.floor(clock.now() / 1000) });
  });
  return noContent;
}

/** `DELETE /admin/realms/{realm}/sessions/{session}`: ends one session of any user of the realm. */
async function deleteSession(call: AdminCall): Promise<AdminResponse> {
  const { store, clock } = call.deps;
  const id = call.params.session ?? '';
  const realmId = call.realm.id;
  const accountId = (await store.oidcPayloads.findByUid(realmId, 'Session', id))?.accountId ?? (await store.oidcPayloads.find(realmId, 'Grant', id))?.accountId;
  const session = accountId ? (await listUserSessions(store, realmId, accountId, clock.now())).find((s) => s.id === id) : undefined;
  if (!session) throw notFound('Session not found');
  await store.transaction((tx) => endUserSession(tx, realmId, session));
  return noContent;
}

/** The session routes. */
export const userSessionRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users/:id/sessions', permission: 'view-users', handler: listSessions },
  { method: 'GET', path: '/users/:id/offline-sessions/:clientUuid', permission: 'view-users', handler: listOfflineSessions },
  { method: 'POST', path: '/users/:id/logout', permission: 'manage-users', handler: logoutUser },
  { method: 'DELETE', path: '/sessions/:session', permission: 'manage-users', handler: deleteSession },
];
