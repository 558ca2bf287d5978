/**
 * A group's role mappings, which every member (and every member of a sub-group) holds:
 * `GET /groups/{id}/role-mappings`, `GET|POST|DELETE /groups/{id}/role-mappings/realm` and
 * `…/clients/{clientUuid}`, each with `/available` and `/composite`.
 */
import { effectiveGroupRoles } from '../domain/roles/effective-group-roles.ts';
import type { ClientRecord, GroupRecord, RoleRecord } from '../storage/ports.ts';
import { groupOf } from './group-view.ts';
import { roleRepresentation } from './roles.ts';
import { arrayBody, objectBody, optString } from './validate.ts';
import { noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

async function represent(call: AdminCall, roles: RoleRecord[]): Promise<Record<string, unknown>[]> {
  const result = [];
  for (const role of [...roles].sort((a, b) => a.name.localeCompare(b.name))) result.push(await roleRepresentation(call.deps.store, call.realm, role, true));
  return result;
}

/** Which roles a route works on: the realm's (`clientId` null) or one client's. */
async function scopeOf(call: AdminCall): Promise<{ group: GroupRecord; client: ClientRecord | null }> {
  const group = await groupOf(call.deps.store, call.realm, call.params.id);
  if (call.params.client === undefined) return { group, client: null };
  const client = await call.deps.store.clients.findById(call.realm.id, call.params.client);
  if (!client) throw notFound('Client not found');
  return { group, client };
}

const inScope = (client: ClientRecord | null) => (role: RoleRecord) => role.clientId === (client?.id ?? null);

async function allMappings(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const group = await groupOf(store, call.realm, call.params.id);
  const roles = await store.roles.listGroupRoles(group.id);
  const body: Record<string, unknown> = {};
  const realmRoles = roles.filter((r) => r.clientId === null);
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

async function directMappings(call: AdminCall): Promise<AdminResponse> {
  const { group, client } = await scopeOf(call);
  return { status: 200, body: await represent(call, (await call.deps.store.roles.listGroupRoles(group.id)).filter(inScope(client))) };
}

async function compositeMappings(call: AdminCall): Promise<AdminResponse> {
  const { group, client } = await scopeOf(call);
  return { status: 200, body: await represent(call, (await effectiveGroupRoles(call.deps.store, group)).filter(inScope(client))) };
}

async function availableMappings(call: AdminCall): Promise<AdminResponse> {
  const { group, client } = await scopeOf(call);
  const { store } = call.deps;
  const held = new Set((await effectiveGroupRoles(store, group)).map((r) => r.id));
  const all = client ? await store.roles.listClientRoles(call.realm.id, client.id) : await store.roles.listRealmRoles(call.realm.id);
  return { status: 200, body: await represent(call, all.filter((r) => !held.has(r.id))) };
}

/** The roles a body (RoleRepresentation[] with id and/or name) names in the route's scope; 404 for an unknown one. */
async function rolesOfBody(call: AdminCall, client: ClientRecord | null): Promise<RoleRecord[]> {
  const { store } = call.deps;
  const roles: RoleRecord[] = [];
  for (const raw of arrayBody(call.body)) {
    const item = objectBody(raw);
    const id = optString(item, 'id');
    const name = optString(item, 'name');
    let role = id ? await store.roles.findById(call.realm.id, id) : undefined;
    if (!role && name) role = client ? await store.roles.findClientRole(call.realm.id, client.id, name) : await store.roles.findRealmRole(call.realm.id, name);
    if (!role || !inScope(client)(role)) throw notFound('Role not found');
    roles.push(role);
  }
  return roles;
}

async function addMappings(call: AdminCall): Promise<AdminResponse> {
  const { group, client } = await scopeOf(call);
  const roles = await rolesOfBody(call, client);
  const held = new Set((await call.deps.store.roles.listGroupRoles(group.id)).map((r) => r.id));
  const added = [...new Set(roles.map((r) => r.id).filter((id) => !held.has(id)))];
  if (added.length > 0) await call.deps.store.roles.grantToGroup(group.id, added);
  return noContent;
}

async function removeMappings(call: AdminCall): Promise<AdminResponse> {
  const { group, client } = await scopeOf(call);
  const roles = await rolesOfBody(call, client);
  if (roles.length > 0) await call.deps.store.roles.revokeFromGroup(group.id, roles.map((r) => r.id));
  return noContent;
}

const scoped = (base: string): AdminRoute[] => [
  { method: 'GET', path: base, permission: 'view-users', handler: directMappings },
  { method: 'GET', path: `${base}/composite`, permission: 'view-users', handler: compositeMappings },
  { method: 'GET', path: `${base}/available`, permission: 'view-users', handler: availableMappings },
  { method: 'POST', path: base, permission: 'manage-users', handler: addMappings },
  { method: 'DELETE', path: base, permission: 'manage-users', handler: removeMappings },
];

/** The role-mapping routes of groups. */
export const groupRoleMappingRoutes: AdminRoute[] = [
  { method: 'GET', path: '/groups/:id/role-mappings', permission: 'view-users', handler: allMappings },
  ...scoped('/groups/:id/role-mappings/realm'),
  ...scoped('/groups/:id/role-mappings/clients/:client'),
];
