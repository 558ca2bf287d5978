/**
 * Fine-grained admin permissions as Keycloak reports them with that feature off (Gatehouse
 * has no fine-grained admin permissions): `GET /users-management-permissions`,
 * `GET /groups/{id}/management/permissions`, `GET /clients/{id}/management/permissions` and
 * `GET /roles-by-id/{id}/management/permissions` answer `{"enabled": false}`.
 */
import { clientOf } from './client-view.ts';
import { groupOf } from './group-view.ts';
import { notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** Keycloak's ManagementPermissionReference of something whose permissions are not enabled. */
const disabled: AdminResponse = { status: 200, body: { enabled: false } };

async function realmUsers(): Promise<AdminResponse> {
  return disabled;
}

async function group(call: AdminCall): Promise<AdminResponse> {
  await groupOf(call.deps.store, call.realm, call.params.id);
  return disabled;
}

async function client(call: AdminCall): Promise<AdminResponse> {
  await clientOf(call.deps.store, call.realm, call.params.id, call.caller);
  return disabled;
}

async function role(call: AdminCall): Promise<AdminResponse> {
  const found = await call.deps.store.roles.findById(call.realm.id, call.params.id ?? '');
  if (!found) throw notFound('Could not find role with id');
  return disabled;
}

/** The management-permission routes. */
export const managementPermissionRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users-management-permissions', permission: 'view-realm', handler: realmUsers },
  { method: 'GET', path: '/groups/:id/management/permissions', permission: 'view-users', handler: group },
  { method: 'GET', path: '/clients/:id/management/permissions', permission: 'view-clients', handler: client },
  { method: 'GET', path: '/roles-by-id/:id/management/permissions', permission: 'view-realm', handler: role },
];
