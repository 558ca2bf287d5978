/**
 * Realm roles: `GET|POST /roles` and `GET|PUT|DELETE /roles/{name}`, with Keycloak's
 * RoleRepresentation `{id, name, description, composite, clientRole, containerId, attributes}`.
 */
import { defaultRoleName } from '../domain/realms/model.ts';
import { newId } from '../kernel/ids.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import type { RealmRecord, Repositories, RoleRecord } from '../storage/ports.ts';
import { objectBody, optAttributes, optString } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, queryBool, queryInt, queryOne, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** Keycloak's RoleRepresentation; the brief one has no attributes. */
export async function roleRepresentation(repos: Repositories, realm: RealmRecord, role: RoleRecord, brief = false): Promise<Record<string, unknown>> {
  return {
    id: role.id,
    name: role.name,
    ...(role.description !== null ? { description: role.description } : {}),
    composite: (await repos.roles.listComposites(role.id)).length > 0,
    clientRole: role.clientId !== null,
    containerId: role.clientId ?? realm.id,
    ...(brief ? {} : { attributes: role.attributes }),
  };
}

async function roleOf(repos: Repositories, realm: RealmRecord, name: string | undefined): Promise<RoleRecord> {
  const role = name ? await repos.roles.findRealmRole(realm.id, name) : undefined;
  if (!role) throw notFound('Could not find role');
  return role;
}

async function listRoles(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const search = queryOne(call.query, 'search')?.toLowerCase();
  let roles = (await store.roles.listRealmRoles(call.realm.id)).sort((a, b) => a.name.localeCompare(b.name));
  if (search) roles = roles.filter((r) => r.name.toLowerCase().includes(search) || (r.description ?? '').toLowerCase().includes(search));
  const first = queryInt(call.query, 'first') ?? 0;
  const max = queryInt(call.query, 'max');
  roles = roles.slice(first, max === undefined ? undefined : first + max);
  const brief = queryBool(call.query, 'briefRepresentation') !== false;
  const body = [];
  for (const role of roles) body.push(await roleRepresentation(store, call.realm, role, brief));
  return { status: 200, body };
}

async function postRole(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const name = optString(body, 'name');
  const description = optString(body, 'description');
  const attributes = optAttributes(body) ?? {};
  if (!name || name.trim() === '') throw badRequest('Role name is missing', 'name');
  try {
    await call.deps.store.roles.create({ id: newId(), realmId: call.realm.id, name, description: description ?? null, clientId: null, attributes });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw new AdminError(409, { errorMessage: `Role with name ${name} already exists` });
    throw error;
  }
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/roles/${encodeURIComponent(name)}` };
}

async function getRole(call: AdminCall): Promise<AdminResponse> {
  const role = await roleOf(call.deps.store, call.realm, call.params.name);
  return { status: 200, body: await roleRepresentation(call.deps.store, call.realm, role) };
}

async function putRole(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const role = await roleOf(store, call.realm, call.params.name);
  const body = objectBody(call.body);
  const name = optString(body, 'name');
  const description = optString(body, 'description');
  const attributes = optAttributes(body);
  try {
    await store.roles.update({
      ...role,
      name: name && name.trim() !== '' ? name : role.name,
      description: description === undefined ? role.description : description,
      attributes: attributes ?? role.attributes,
    });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw new AdminError(409, { errorMessage: `Role with name ${name} already exists` });
    throw error;
  }
  call.deps.registry.invalidate(call.realm.name);
  return noContent;
}

async function deleteRole(call: AdminCall): Promise<AdminResponse> {
  const role = await roleOf(call.deps.store, call.realm, call.params.name);
  if (role.name === defaultRoleName(call.realm.name)) throw badRequest('You cannot delete the default role');
  await call.deps.store.roles.delete(call.realm.id, role.id);
  return noContent;
}

/** The realm-role routes. */
export const roleRoutes: AdminRoute[] = [
  { method: 'GET', path: '/roles', permission: 'any', handler: listRoles },
  { method: 'POST', path: '/roles', permission: 'manage-realm', handler: postRole },
  { method: 'GET', path: '/roles/:name', permission: 'any', handler: getRole },
  { method: 'PUT', path: '/roles/:name', permission: 'manage-realm', handler: putRole },
  { method: 'DELETE', path: '/roles/:name', permission: 'manage-realm', handler: deleteRole },
];
