/**
 * Realm roles (`/roles[/{name}]`) and client roles (`/clients/{id}/roles[/{name}]`), with
 * Keycloak's RoleRepresentation `{id, name, description, composite, clientRole, containerId, attributes}`,
 * the users holding a role, and its composites.
 */
import { defaultRoleName } from '../domain/realms/model.ts';
import { newId } from '../kernel/ids.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import type { RealmRecord, Repositories, RoleRecord } from '../storage/ports.ts';
import { roleRepresentation, roleRepresentations } from './role-view.ts';
import type { Permission } from './auth.ts';
import { clientOf } from './client-view.ts';
import { requireRoleContainer } from './role-access.ts';
import { roleCompositeRoutes, roleUsers } from './role-composites.ts';
import { objectBody, optAttributes, optString } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, queryBool, queryInt, queryOne, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { realmChanged } from './realm-changed.ts';
import { roleGroups } from './role-groups.ts';

export { roleRepresentation, roleRepresentations } from './role-view.ts';

/** The container a role route names: the realm (null) or a client's internal id. */
type ContainerOf = (call: AdminCall) => Promise<string | null>;

const realmContainer: ContainerOf = async () => null;
const clientContainer: ContainerOf = async (call) => (await clientOf(call.deps.store, call.realm, call.params.id, call.caller)).id;

/** The role of a container by name, or Keycloak's 404. */
export async function roleByName(repos: Repositories, realm: RealmRecord, clientId: string | null, name: string | undefined): Promise<RoleRecord> {
  const role = !name ? undefined : clientId === null ? await repos.roles.findRealmRole(realm.id, name) : await repos.roles.findClientRole(realm.id, clientId, name);
  if (!role) throw notFound('Could not find role');
  return role;
}

const conflict = (name: unknown) => new AdminError(409, { errorMessage: `Role with name ${String(name)} already exists` });

/** The routes of one kind of role container under `path` (`''` or `/clients/:id`). */
function roleContainerRoutes(path: string, containerOf: ContainerOf, manage: Permission): AdminRoute[] {
  async function listRoles(call: AdminCall): Promise<AdminResponse> {
    const { store } = call.deps;
    const clientId = await containerOf(call);
    const search = queryOne(call.query, 'search')?.toLowerCase();
    let roles = clientId === null ? await store.roles.listRealmRoles(call.realm.id) : await store.roles.listClientRoles(call.realm.id, clientId);
    roles = roles.sort((a, b) => a.name.localeCompare(b.name));
    if (search) roles = roles.filter((r) => r.name.toLowerCase().includes(search) || (r.description ?? '').toLowerCase().includes(search));
    const first = queryInt(call.query, 'first') ?? 0;
    const max = queryInt(call.query, 'max');
    roles = roles.slice(first, max === undefined ? undefined : first + max);
    return { status: 200, body: await roleRepresentations(store, call.realm, roles, queryBool(call.query, 'briefRepresentation') !== false) };
  }

  async function postRole(call: AdminCall): Promise<AdminResponse> {
    const clientId = await containerOf(call);
    const body = objectBody(call.body);
    const name = optString(body, 'name');
    const description = optString(body, 'description');
    const attributes = optAttributes(body) ?? {};
    if (!name || name.trim() === '') throw badRequest('Role name is missing', 'name');
    try {
      await call.deps.store.roles.create({ id: newId(), realmId: call.realm.id, name, description: description ?? null, clientId, attributes });
    } catch (error) {
      if (isGatehouseError(error, 'GH_CONFLICT')) throw conflict(name);
      throw error;
    }
    const container = clientId === null ? '' : `/clients/${clientId}`;
    return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}${container}/roles/${encodeURIComponent(name)}` };
  }

  const roleOf = async (call: AdminCall): Promise<RoleRecord> => roleByName(call.deps.store, call.realm, await containerOf(call), call.params.name);

  async function getRole(call: AdminCall): Promise<AdminResponse> {
    const role = await roleOf(call);
    await requireRoleContainer(call, role.clientId, 'view');
    return { status: 200, body: await roleRepresentation(call.deps.store, call.realm, role) };
  }

  async function putRole(call: AdminCall): Promise<AdminResponse> {
    const { store } = call.deps;
    const role = await roleOf(call);
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
      if (isGatehouseError(error, 'GH_CONFLICT')) throw conflict(name);
      throw error;
    }
    await realmChanged(call.deps, call.realm);
    return noContent;
  }

  async function deleteRole(call: AdminCall): Promise<AdminResponse> {
    const role = await roleOf(call);
    if (role.clientId === null && role.name === defaultRoleName(call.realm.name)) throw badRequest('You cannot delete the default role');
    await call.deps.store.roles.delete(call.realm.id, role.id);
    return noContent;
  }

  const base = `${path}/roles`;
  return [
    { method: 'GET', path: base, permission: 'any', handler: listRoles },
    { method: 'POST', path: base, permission: manage, handler: postRole },
    { method: 'GET', path: `${base}/:name`, permission: 'any', handler: getRole },
    { method: 'PUT', path: `${base}/:name`, permission: manage, handler: putRole },
    { method: 'DELETE', path: `${base}/:name`, permission: manage, handler: deleteRole },
    { method: 'GET', path: `${base}/:name/users`, permission: 'query-users', handler: roleUsers(roleOf) },
    { method: 'GET', path: `${base}/:name/groups`, permission: 'any', handler: roleGroups(roleOf) },
    ...roleCompositeRoutes(`${base}/:name`, roleOf),
  ];
}

/** The realm-role and client-role routes. */
export const roleRoutes: AdminRoute[] = [
  ...roleContainerRoutes('', realmContainer, 'manage-realm'),
  ...roleContainerRoutes('/clients/:id', clientContainer, 'manage-clients'),
];
