/**
 * What a role contains and who holds it: `…/{role}/composites[/realm|/clients/{clientUuid}]`
 * (GET, POST and DELETE with RoleRepresentation[] bodies) and `…/{role}/users`, for realm
 * roles, client roles and roles by id alike.
 */
import { readProfileConfig } from '../domain/profile/index.ts';
import type { RoleRecord } from '../storage/ports.ts';
import { clientOf } from './client-view.ts';
import { requireRole } from './role-access.ts';
import { roleRepresentations } from './role-view.ts';
import { userRepresentation } from './users-view.ts';
import { arrayBody, objectBody, optString } from './validate.ts';
import { noContent, notFound, queryBool, queryInt, queryOne, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** Finds the role a route names (404 when there is none). */
export type RoleOf = (call: AdminCall) => Promise<RoleRecord>;

/** The roles a RoleRepresentation[] body names, by id (or a realm role's name); Keycloak's 404 otherwise. */
async function compositesOfBody(call: AdminCall): Promise<RoleRecord[]> {
  const roles: RoleRecord[] = [];
  for (const raw of arrayBody(call.body)) {
    const item = objectBody(raw);
    const id = optString(item, 'id');
    const name = optString(item, 'name');
    let role = id ? await call.deps.store.roles.findById(call.realm.id, id) : undefined;
    if (!role && !id && name) role = await call.deps.store.roles.findRealmRole(call.realm.id, name);
    if (!role) throw notFound('Could not find composite role');
    roles.push(role);
  }
  return roles;
}

/** The composite routes of the roles under `path`. */
export function roleCompositeRoutes(path: string, roleOf: RoleOf): AdminRoute[] {
  const composites = async (call: AdminCall, keep: (r: RoleRecord) => boolean): Promise<AdminResponse> => {
    const role = await roleOf(call);
    await requireRole(call, role, 'view');
    let children = (await call.deps.store.roles.listComposites(role.id)).filter(keep);
    const search = queryOne(call.query, 'search')?.toLowerCase();
    if (search) children = children.filter((r) => r.name.toLowerCase().includes(search));
    const first = queryInt(call.query, 'first') ?? 0;
    const max = queryInt(call.query, 'max');
    children = children.sort((a, b) => a.name.localeCompare(b.name)).slice(first, max === undefined ? undefined : first + max);
    return { status: 200, body: await roleRepresentations(call.deps.store, call.realm, children, false) };
  };

  async function all(call: AdminCall): Promise<AdminResponse> {
    return composites(call, () => true);
  }

  async function realmOnly(call: AdminCall): Promise<AdminResponse> {
    return composites(call, (r) => r.clientId === null);
  }

  async function ofClient(call: AdminCall): Promise<AdminResponse> {
    const client = await clientOf(call.deps.store, call.realm, call.params.clientUuid, call.caller);
    return composites(call, (r) => r.clientId === client.id);
  }

  async function add(call: AdminCall): Promise<AdminResponse> {
    const role = await roleOf(call);
    await requireRole(call, role, 'manage');
    const children = (await compositesOfBody(call)).filter((c) => c.id !== role.id);
    await call.deps.store.roles.addComposites(role.id, [...new Set(children.map((c) => c.id))]);
    return noContent;
  }

  async function remove(call: AdminCall): Promise<AdminResponse> {
    const role = await roleOf(call);
    await requireRole(call, role, 'manage');
    const children = await compositesOfBody(call);
    if (children.length > 0) await call.deps.store.roles.removeComposites(role.id, children.map((c) => c.id));
    return noContent;
  }

  return [
    { method: 'GET', path: `${path}/composites`, permission: 'any', handler: all },
    { method: 'POST', path: `${path}/composites`, permission: 'any', handler: add },
    { method: 'DELETE', path: `${path}/composites`, permission: 'any', handler: remove },
    { method: 'GET', path: `${path}/composites/realm`, permission: 'any', handler: realmOnly },
    { method: 'GET', path: `${path}/composites/clients/:clientUuid`, permission: 'any', handler: ofClient },
  ];
}

/** `GET …/{role}/users?first&max&briefRepresentation`: the users the role is mapped to directly. */
export function roleUsers(roleOf: RoleOf) {
  return async (call: AdminCall): Promise<AdminResponse> => {
    const { store } = call.deps;
    const role = await roleOf(call);
    await requireRole(call, role, 'view');
    const users = await store.roles.listUsersInRole(call.realm.id, role.id, queryInt(call.query, 'first') ?? 0, queryInt(call.query, 'max') ?? 100);
    const brief = queryBool(call.query, 'briefRepresentation') !== false;
    const config = await readProfileConfig(store, call.realm);
    const body = [];
    for (const user of users) body.push(await userRepresentation(store, call.realm, config, user, { brief }));
    return { status: 200, body };
  };
}
