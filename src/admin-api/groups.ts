/**
 * Groups: `GET|POST /groups` (top-level groups, search with the matches' ancestors as
 * Keycloak 26 returns them), `GET /groups/count`, `GET|PUT|DELETE /groups/{id}`,
 * `GET|POST /groups/{id}/children` (create a child, or move a group under another) and
 * `GET /groups/{id}/members`.
 */
import { readProfileConfig } from '../domain/profile/index.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import type { GroupRecord, Repositories } from '../storage/ports.ts';
import { groupAccess, groupOf, groupRepresentation, GroupTree } from './group-view.ts';
import { userRepresentation } from './users-view.ts';
import { objectBody, optAttributes, optString } from './validate.ts';
import { AdminError, badRequest, noContent, queryBool, queryInt, queryOne, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

const conflict = (error: unknown): never => {
  if (isGatehouseError(error, 'GH_CONFLICT')) throw new AdminError(409, { errorMessage: error.message });
  throw error;
};

/** `key:value key2:value2` of `q`, matched against group attributes. */
function attributeFilter(q: string | undefined): ((group: GroupRecord) => boolean) | undefined {
  if (q === undefined || q.trim() === '') return undefined;
  const wanted = q.trim().split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)] as const).filter(([key]) => key !== '');
  return (group) => wanted.every(([key, value]) => (group.attributes[key] ?? []).includes(value));
}

/** Keycloak's name search: infix and case-insensitive, or the exact name with `exact=true`. */
function nameMatcher(search: string, exact: boolean): (group: GroupRecord) => boolean {
  const needle = search.toLowerCase();
  return exact ? (g) => g.name === search : (g) => g.name.toLowerCase().includes(needle);
}

const page = <T>(items: T[], first: number, max: number | undefined): T[] => items.slice(first, max === undefined ? undefined : first + max);

async function listGroups(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const tree = await GroupTree.load(store, call.realm.id);
  const brief = queryBool(call.query, 'briefRepresentation') ?? true;
  const first = queryInt(call.query, 'first') ?? 0;
  const max = queryInt(call.query, 'max');
  const access = await groupAccess(call.caller, call.realm);
  const search = queryOne(call.query, 'search');
  const byAttributes = attributeFilter(queryOne(call.query, 'q'));
  const represent = (group: GroupRecord, subGroups?: Record<string, unknown>[]) => groupRepresentation(store, tree, group, { brief, subGroups, access });
  if ((search === undefined || search === '') && !byAttributes) {
    const body = [];
    for (const group of page(tree.childrenOf(null), first, max)) body.push(await represent(group));
    return { status: 200, body };
  }
  const matchName = search ? nameMatcher(search, queryBool(call.query, 'exact') ?? false) : () => true;
  // Paging applies to the matches, as Keycloak's search query does, before any hierarchy.
  const all = [...tree.byId.values()].filter((g) => matchName(g) && (byAttributes?.(g) ?? true));
  const matches = page(all.sort((a, b) => a.name.localeCompare(b.name) || tree.pathOf(a).localeCompare(tree.pathOf(b))), first, max);
  if (queryBool(call.query, 'populateHierarchy') === false) {
    const body = [];
    for (const group of matches) body.push(await represent(group));
    return { status: 200, body };
  }
  // Each match with its ancestors: the tree pruned to the branches that lead to a match.
  const kept = new Set(matches.flatMap((g) => tree.lineage(g).map((a) => a.id)));
  const build = async (group: GroupRecord): Promise<Record<string, unknown>> => {
    const subGroups = [];
    for (const child of tree.childrenOf(group.id)) if (kept.has(child.id)) subGroups.push(await build(child));
    return represent(group, subGroups);
  };
  const body = [];
  for (const root of tree.childrenOf(null).filter((g) => kept.has(g.id))) body.push(await build(root));
  return { status: 200, body };
}

async function countGroups(call: AdminCall): Promise<AdminResponse> {
  const all = await call.deps.store.groups.listAll(call.realm.id);
  const search = queryOne(call.query, 'search');
  const top = queryBool(call.query, 'top') ?? false;
  let counted = top ? all.filter((g) => g.parentId === null) : all;
  if (search) counted = counted.filter(nameMatcher(search, false));
  return { status: 200, body: { count: counted.length } };
}

/** Name, description and attributes of a GroupRepresentation body. */
function groupFields(body: Record<string, unknown>): { name: string | undefined; description: string | null | undefined; attributes: GroupRecord['attributes'] | undefined } {
  const name = optString(body, 'name') ?? undefined;
  return { name: name?.trim() === '' ? undefined : name, description: optString(body, 'description'), attributes: optAttributes(body) };
}

/**
 * Creates a group under `parent` (null: top level), or, when the body names an existing
 * group by `id`, moves that group there, as Keycloak's `POST /groups` and `…/children` do.
 */
