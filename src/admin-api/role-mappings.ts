/**
 * A user's role mappings: `GET /users/{id}/role-mappings` and
 * `GET|POST|DELETE /users/{id}/role-mappings/realm[/available|/composite]`.
 */
import { effectiveRoles } from '../domain/roles/effective-roles.ts';
import type { RoleRecord } from '../storage/ports.ts';
import { roleRepresentation } from './roles.ts';
import { userOf } from './users-view.ts';
import { arrayBody, objectBody, optString } from './validate.ts';
import { noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

async function represent(call: AdminCall, roles: RoleRecord[]): Promise<Record<string, unknown>[]> {
  const result = [];
  for (const role of roles.sort((a, b) => a.name.localeCompare(b.name))) result.push(await roleRepresentation(call.deps.store, call.realm, role, true));
  return result;
}

async function allMappings(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const roles = await store.roles.listUserRoles(user.id);
  const realmRoles = roles.filter((r) => r.clientId === null);
  const body: Record<string, unknown> = {};
  if (realmRoles.length > 0) body.realmMappings = await represent(call, realmRoles);
  const byClient = new Map<string, RoleRecord[]>();
  for (const role of roles) if (role.clientId) byClient.set(role.clientId, [...(byClient.get(role.clientId) ?? []), role]);
  if (byClient.size > 0) {
    const clientMappings: Record<string, unknown> = {};
    for (const [uuid, list] of byClient) {
      const client = await store.clients.findById(call.realm.id, uuid);
      if (client) clientMappings[client.clientId] = { id: uuid, client: client.clientId, mappings: await represent(call, list) };
    }
    body.clientMappings = clientMappings;
  }
  return { status: 200, body };
}

async function realmMappings(call: AdminCall): Promise<AdminResponse> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  return { status: 200, body: await represent(call, (await call.deps.store.roles.listUserRoles(user.id)).filter((r) => r.clientId === null)) };
}

async function compositeMappings(call: AdminCall): Promise<AdminResponse> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  const roles = await effectiveRoles(call.deps.store, call.realm.id, user.id);
  return { status: 200, body: await represent(call, roles.filter((r) => r.clientId === null)) };
}

async function availableMappings(call: AdminCall): Promise<AdminResponse> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  const held = new Set((await effectiveRoles(call.deps.store, call.realm.id, user.id)).map((r) => r.id));
  const roles = (await call.deps.store.roles.listRealmRoles(call.realm.id)).filter((r) => !held.has(r.id));
  return { status: 200, body: await represent(call, roles) };
}

/** The realm roles a body (RoleRepresentation[] with id and/or name) names; 404 for an unknown one. */
async function rolesOfBody(call: AdminCall): Promise<RoleRecord[]> {
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

async function addMappings(call: AdminCall): Promise<AdminResponse> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  const roles = await rolesOfBody(call);
  const held = new Set((await call.deps.store.roles.listUserRoles(user.id)).map((r) => r.id));
  const added = roles.map((r) => r.id).filter((id) => !held.has(id));
  if (added.length > 0) await call.deps.store.roles.grantToUser(user.id, [...new Set(added)]);
  return noContent;
}

async function removeMappings(call: AdminCall): Promise<AdminResponse> {
  const user = await userOf(call.deps.store, call.realm, call.params.id);
  const roles = await rolesOfBody(call);
  if (roles.length > 0) await call.deps.store.roles.revokeFromUser(user.id, roles.map((r) => r.id));
  return noContent;
}

/** The role-mapping routes of users. */
export const roleMappingRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users/:id/role-mappings', permission: 'view-users', handler: allMappings },
  { method: 'GET', path: '/users/:id/role-mappings/realm', permission: 'view-users', handler: realmMappings },
  { method: 'GET', path: '/users/:id/role-mappings/realm/composite', permission: 'view-users', handler: compositeMappings },
  { method: 'GET', path: '/users/:id/role-mappings/realm/available', permission: 'view-users', handler: availableMappings },
  { method: 'POST', path: '/users/:id/role-mappings/realm', permission: 'manage-users', handler: addMappings },
  { method: 'DELETE', path: '/users/:id/role-mappings/realm', permission: 'manage-users', handler: removeMappings },
];
