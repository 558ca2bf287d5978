/**
 * A client's credentials and service account: `GET|POST /clients/{id}/client-secret`,
 * `GET|DELETE …/client-secret/rotated` (Keycloak's secret rotation), `GET …/service-account-user`
 * and the adapter configuration `GET …/installation/providers/keycloak-oidc-keycloak-json`.
 */
import { ensureServiceAccount, generateClientSecret } from '../domain/clients/service.ts';
import { attributesAfterNewSecret, attributesWithoutRotatedSecret, liveRotatedSecret, secretRotationPolicy } from '../domain/clients/secret-rotation.ts';
import { readProfileConfig } from '../domain/profile/index.ts';
import { AdminError, noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { clientOf } from './client-view.ts';
import { userRepresentation } from './users-view.ts';
import { changeRealmEngine } from './realm-changed.ts';

const secretOf = (value: unknown) => ({ type: 'secret', ...(typeof value === 'string' ? { value } : {}) });

async function getSecret(call: AdminCall): Promise<AdminResponse> {
  const client = await clientOf(call.deps.store, call.realm, call.params.id, call.caller);
  return { status: 200, body: secretOf(client.data.secret) };
}

async function regenerateSecret(call: AdminCall): Promise<AdminResponse> {
  const { deps } = call;
  const client = await clientOf(deps.store, call.realm, call.params.id, call.caller);
  const secret = generateClientSecret();
  const old = typeof client.data.secret === 'string' ? client.data.secret : undefined;
  const attributes = attributesAfterNewSecret((client.data.attributes ?? {}) as Record<string, string>, old, secretRotationPolicy(call.realm), deps.clock.now());
  await changeRealmEngine(deps, call.realm, (tx) => tx.clients.update({ ...client, data: { ...client.data, secret, attributes } }));
  return { status: 200, body: secretOf(secret) };
}

async function getRotatedSecret(call: AdminCall): Promise<AdminResponse> {
  const client = await clientOf(call.deps.store, call.realm, call.params.id, call.caller);
  const rotated = liveRotatedSecret((client.data.attributes ?? {}) as Record<string, unknown>, call.deps.clock.now());
  if (!rotated) throw notFound('Client does not have a rotated secret');
  return { status: 200, body: secretOf(rotated) };
}

async function invalidateRotatedSecret(call: AdminCall): Promise<AdminResponse> {
  const { deps } = call;
  const client = await clientOf(deps.store, call.realm, call.params.id, call.caller);
  const attributes = attributesWithoutRotatedSecret((client.data.attributes ?? {}) as Record<string, string>);
  await changeRealmEngine(deps, call.realm, (tx) => tx.clients.update({ ...client, data: { ...client.data, attributes } }));
  return noContent;
}

async function serviceAccountUser(call: AdminCall): Promise<AdminResponse> {
  const { deps } = call;
  const client = await clientOf(deps.store, call.realm, call.params.id, call.caller);
  if (client.data.serviceAccountsEnabled !== true) throw new AdminError(400, { error: `Service account not enabled for the client '${client.clientId}'` });
  await deps.store.transaction((tx) => ensureServiceAccount(tx, call.realm, client, deps.clock));
  const user = await deps.store.users.findByServiceAccountClient(call.realm.id, client.id);
  if (!user) throw notFound('User not found');
  const config = await readProfileConfig(deps.store, call.realm);
  return { status: 200, body: await userRepresentation(deps.store, call.realm, config, user, { brief: false }) };
}

/** The `keycloak.json` an adapter (keycloak-connect and others) is configured with. */
async function installation(call: AdminCall): Promise<AdminResponse> {
  const client = await clientOf(call.deps.store, call.realm, call.params.id, call.caller);
  if (call.params.provider !== 'keycloak-oidc-keycloak-json') throw notFound('Unknown Provider');
  const data = client.data;
  const bearerOnly = data.bearerOnly === true;
  // Keycloak's field order: realm, bearer-only, auth-server-url, ssl-required, resource, public-client, credentials, ….
  const body: Record<string, unknown> = { realm: call.realm.name };
  if (bearerOnly) body['bearer-only'] = true;
  body['auth-server-url'] = `${call.baseUrl}/`;
  body['ssl-required'] = typeof call.realm.settings.sslRequired === 'string' ? call.realm.settings.sslRequired : 'external';
  body.resource = client.clientId;
  if (data.publicClient === true && !bearerOnly) body['public-client'] = true;
  const timeout = typeof data.nodeReRegistrationTimeout === 'number' ? data.nodeReRegistrationTimeout : -1;
  if (data.publicClient !== true && !(bearerOnly && timeout <= 0) && typeof data.secret === 'string') body.credentials = { secret: data.secret };
  if ((await call.deps.store.roles.listClientRoles(call.realm.id, client.id)).length > 0) body['use-resource-role-mappings'] = true;
  body['confidential-port'] = 0;
  return { status: 200, body };
}

/** The client credential routes. */
export const clientSecretRoutes: AdminRoute[] = [
  { method: 'GET', path: '/clients/:id/client-secret', permission: 'view-clients', handler: getSecret },
  { method: 'POST', path: '/clients/:id/client-secret', permission: 'manage-clients', handler: regenerateSecret },
  { method: 'GET', path: '/clients/:id/client-secret/rotated', permission: 'view-clients', handler: getRotatedSecret },
  { method: 'DELETE', path: '/clients/:id/client-secret/rotated', permission: 'manage-clients', handler: invalidateRotatedSecret },
  { method: 'GET', path: '/clients/:id/service-account-user', permission: 'view-clients', handler: serviceAccountUser },
  { method: 'GET', path: '/clients/:id/installation/providers/:provider', permission: 'view-clients', handler: installation },
];
