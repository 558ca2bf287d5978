/**
 * The realm's default groups, joined by every new user (registration, Admin API, import):
 * `GET /default-groups`, `PUT|DELETE /default-groups/{groupId}`.
 */
import { groupOf, groupRepresentation, GroupTree } from './group-view.ts';
import { noContent, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

async function listDefaultGroups(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const tree = await GroupTree.load(store, call.realm.id);
  const body = [];
  for (const group of await store.groups.listDefaultGroups(call.realm.id)) body.push(await groupRepresentation(store, tree, group, { brief: true }));
  return { status: 200, body };
}

async function addDefaultGroup(call: AdminCall): Promise<AdminResponse> {
  const group = await groupOf(call.deps.store, call.realm, call.params.groupId, 'Group not found');
  const current = await call.deps.store.groups.listDefaultGroups(call.realm.id);
  if (!current.some((g) => g.id === group.id)) await call.deps.store.groups.addDefaultGroup(call.realm.id, group.id);
  return noContent;
}

async function removeDefaultGroup(call: AdminCall): Promise<AdminResponse> {
  const group = await groupOf(call.deps.store, call.realm, call.params.groupId, 'Group not found');
  await call.deps.store.groups.removeDefaultGroup(call.realm.id, group.id);
  return noContent;
}

/** The default-group routes (realm settings: view-realm to read, manage-realm to change). */
export const defaultGroupRoutes: AdminRoute[] = [
  { method: 'GET', path: '/default-groups', permission: 'view-realm', handler: listDefaultGroups },
  { method: 'PUT', path: '/default-groups/:groupId', permission: 'manage-realm', handler: addDefaultGroup },
  { method: 'DELETE', path: '/default-groups/:groupId', permission: 'manage-realm', handler: removeDefaultGroup },
];
