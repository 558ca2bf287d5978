/**
 * Roles by their id, whatever their container: `GET|PUT|DELETE /roles-by-id/{id}` and
 * `…/composites[/realm|/clients/{clientUuid}]`.
 */
import { defaultRoleName } from '../domain/realms/model.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import type { RoleRecord } from '../storage/ports.ts';
import { requireRole } from './role-access.ts';
import { roleCompositeRoutes } from './role-composites.ts';
import { roleRepresentation } from './role-view.ts';
import { objectBody, optAttributes, optString } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

async function roleById(call: AdminCall): Promise<RoleRecord> {
  const role = call.params.roleId ? await call.deps.store.roles.findById(call.realm.id, call.params.roleId) : undefined;
  if (!role) throw notFound('Could not find role with id');
  return role;
}

async function getRole(call: AdminCall): Promise<AdminResponse> {
  const role = await roleById(call);
  await requireRole(call, role, 'view');
  return { status: 200, body: await roleRepresentation(call.deps.store, call.realm, role) };
}

async function putRole(call: AdminCall): Promise<AdminResponse> {
  const role = await roleById(call);
  await requireRole(call, role, 'manage');
  const body = objectBody(call.body);
  const name = optString(body, 'name');
  const description = optString(body, 'description');
  const attributes = optAttributes(body);
  try {
    await call.deps.store.roles.update({
      ...role,
      name: name && name.trim() !== '' ? name : role.name,
      description: description === undefined ? role.description : description,
      attributes: attributes ?? role.attributes,
    });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw new AdminError(409, { errorMessage: `Role with name ${String(name)} already exists` });
    throw error;
  }
  return noContent;
}

async function deleteRole(call: AdminCall): Promise<AdminResponse> {
  const role = await roleById(call);
  await requireRole(call, role, 'manage');
  if (role.clientId === null && role.name === defaultRoleName(call.realm.name)) throw badRequest('You cannot delete the default role');
  await call.deps.store.roles.delete(call.realm.id, role.id);
  return noContent;
}

/** The roles-by-id routes. */
export const roleByIdRoutes: AdminRoute[] = [
  { method: 'GET', path: '/roles-by-id/:roleId', permission: 'any', handler: getRole },
  { method: 'PUT', path: '/roles-by-id/:roleId', permission: 'any', handler: putRole },
  { method: 'DELETE', path: '/roles-by-id/:roleId', permission: 'any', handler: deleteRole },
  ...roleCompositeRoutes('/roles-by-id/:roleId', roleById),
];
