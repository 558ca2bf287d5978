/**
 * What an allowing hook may add to a new user: attributes the realm's user profile lets
 * through, and memberships of existing groups.
 */
import type { UPConfig } from '../profile/index.ts';
import { isRootAttribute } from '../profile/index.ts';
import type { Attributes, GroupRecord, Repositories } from '../../storage/ports.ts';

/**
 * The hook attributes the new user may get, and the names refused. A hook speaks for the
 * realm's administrators, so it may set any attribute the profile declares (except the root
 * ones — username, email, first and last name — which are the person's own input), and
 * undeclared ("unmanaged") attributes only where the profile's `unmanagedAttributePolicy`
 * lets administrators edit them (`ENABLED` or `ADMIN_EDIT`).
 */
export function allowedHookAttributes(config: UPConfig, attributes: Attributes): { allowed: Attributes; refused: string[] } {
  const declared = new Set(config.attributes.map((a) => a.name));
  const unmanagedOk = config.unmanagedAttributePolicy === 'ENABLED' || config.unmanagedAttributePolicy === 'ADMIN_EDIT';
  const allowed: Attributes = {};
  const refused: string[] = [];
  for (const [name, values] of Object.entries(attributes)) {
    if (!isRootAttribute(name) && (declared.has(name) || unmanagedOk)) allowed[name] = values;
    else refused.push(name);
  }
  return { allowed, refused };
}

/** Keycloak's path of a group: `/parent/child`. */
function pathsOf(groups: GroupRecord[]): Map<string, GroupRecord> {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const pathOf = (g: GroupRecord): string => {
    const parent = g.parentId ? byId.get(g.parentId) : undefined;
    return `${parent ? pathOf(parent) : ''}/${g.name}`;
  };
  return new Map(groups.map((g) => [pathOf(g), g]));
}

/**
 * Adds the user to the groups at these paths (a path without its leading slash counts too);
 * answers the paths that name no group, which are left out.
 */
export async function joinHookGroups(tx: Repositories, realmId: string, userId: string, paths: string[]): Promise<string[]> {
  if (paths.length === 0) return [];
  const byPath = pathsOf(await tx.groups.listAll(realmId));
  const already = new Set((await tx.groups.listUserGroups(userId)).map((g) => g.id));
  const unknown: string[] = [];
  for (const path of paths) {
    const group = byPath.get(path.startsWith('/') ? path : `/${path}`);
    if (!group) {
      unknown.push(path);
      continue;
    }
    if (already.has(group.id)) continue;
    await tx.groups.addMember(group.id, userId);
    already.add(group.id);
  }
  return unknown;
}
