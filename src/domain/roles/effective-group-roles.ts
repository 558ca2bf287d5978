import type { GroupRecord, Repositories, RoleRecord } from '../../storage/ports.ts';

/**
 * Every role a group gives its members: its own mappings and its ancestors', expanded through
 * composites (Keycloak's group `hasRole`). A loop in hand-edited data is cut where it repeats.
 */
export async function effectiveGroupRoles(repos: Repositories, group: GroupRecord): Promise<RoleRecord[]> {
  const seeds: RoleRecord[] = [];
  const seen = new Set<string>();
  for (let g: GroupRecord | undefined = group; g && !seen.has(g.id); g = g.parentId ? await repos.groups.findById(g.realmId, g.parentId) : undefined) {
    seen.add(g.id);
    seeds.push(...(await repos.roles.listGroupRoles(g.id)));
  }
  const result = new Map<string, RoleRecord>();
  while (seeds.length > 0) {
    const role = seeds.pop()!;
    if (result.has(role.id)) continue;
    result.set(role.id, role);
    seeds.push(...(await repos.roles.listComposites(role.id)));
  }
  return [...result.values()];
}
