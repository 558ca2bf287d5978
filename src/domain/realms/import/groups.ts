import { newId } from '../../../kernel/ids.ts';
import type { ImportContext } from './import-context.ts';
import { arrayAt, attributesAt, importProblem, objectAt, requiredStringAt, SKIPPED, stringAt, stringsAt, unknownFields } from './import-problem.ts';
import { resolveRoleRefs } from './roles.ts';

const KNOWN = new Set(['id', 'name', 'path', 'parentId', 'description', 'attributes', 'realmRoles', 'clientRoles', 'subGroups', 'subGroupCount', 'access']);

/** Creates one group with its attributes and role mappings, then its sub-groups; returns nothing, records the path. */
async function importGroup(ctx: ImportContext, raw: unknown, path: string, parentId: string | null, parentPath: string): Promise<void> {
  const rep = objectAt(raw, path);
  const name = requiredStringAt(rep.name, `${path}.name`);
  const groupPath = `${parentPath}/${name}`;
  if (ctx.groups.has(groupPath)) throw importProblem(`${path}.name`, `group "${groupPath}" appears twice`);
  const id = newId();
  await ctx.tx.groups.create({
    id,
    realmId: ctx.realm.id,
    parentId,
    name,
    description: stringAt(rep.description, `${path}.description`) ?? null,
    attributes: attributesAt(rep.attributes, `${path}.attributes`),
  });
  ctx.groups.set(groupPath, id);
  const roles = resolveRoleRefs(ctx, rep.realmRoles, rep.clientRoles, `${path}.realmRoles`, `${path}.clientRoles`);
  if (roles.length > 0) await ctx.tx.roles.grantToGroup(id, [...new Set(roles)]);
  const extras = unknownFields(rep, KNOWN);
  if (Object.keys(extras).length > 0) await ctx.tx.representationExtras.put(ctx.realm.id, 'group', id, extras);
  for (const [i, child] of arrayAt(rep.subGroups, `${path}.subGroups`).entries()) await importGroup(ctx, child, `${path}.subGroups[${i}]`, id, groupPath);
}

/** `groups`: the tree, with attributes and realm and client role mappings. */
export async function importGroups(ctx: ImportContext): Promise<void> {
  for (const [i, raw] of arrayAt(ctx.rep.groups, 'groups').entries()) if (raw !== SKIPPED) await importGroup(ctx, raw, `groups[${i}]`, null, '');
}

/** `defaultGroups`: group paths every new user joins. */
export async function importDefaultGroups(ctx: ImportContext): Promise<void> {
  for (const [i, groupPath] of stringsAt(ctx.rep.defaultGroups, 'defaultGroups').entries()) {
    const id = ctx.groups.get(groupPath.startsWith('/') ? groupPath : `/${groupPath}`);
    if (!id) throw importProblem(`defaultGroups[${i}]`, `group "${groupPath}" not found`);
    await ctx.tx.groups.addDefaultGroup(ctx.realm.id, id);
  }
}