async function createOrMove(call: AdminCall, parent: GroupRecord | null, collectionUrl: string): Promise<AdminResponse> {
  const { store } = call.deps;
  const body = objectBody(call.body);
  const id = optString(body, 'id');
  const fields = groupFields(body);
  const tree = await GroupTree.load(store, call.realm.id);
  if (!fields.name) throw badRequest('Group name is missing');
  const existing = id ? tree.byId.get(id) : undefined;
  if (existing) {
    // A move keeps the group as it is: only its place in the tree changes.
    if (parent && tree.isWithin(parent, existing)) throw badRequest('Cannot move group into itself or one of its sub-groups');
    if (existing.parentId !== (parent?.id ?? null)) await store.groups.update({ ...existing, parentId: parent?.id ?? null }).catch(conflict);
    return noContent;
  }
  if (id) throw new AdminError(404, { error: 'Could not find child by id' });
  const group: GroupRecord = { id: newId(), realmId: call.realm.id, parentId: parent?.id ?? null, name: fields.name, description: fields.description ?? null, attributes: fields.attributes ?? {} };
  await store.groups.create(group).catch(conflict);
  const created = new GroupTree([...tree.byId.values(), group]);
  return { status: 201, location: `${collectionUrl}/${group.id}`, body: await groupRepresentation(store, created, group, { brief: false }) };
}

async function postGroup(call: AdminCall): Promise<AdminResponse> {
  return createOrMove(call, null, `${realmUrl(call.baseUrl, call.realm.name)}/groups`);
}

async function getGroup(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const group = await groupOf(store, call.realm, call.params.id);
  const tree = await GroupTree.load(store, call.realm.id);
  return { status: 200, body: await groupRepresentation(store, tree, group, { brief: false, access: await groupAccess(call.caller, call.realm) }) };
}

async function putGroup(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const group = await groupOf(store, call.realm, call.params.id);
  const body = objectBody(call.body);
  const fields = groupFields(body);
  if (!fields.name) throw badRequest('Group name is missing');
  const id = optString(body, 'id');
  if (id && id !== group.id) throw badRequest('Invalid group id');
  // As Keycloak: attributes are replaced when given, the description always.
  const updated: GroupRecord = { ...group, name: fields.name, description: fields.description ?? null, attributes: fields.attributes ?? group.attributes };
  if (updated.name !== group.name && (await store.groups.listChildren(call.realm.id, group.parentId)).some((g) => g.id !== group.id && g.name === updated.name)) {
    throw new AdminError(409, { errorMessage: `Sibling group named '${updated.name}' already exists.` });
  }
  await store.groups.update(updated).catch(conflict);
  return noContent;
}

async function deleteGroup(call: AdminCall): Promise<AdminResponse> {
  const group = await groupOf(call.deps.store, call.realm, call.params.id);
  await call.deps.store.groups.delete(call.realm.id, group.id);
  return noContent;
}

async function listChildren(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const group = await groupOf(store, call.realm, call.params.id);
  const tree = await GroupTree.load(store, call.realm.id);
  const search = queryOne(call.query, 'search');
  let children = tree.childrenOf(group.id);
  if (search) children = children.filter(nameMatcher(search, queryBool(call.query, 'exact') ?? false));
  const brief = queryBool(call.query, 'briefRepresentation') ?? false;
  const access = await groupAccess(call.caller, call.realm);
  const body = [];
  for (const child of page(children, queryInt(call.query, 'first') ?? 0, queryInt(call.query, 'max') ?? 10)) body.push(await groupRepresentation(store, tree, child, { brief, access }));
  return { status: 200, body };
}

async function postChild(call: AdminCall): Promise<AdminResponse> {
  const parent = await groupOf(call.deps.store, call.realm, call.params.id);
  return createOrMove(call, parent, `${realmUrl(call.baseUrl, call.realm.name)}/groups`);
}

async function listMembers(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const group = await groupOf(store, call.realm, call.params.id);
  const first = queryInt(call.query, 'first') ?? 0;
  const max = queryInt(call.query, 'max') ?? 100;
  const brief = queryBool(call.query, 'briefRepresentation') ?? false;
  const config = await readProfileConfig(store, call.realm);
  const body = [];
  for (const user of await store.groups.listMembers(group.id, first, max)) body.push(await userRepresentation(store as Repositories, call.realm, config, user, { brief }));
  return { status: 200, body };
}

async function groupByPath(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const tree = await GroupTree.load(store, call.realm.id);
  const group = tree.byPath(call.params['*'] ?? '');
  if (!group) throw new AdminError(404, { error: 'Group path does not exist' });
  return { status: 200, body: await groupRepresentation(store, tree, group, { brief: false, access: await groupAccess(call.caller, call.realm) }) };
}

/** The group routes. */
export const groupRoutes: AdminRoute[] = [
  { method: 'GET', path: '/groups', permission: 'query-groups', handler: listGroups },
  { method: 'GET', path: '/groups/count', permission: 'query-groups', handler: countGroups },
  { method: 'POST', path: '/groups', permission: 'manage-users', handler: postGroup },
  { method: 'GET', path: '/groups/:id', permission: 'view-users', handler: getGroup },
  { method: 'PUT', path: '/groups/:id', permission: 'manage-users', handler: putGroup },
  { method: 'DELETE', path: '/groups/:id', permission: 'manage-users', handler: deleteGroup },
  { method: 'GET', path: '/groups/:id/children', permission: 'view-users', handler: listChildren },
  { method: 'POST', path: '/groups/:id/children', permission: 'manage-users', handler: postChild },
  { method: 'GET', path: '/groups/:id/members', permission: 'view-users', handler: listMembers },
  // Keycloak's `{path: .*}`: raw slashes or `%2F` both reach the handler.
  { method: 'GET', path: '/group-by-path/*', permission: 'view-users', handler: groupByPath },
];
