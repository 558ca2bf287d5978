/**
 * A user's credentials through the Admin API, as Keycloak serves them: list (never a secret),
 * delete, relabel (`text/plain` body), reorder (`moveToFirst`, `moveAfter`), plus the empty
 * answers for what Gatehouse does not store (user-storage credential types, consents,
 * federated identity links).
 */
import { PASSWORD_HISTORY } from '../domain/credentials/service.ts';
import type { CredentialRecord, Repositories } from '../storage/ports.ts';
import { userOf } from './users-view.ts';
import { badRequest, noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** Keycloak's longest credential label. */
const MAX_LABEL_LENGTH = 255;

/** The credentials a user sees, in their order; replaced passwords are history, not credentials. */
async function visibleCredentials(repos: Repositories, userId: string): Promise<CredentialRecord[]> {
  return (await repos.credentials.listForUser(userId)).filter((c) => c.type !== PASSWORD_HISTORY);
}

/** Keycloak's CredentialRepresentation without `secretData`. */
function credentialRepresentation(c: CredentialRecord): Record<string, unknown> {
  return { id: c.id, type: c.type, ...(c.userLabel !== null ? { userLabel: c.userLabel } : {}), createdDate: c.createdDate, credentialData: c.credentialData };
}

async function credentialOf(call: AdminCall): Promise<{ userId: string; credential: CredentialRecord; all: CredentialRecord[] }> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  const all = await visibleCredentials(call.deps.store, user.id);
  const credential = all.find((c) => c.id === call.params.credentialId);
  if (!credential) throw notFound('Credential not found');
  return { userId: user.id, credential, all };
}

async function listCredentials(call: AdminCall): Promise<AdminResponse> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  return { status: 200, body: (await visibleCredentials(call.deps.store, user.id)).map(credentialRepresentation) };
}

async function deleteCredential(call: AdminCall): Promise<AdminResponse> {
  const { userId, credential } = await credentialOf(call);
  await call.deps.store.credentials.delete(userId, credential.id);
  return noContent;
}

async function updateLabel(call: AdminCall): Promise<AdminResponse> {
  const { credential } = await credentialOf(call);
  const body = call.body ?? '';
  if (typeof body !== 'string') throw badRequest('The credential label must be sent as text/plain', 'userLabel');
  const label = body.trim();
  if (label.length > MAX_LABEL_LENGTH) throw badRequest(`The credential label must be at most ${MAX_LABEL_LENGTH} characters`, 'userLabel');
  await call.deps.store.credentials.update({ ...credential, userLabel: label === '' ? null : label });
  return noContent;
}

/** Saves a new order as priorities 10, 20, … (Keycloak's spacing), writing only what changed. */
async function saveOrder(repos: Repositories, ordered: CredentialRecord[]): Promise<void> {
  for (const [index, credential] of ordered.entries()) {
    const priority = (index + 1) * 10;
    if (credential.priority !== priority) await repos.credentials.update({ ...credential, priority });
  }
}

async function moveToFirst(call: AdminCall): Promise<AdminResponse> {
  const { credential, all } = await credentialOf(call);
  await call.deps.store.transaction((tx) => saveOrder(tx, [credential, ...all.filter((c) => c.id !== credential.id)]));
  return noContent;
}

async function moveAfter(call: AdminCall): Promise<AdminResponse> {
  const { credential, all } = await credentialOf(call);
  const rest = all.filter((c) => c.id !== credential.id);
  const at = rest.findIndex((c) => c.id === call.params.newPreviousCredentialId);
  if (at < 0) throw notFound('Credential not found');
  rest.splice(at + 1, 0, credential);
  await call.deps.store.transaction((tx) => saveOrder(tx, rest));
  return noContent;
}

/** An empty list for an existing user: what Gatehouse has none of (no user federation, no stored consents or links). */
const emptyFor = async (call: AdminCall): Promise<AdminResponse> => {
  await userOf(call.deps.store, call.realm, call.params.id);
  return { status: 200, body: [] };
};

async function removeFederatedIdentity(call: AdminCall): Promise<AdminResponse> {
  await userOf(call.deps.store, call.realm, call.params.id);
  throw notFound('Link not found');
}

/** The credential routes. */
export const userCredentialRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users/:id/credentials', permission: 'view-users', handler: listCredentials },
  { method: 'DELETE', path: '/users/:id/credentials/:credentialId', permission: 'manage-users', handler: deleteCredential },
  { method: 'PUT', path: '/users/:id/credentials/:credentialId/userLabel', permission: 'manage-users', handler: updateLabel },
  { method: 'POST', path: '/users/:id/credentials/:credentialId/moveToFirst', permission: 'manage-users', handler: moveToFirst },
  { method: 'POST', path: '/users/:id/credentials/:credentialId/moveAfter/:newPreviousCredentialId', permission: 'manage-users', handler: moveAfter },
  { method: 'GET', path: '/users/:id/configured-user-storage-credential-types', permission: 'view-users', handler: emptyFor },
  { method: 'GET', path: '/users/:id/consents', permission: 'view-users', handler: emptyFor },
  { method: 'GET', path: '/users/:id/federated-identity', permission: 'view-users', handler: emptyFor },
  { method: 'DELETE', path: '/users/:id/federated-identity/:alias', permission: 'manage-users', handler: removeFederatedIdentity },
];
