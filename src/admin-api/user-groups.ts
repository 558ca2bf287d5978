/**
 * A user's group memberships: `PUT|DELETE /users/{id}/groups/{groupId}` (join, leave) and
 * `GET /users/{id}/groups/count`. Listing them is `GET /users/{id}/groups` (users-view.ts).
 */
import { groupOf } from './group-view.ts';
import { userOf } from './users-view.ts';
import { noContent, queryOne, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** The user and group a membership route names; the user's 404 first, then the group's. */
async function membershipOf(call: AdminCall): Promise<{ userId: string; groupId: string }> {
  const { store } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const group = await groupOf(store, call.realm, call.params.groupId, 'Group not found');
  return { userId: user.id, groupId: group.id };
}

async function joinGroup(call: AdminCall): Promise<AdminResponse> {
  const { userId, groupId } = await membershipOf(call);
  await call.deps.store.groups.addMember(groupId, userId);
  return noContent;
}

async function leaveGroup(call: AdminCall): Promise<AdminResponse> {
  const { userId, groupId } = await membershipOf(call);
  await call.deps.store.groups.removeMember(groupId, userId);
  return noContent;
}

async function countUserGroups(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const user = await userOf(store, call.realm, call.params.id);
  const search = queryOne(call.query, 'search')?.toLowerCase();
  const groups = (await store.groups.listUserGroups(user.id)).filter((g) => !search || g.name.toLowerCase().includes(search));
  return { status: 200, body: { count: groups.length } };
}

/** The membership routes. */
export const userGroupRoutes: AdminRoute[] = [
  { method: 'GET', path: '/users/:id/groups/count', permission: 'view-users', handler: countUserGroups },
  { method: 'PUT', path: '/users/:id/groups/:groupId', permission: 'manage-users', handler: joinGroup },
  { method: 'DELETE', path: '/users/:id/groups/:groupId', permission: 'manage-users', handler: leaveGroup },
];
