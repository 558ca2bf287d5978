/**
 * Two user endpoints beside the representation: `GET /users/{id}/unmanagedAttributes`
 * (Keycloak's spelling; the attributes the user profile does not declare, when its
 * unmanaged-attribute policy lets administrators see them) and `POST /users/{id}/impersonation`, answered as Keycloak does
 * with its impersonation feature off.
 */
import { buildProfile, readProfileConfig } from '../domain/profile/index.ts';
import { userOf } from './users-view.ts';
import { AdminError, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

async function unmanagedAttributes(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const config = await readProfileConfig(store, call.realm);
  const profile = buildProfile({ config, realm: call.realm, context: 'USER_API', current: { ...user, attributes: await store.users.getAttributes(user.id) } });
  return { status: 200, body: profile.unmanagedAttributes() };
}

/** Gatehouse has no impersonation: Keycloak's answer when the feature is disabled. */
async function impersonation(call: AdminCall): Promise<AdminResponse> {
  await userOf(call.deps.store, call.realm, call.params.id);
  throw new AdminError(501, { error: 'Feature not enabled' });
}

/** The routes. */
export const userExtraRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users/:id/unmanagedAttributes', permission: 'view-users', handler: unmanagedAttributes },
  { method: 'POST', path: '/users/:id/impersonation', permission: 'impersonation', handler: impersonation },
];
