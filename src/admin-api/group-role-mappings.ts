/**
 * A group's role mappings, which every member (and every member of a sub-group) holds:
 * `GET /groups/{id}/role-mappings`, `GET|POST|DELETE /groups/{id}/role-mappings/realm` and
 * `…/clients/{clientUuid}`, each with `/available` and `/composite` — the routes every role
 * holder has ({@link roleMappingRoutesFor}), with groups as the holder.
 */
import { effectiveGroupRoles } from '../domain/roles/effective-group-roles.ts';
import { groupOf } from './group-view.ts';
import { roleMappingRoutesFor, type RoleMappingHolder } from './role-mappings.ts';
import type { AdminRoute } from './types.ts';

/** Groups as role holders: their effective roles include their parents' and the composites'. */
export const groupRoleHolder: RoleMappingHolder = {
  path: '/groups/:id',
  view: 'view-users',
  manage: 'manage-users',
  load: async (call) => (await groupOf(call.deps.store, call.realm, call.params.id)).id,
  direct: (repos, groupId) => repos.roles.listGroupRoles(groupId),
  effective: async (repos, realmId, groupId) => {
    const group = await repos.groups.findById(realmId, groupId);
    return group ? effectiveGroupRoles(repos, group) : [];
  },
  grant: (repos, groupId, roleIds) => repos.roles.grantToGroup(groupId, roleIds),
  revoke: (repos, groupId, roleIds) => repos.roles.revokeFromGroup(groupId, roleIds),
};

/** The role-mapping routes of groups. */
export const groupRoleMappingRoutes: AdminRoute[] = roleMappingRoutesFor(groupRoleHolder);
