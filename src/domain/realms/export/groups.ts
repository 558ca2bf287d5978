import type { GroupRecord } from '../../../storage/ports.ts';
import { roleNames, type ExportContext } from './export-context.ts';

/** `groups`: the tree with attributes, role mappings and whatever the import kept. */
export async function exportGroups(ctx: ExportContext): Promise<Record<string, unknown>[]> {
  const all = await ctx.repos.groups.listAll(ctx.realm.id);
  const extras = new Map((await ctx.repos.representationExtras.list(ctx.realm.id, 'group')).map((e) => [e.ownerId, e.data]));
  const children = (parentId: string | null) => all.filter((g) => g.parentId === parentId).sort((a, b) => a.name.localeCompare(b.name));
  const build = async (group: GroupRecord): Promise<Record<string, unknown>> => {
    const roles = roleNames(ctx, await ctx.repos.roles.listGroupRoles(group.id));
    const subGroups = [];
    for (const child of children(group.id)) subGroups.push(await build(child));
    return {
      ...extras.get(group.id),
      id: group.id,
      name: group.name,
      ...(group.description !== null ? { description: group.description } : {}),
      path: ctx.groupPaths.get(group.id),
      attributes: group.attributes,
      realmRoles: roles.realmRoles,
      clientRoles: roles.clientRoles,
      subGroups,
    };
  };
  const result = [];
  for (const top of children(null)) result.push(await build(top));
  return result;
}
