import type { RoleOf } from './role-composites.ts';
import { requireRole } from './role-access.ts';
import { GroupTree, groupRepresentation } from './group-view.ts';
import { queryBool, queryInt, type AdminCall, type AdminResponse } from './types.ts';

/**
 * `GET …/roles/{role}/groups?first&max&briefRepresentation`: the groups the role is mapped to
 * directly, by name, 100 a page and brief unless asked otherwise (Keycloak's defaults).
 */
export function roleGroups(roleOf: RoleOf) {
  return async (call: AdminCall): Promise<AdminResponse> => {
    const { store } = call.deps;
    const role = await roleOf(call);
    await requireRole(call, role, 'view');
    const ids = new Set(await store.roles.listGroupIdsInRole(role.id));
    const tree = await GroupTree.load(store, call.realm.id);
    const groups = (await store.groups.listAll(call.realm.id)).filter((g) => ids.has(g.id)).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const first = queryInt(call.query, 'first') ?? 0;
    const max = queryInt(call.query, 'max') ?? 100;
    const brief = queryBool(call.query, 'briefRepresentation') !== false;
    const body = [];
    for (const group of groups.slice(first, first + max)) body.push(await groupRepresentation(store, tree, group, { brief }));
    return { status: 200, body };
  };
}
