/**
 * Reading users through the Admin API: Keycloak's UserRepresentation, `GET /users` with its
 * filters, `GET /users/count`, `GET /users/{id}` and `GET /users/{id}/groups`.
 */
import { buildProfile, isRootAttribute, readProfileConfig, type UPConfig } from '../domain/profile/index.ts';
import { userCoreRepresentation } from '../domain/users/representation.ts';
import type { Attributes, GroupRecord, RealmRecord, Repositories, UserRecord, UserSearch } from '../storage/ports.ts';
import type { Caller } from './auth.ts';
import { notFound, queryBool, queryInt, queryOne, type AdminCall, type AdminResponse, type AdminRoute, type Query } from './types.ts';

/** The Admin API's view of who may do what with a user (UserRepresentation `access`). */
async function accessOf(caller: Caller, realm: RealmRecord): Promise<Record<string, boolean>> {
  const manage = await caller.can(realm, 'manage-users');
  return { manageGroupMembership: manage, view: await caller.can(realm, 'view-users'), mapRoles: manage, impersonate: await caller.can(realm, 'impersonation'), manage };
}

/** The attributes the USER_API context shows, without the root ones (Keycloak 24+). */
export function visibleAttributes(config: UPConfig, realm: RealmRecord, user: UserRecord, stored: Attributes): Attributes {
  const profile = buildProfile({ config, realm, context: 'USER_API', current: { ...user, attributes: stored } });
  const attributes: Attributes = {};
  for (const attribute of profile.attributes()) if (!isRootAttribute(attribute.name) && attribute.values.length > 0) attributes[attribute.name] = attribute.values;
  Object.assign(attributes, profile.unmanagedAttributes());
  return attributes;
}

/** Keycloak's UserRepresentation; the brief one has no attributes, required actions or access. */
export async function userRepresentation(
  repos: Repositories,
  realm: RealmRecord,
  config: UPConfig,
  user: UserRecord,
  options: { brief: boolean; access?: Record<string, boolean> },
): Promise<Record<string, unknown>> {
  const representation = userCoreRepresentation(user);
  if (options.brief) return representation;
  const attributes = visibleAttributes(config, realm, user, await repos.users.getAttributes(user.id));
  if (Object.keys(attributes).length > 0) representation.attributes = attributes;
  if (user.serviceAccountClientLink) representation.serviceAccountClientId = user.serviceAccountClientLink;
  representation.totp = false;
  representation.disableableCredentialTypes = [];
  representation.requiredActions = await repos.users.getRequiredActions(user.id);
  representation.notBefore = user.notBefore;
  if (options.access) representation.access = options.access;
  return representation;
}

/** The search a `GET /users` or `/users/count` query asks for. */
export function userSearchOf(query: Query, paging: boolean): UserSearch {
  const search: UserSearch = { enabled: queryBool(query, 'enabled'), emailVerified: queryBool(query, 'emailVerified') };
  const text = queryOne(query, 'search');
  if (text !== undefined && text.trim() !== '') {
    if (text.trim() !== '*') search.search = text.trim();
  } else {
    for (const field of ['username', 'email', 'firstName', 'lastName'] as const) {
      const value = queryOne(query, field);
      if (value !== undefined && value !== '') search[field] = value;
    }
    search.exact = queryBool(query, 'exact');
  }
  const q = queryOne(query, 'q');
  if (q !== undefined && q.trim() !== '') {
    const attributes: Record<string, string> = {};
    for (const pair of q.trim().split(/\s+/)) {
      const at = pair.indexOf(':');
      if (at > 0) attributes[pair.slice(0, at)] = pair.slice(at + 1);
    }
    search.attributes = attributes;
  }
  if (paging) {
    search.first = queryInt(query, 'first') ?? 0;
    search.max = queryInt(query, 'max') ?? 100;
  }
  return search;
}

/** The user named in the path, or Keycloak's 404. */
export async function userOf(repos: Repositories, realm: RealmRecord, id: string | undefined): Promise<UserRecord> {
  const user = id ? await repos.users.findById(realm.id, id) : undefined;
  if (!user) throw notFound('User not found');
  return user;
}

async function listUsers(call: AdminCall): Promise<AdminResponse> {
  if (!(await call.caller.can(call.realm, 'view-users'))) return { status: 200, body: [] };
  const { store } = call.deps;
  const users = await store.users.search(call.realm.id, userSearchOf(call.query, true));
  const brief = queryBool(call.query, 'briefRepresentation') === true;
  const config = await readProfileConfig(store, call.realm);
  const access = await accessOf(call.caller, call.realm);
  const body = [];
  for (const user of users) body.push(await userRepresentation(store, call.realm, config, user, { brief, access }));
  return { status: 200, body };
}

async function countUsers(call: AdminCall): Promise<AdminResponse> {
  if (!(await call.caller.can(call.realm, 'view-users'))) return { status: 200, body: 0 };
  return { status: 200, body: await call.deps.store.users.count(call.realm.id, userSearchOf(call.query, false)) };
}

async function getUser(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const config = await readProfileConfig(store, call.realm);
  return { status: 200, body: await userRepresentation(store, call.realm, config, user, { brief: false, access: await accessOf(call.caller, call.realm) }) };
}

/** Every group of the realm by id, with its path (`/parent/child`). */
export async function groupPaths(repos: Repositories, realmId: string): Promise<Map<string, { group: GroupRecord; path: string }>> {
  const all = await repos.groups.listAll(realmId);
  const byId = new Map(all.map((g) => [g.id, g]));
  const paths = new Map<string, { group: GroupRecord; path: string }>();
  for (const group of all) {
    const names: string[] = [];
    const seen = new Set<string>();
    for (let g: GroupRecord | undefined = group; g && !seen.has(g.id); g = g.parentId ? byId.get(g.parentId) : undefined) {
      seen.add(g.id);
      names.unshift(g.name);
    }
    paths.set(group.id, { group, path: `/${names.join('/')}` });
  }
  return paths;
}

async function userGroups(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const paths = await groupPaths(store, call.realm.id);
  const groups = (await store.groups.listUserGroups(user.id)).map((g) => ({
    id: g.id,
    name: g.name,
    path: paths.get(g.id)?.path ?? `/${g.name}`,
    ...(g.parentId ? { parentId: g.parentId } : {}),
    subGroups: [],
  }));
  groups.sort((a, b) => a.path.localeCompare(b.path));
  const first = queryInt(call.query, 'first') ?? 0;
  const max = queryInt(call.query, 'max') ?? groups.length;
  return { status: 200, body: groups.slice(first, first + max) };
}

/** The user-reading routes. */
export const userViewRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users', permission: 'query-users', handler: listUsers },
  { method: 'GET', path: '/users/count', permission: 'query-users', handler: countUsers },
  { method: 'GET', path: '/users/:id', permission: 'view-users', handler: getUser },
  { method: 'GET', path: '/users/:id/groups', permission: 'view-users', handler: userGroups },
];
