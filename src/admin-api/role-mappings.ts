/**
 * Role mappings of a role holder (a user; groups, clients and client scopes mount the same
 * routes through {@link roleMappingRoutesFor}): `GET {holder}/role-mappings`,
 * `GET|POST|DELETE {holder}/role-mappings/realm[/available|/composite]` and
 * `GET|POST|DELETE {holder}/role-mappings/clients/{clientUuid}[/available|/composite]`.
 */
import { effectiveRoles } from '../domain/roles/effective-roles.ts';
import type { Repositories, RoleRecord } from '../storage/ports.ts';
import type { Permission } from './auth.ts';
import { roleRepresentations } from './role-view.ts';
import { userOf } from './users-view.ts';
import { arrayBody, objectBody, optString } from './validate.ts';
import { noContent, notFound, queryBool, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** How the role-mapping routes read and change the mappings of one kind of holder. */
export interface RoleMappingHolder {
  /** The holder's path, e.g. `/users/:id` or `/groups/:id` (the param must not be `clientUuid`). */
  path: string;
  /** The mappings' path segment: `role-mappings` (users, groups) or `scope-mappings` (clients, client scopes). */
  segment?: 'role-mappings' | 'scope-mappings';
  view: Permission;
  manage: Permission;
  /** The holder's id for this call; throws the holder's 404 when it does not exist. */
  load(call: AdminCall): Promise<string>;
  /** The roles mapped to the holder directly. */
  direct(repos: Repositories, holderId: string): Promise<RoleRecord[]>;
  /** Every role the holder has, through its groups and composites too. */
  effective(repos: Repositories, realmId: string, holderId: string): Promise<RoleRecord[]>;
  grant(repos: Repositories, holderId: string, roleIds: string[]): Promise<void>;
  revoke(repos: Repositories, holderId: string, roleIds: string[]): Promise<void>;
}

/** The realm roles a body (RoleRepresentation[] with id and/or name) names; 404 for an unknown one. */
async function realmRolesOfBody(call: AdminCall): Promise<RoleRecord[]> {
  const roles: RoleRecord[] = [];
  for (const raw of arrayBody(call.body)) {
    const item = objectBody(raw);
    const id = optString(item, 'id');
    const name = optString(item, 'name');
    let role = id ? await call.deps.store.roles.findById(call.realm.id, id) : undefined;
    if (!role && name) role = await call.deps.store.roles.findRealmRole(call.realm.id, name);
    if (!role || role.clientId !== null) throw notFound('Role not found');
    roles.push(role);
  }
  return roles;
}

/** The client roles a body names: by name within the client, and the id must agree (Keycloak's check). */
async function clientRolesOfBody(call: AdminCall, clientUuid: string): Promise<RoleRecord[]> {
  const roles: RoleRecord[] = [];
  for (const raw of arrayBody(call.body)) {
    const item = objectBody(raw);
    const id = optString(item, 'id');
    const name = optString(item, 'name');
    const role = name ? await call.deps.store.roles.findClientRole(call.realm.id, clientUuid, name) : id ? await call.deps.store.roles.findById(call.realm.id, id) : undefined;
    if (!role || role.clientId !== clientUuid || (id && role.id !== id)) throw notFound('Role not found');
    roles.push(role);
  }
  return roles;
}

/** The role-mapping routes of one kind of holder. */
export function roleMappingRoutesFor(holder: RoleMappingHolder): AdminRoute[] {
  const base = `${holder.path}/${holder.segment ?? 'role-mappings'}`;
  const brief = (call: AdminCall) => queryBool(call.query, 'briefRepresentation') !== false;

  async function all(call: AdminCall): Promise<AdminResponse> {
    const { store } = call.deps;
    const roles = await holder.direct(store, await holder.load(call));
    const realmRoles = roles.filter((r) => r.clientId === null);
    const body: Record<string, unknown> = {};
    if (realmRoles.length > 0) body.realmMappings = await roleRepresentations(store, call.realm, realmRoles);
    const byClient = new Map<string, RoleRecord[]>();
    for (const role of roles) if (role.clientId) byClient.set(role.clientId, [...(byClient.get(role.clientId) ?? []), role]);
    if (byClient.size > 0) {
      const clientMappings: Record<string, unknown> = {};
      for (const [uuid, list] of byClient) {
        const client = await store.clients.findById(call.realm.id, uuid);
        if (client) clientMappings[client.clientId] = { id: uuid, client: client.clientId, mappings: await roleRepresentations(store, call.realm, list) };
      }
      body.clientMappings = clientMappings;
    }
    return { status: 200, body };
  }

  /** The client a `clients/{clientUuid}` route names (null for the realm routes). */
  const clientIdOf = async (call: AdminCall): Promise<string | null> => {
    if (call.params.clientUuid === undefined) return null;
    const client = await call.deps.store.clients.findById(call.realm.id, call.params.clientUuid);
    // Keycloak's two wordings: role mappings say "Client not found", scope mappings "Could not find client".
    if (!client) throw notFound(holder.segment === 'scope-mappings' ? 'Could not find client' : 'Client not found');
    return client.id;
  };

  const direct = async (call: AdminCall): Promise<AdminResponse> => {
    const holderId = await holder.load(call);
    const clientId = await clientIdOf(call);
    const roles = (await holder.direct(call.deps.store, holderId)).filter((r) => r.clientId === clientId);
    return { status: 200, body: await roleRepresentations(call.deps.store, call.realm, roles) };
  };

  const composite = async (call: AdminCall): Promise<AdminResponse> => {
    const holderId = await holder.load(call);
    const clientId = await clientIdOf(call);
    const roles = (await holder.effective(call.deps.store, call.realm.id, holderId)).filter((r) => r.clientId === clientId);
    return { status: 200, body: await roleRepresentations(call.deps.store, call.realm, roles, brief(call)) };
  };

  const available = async (call: AdminCall): Promise<AdminResponse> => {
    const { store } = call.deps;
    const holderId = await holder.load(call);
    const clientId = await clientIdOf(call);
    const held = new Set((await holder.effective(store, call.realm.id, holderId)).map((r) => r.id));
    const roles = clientId === null ? await store.roles.listRealmRoles(call.realm.id) : await store.roles.listClientRoles(call.realm.id, clientId);
    return { status: 200, body: await roleRepresentations(store, call.realm, roles.filter((r) => !held.has(r.id))) };
  };

  const rolesOfBody = async (call: AdminCall): Promise<RoleRecord[]> => {
    const clientId = await clientIdOf(call);
    return clientId === null ? realmRolesOfBody(call) : clientRolesOfBody(call, clientId);
  };

  const add = async (call: AdminCall): Promise<AdminResponse> => {
    const holderId = await holder.load(call);
    const roles = await rolesOfBody(call);
    const held = new Set((await holder.direct(call.deps.store, holderId)).map((r) => r.id));
    const added = [...new Set(roles.map((r) => r.id).filter((id) => !held.has(id)))];
    if (added.length > 0) await holder.grant(call.deps.store, holderId, added);
    return noContent;
  };

  const remove = async (call: AdminCall): Promise<AdminResponse> => {
    const holderId = await holder.load(call);
    const roles = await rolesOfBody(call);
    if (roles.length > 0) await holder.revoke(call.deps.store, holderId, roles.map((r) => r.id));
    return noContent;
  };

  const routes = (path: string): AdminRoute[] => [
    { method: 'GET', path, permission: holder.view, handler: direct },
    { method: 'GET', path: `${path}/composite`, permission: holder.view, handler: composite },
    { method: 'GET', path: `${path}/available`, permission: holder.view, handler: available },
    { method: 'POST', path, permission: holder.manage, handler: add },
    { method: 'DELETE', path, permission: holder.manage, handler: remove },
  ];
  return [{ method: 'GET', path: base, permission: holder.view, handler: all }, ...routes(`${base}/realm`), ...routes(`${base}/clients/:clientUuid`)];
}

/** Users as role holders. */
export const userRoleHolder: RoleMappingHolder = {
  path: '/users/:id',
  view: 'view-users',
  manage: 'manage-users',
  load: async (call) => (await userOf(call.deps.store, call.realm, call.params.id)).id,
  direct: (repos, userId) => repos.roles.listUserRoles(userId),
  effective: (repos, realmId, userId) => effectiveRoles(repos, realmId, userId),
  grant: (repos, userId, roleIds) => repos.roles.grantToUser(userId, roleIds),
  revoke: (repos, userId, roleIds) => repos.roles.revokeFromUser(userId, roleIds),
};

/** The role-mapping routes of users. */
export const roleMappingRoutes: AdminRoute[] = roleMappingRoutesFor(userRoleHolder);
