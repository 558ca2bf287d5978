import type { Repositories, RoleRecord } from '../../storage/ports.ts';

/**
 * Every role a user holds: direct mappings, the mappings of their groups and of those groups'
 * ancestors, expanded through composites. This is what goes into `realm_access` and
 * `resource_access`, and what the Admin API checks.
 */
export async function effectiveRoles(tx: Repositories, realmId: string, userId: string): Promise<RoleRecord[]> {
  const seeds = [...(await tx.roles.listUserRoles(userId))];
  const seenGroups = new Set<string>();
  for (let group of await tx.groups.listUserGroups(userId)) {
    for (;;) {
      if (seenGroups.has(group.id)) break;
      seenGroups.add(group.id);
      seeds.push(...(await tx.roles.listGroupRoles(group.id)));
      if (!group.parentId) break;
      const parent = await tx.groups.findById(realmId, group.parentId);
      if (!parent) break;
      group = parent;
    }
  }
  const result = new Map<string, RoleRecord>();
  const pending = [...seeds];
  while (pending.length > 0) {
    const role = pending.pop()!;
    if (result.has(role.id)) continue;
    result.set(role.id, role);
    pending.push(...(await tx.roles.listComposites(role.id)));
  }
  return [...result.values()];
}
