import type { RoleRecord } from '../../../storage/ports.ts';
import type { ExportContext } from './export-context.ts';

async function roleRepresentation(ctx: ExportContext, role: RoleRecord): Promise<Record<string, unknown>> {
  const children = await ctx.repos.roles.listComposites(role.id);
  const rep: Record<string, unknown> = {
    id: role.id,
    name: role.name,
    ...(role.description !== null ? { description: role.description } : {}),
    composite: children.length > 0,
  };
  if (children.length > 0) {
    const realm = children.filter((c) => c.clientId === null).map((c) => c.name).sort();
    const client: Record<string, string[]> = {};
    for (const c of children) if (c.clientId !== null) (client[ctx.clientIds.get(c.clientId) ?? c.clientId] ??= []).push(c.name);
    rep.composites = { ...(realm.length > 0 ? { realm } : {}), ...(Object.keys(client).length > 0 ? { client } : {}) };
  }
  rep.clientRole = role.clientId !== null;
  rep.containerId = role.clientId ?? ctx.realm.id;
  rep.attributes = role.attributes;
  return rep;
}

/** `roles`: `{realm: [...], client: {clientId: [...]}}` with composites by name. */
export async function exportRoles(ctx: ExportContext): Promise<{ realm: unknown[]; client: Record<string, unknown[]> }> {
  const realm: unknown[] = [];
  const client: Record<string, unknown[]> = {};
  const extras = new Map((await ctx.repos.representationExtras.list(ctx.realm.id, 'role')).map((e) => [e.ownerId, e.data]));
  for (const role of ctx.roles.values()) {
    const rep = { ...extras.get(role.id), ...(await roleRepresentation(ctx, role)) };
    if (role.clientId === null) realm.push(rep);
    else (client[ctx.clientIds.get(role.clientId) ?? role.clientId] ??= []).push(rep);
  }
  return { realm, client };
}
