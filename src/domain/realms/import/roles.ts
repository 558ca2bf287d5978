import { newId } from '../../../kernel/ids.ts';
import type { RoleRecord } from '../../../storage/ports.ts';
import { defaultRoleName } from '../model.ts';
import type { ImportContext } from './import-context.ts';
import { arrayAt, attributesAt, objectAt, requiredStringAt, stringAt, stringsAt, importProblem, SKIPPED, unknownFields } from './import-problem.ts';

/** RoleRepresentation fields the import reads or the export writes again. */
const ROLE_FIELDS = new Set(['id', 'name', 'description', 'composite', 'composites', 'clientRole', 'containerId', 'attributes']);

/** Creates the file's role, or updates the built-in role of that name; returns its id. */
async function upsertRole(ctx: ImportContext, raw: unknown, path: string, clientUuid: string | null, existing: Map<string, string>): Promise<string> {
  const rep = objectAt(raw, path);
  const name = requiredStringAt(rep.name, `${path}.name`);
  const description = stringAt(rep.description, `${path}.description`) ?? null;
  const attributes = attributesAt(rep.attributes, `${path}.attributes`);
  const known = existing.get(name);
  let id: string;
  if (known) {
    const current = await ctx.tx.roles.findById(ctx.realm.id, known);
    if (current) await ctx.tx.roles.update({ ...current, description: description ?? current.description, attributes });
    id = known;
  } else {
    const role: RoleRecord = { id: newId(), realmId: ctx.realm.id, name, description, clientId: clientUuid, attributes };
    await ctx.tx.roles.create(role);
    existing.set(name, role.id);
    id = role.id;
  }
  // Older exports carry fields such as `scopeParamRequired`; they are kept for the export.
  const extras = unknownFields(rep, ROLE_FIELDS);
  if (Object.keys(extras).length > 0) await ctx.tx.representationExtras.put(ctx.realm.id, 'role', id, extras);
  return id;
}

/** `roles.realm`: the realm roles, created or (built-in ones) updated; composites come later. */
export async function importRealmRoles(ctx: ImportContext): Promise<void> {
  const roles = objectAt(ctx.rep.roles, 'roles');
  const list = arrayAt(roles.realm, 'roles.realm');
  for (const [i, raw] of list.entries()) if (raw !== SKIPPED) await upsertRole(ctx, raw, `roles.realm[${i}]`, null, ctx.realmRoles);
}

/** `roles.client`: each client's roles, by clientId; the client must be in the realm. */
export async function importClientRoles(ctx: ImportContext): Promise<void> {
  const byClient = objectAt(objectAt(ctx.rep.roles, 'roles').client, 'roles.client');
  for (const [clientId, list] of Object.entries(byClient)) {
    const path = `roles.client["${clientId}"]`;
    const uuid = ctx.clients.get(clientId);
    if (!uuid) throw importProblem(path, `client "${clientId}" is not in the realm`);
    let names = ctx.clientRoles.get(clientId);
    if (!names) ctx.clientRoles.set(clientId, (names = new Map()));
    for (const [i, raw] of arrayAt(list, path).entries()) if (raw !== SKIPPED) await upsertRole(ctx, raw, `${path}[${i}]`, uuid, names);
  }
}

/** Resolves a role reference `{realm: [names], client: {clientId: [names]}}` to ids; an unknown role is a problem. */
export function resolveRoleRefs(ctx: ImportContext, realmNames: unknown, clientNames: unknown, realmPath: string, clientPath: string): string[] {
  const ids: string[] = [];
  for (const [i, name] of stringsAt(realmNames, realmPath).entries()) {
    const id = ctx.realmRoles.get(name);
    if (!id) throw importProblem(`${realmPath}[${i}]`, `role "${name}" not found`);
    ids.push(id);
  }
  for (const [clientId, names] of Object.entries(objectAt(clientNames, clientPath))) {
    for (const [i, name] of stringsAt(names, `${clientPath}["${clientId}"]`).entries()) {
      const id = ctx.clientRoles.get(clientId)?.get(name);
      if (!id) throw importProblem(`${clientPath}["${clientId}"][${i}]`, `role "${clientId}/${name}" not found`);
      ids.push(id);
    }
  }
  return ids;
}

async function setComposites(ctx: ImportContext, parentId: string, raw: Record<string, unknown>, path: string): Promise<void> {
  if (raw.composites === undefined || raw.composites === null) return;
  const composites = objectAt(raw.composites, `${path}.composites`);
  const ids = resolveRoleRefs(ctx, composites.realm, composites.client, `${path}.composites.realm`, `${path}.composites.client`);
  const current = (await ctx.tx.roles.listComposites(parentId)).map((r) => r.id);
  if (current.length > 0) await ctx.tx.roles.removeComposites(parentId, current);
  const unique = [...new Set(ids)].filter((id) => id !== parentId);
  if (unique.length > 0) await ctx.tx.roles.addComposites(parentId, unique);
}

/** Every role's `composites`, once all roles exist (a composite may name a role defined after it). */
export async function importRoleComposites(ctx: ImportContext): Promise<void> {
  const roles = objectAt(ctx.rep.roles, 'roles');
  for (const [i, raw] of arrayAt(roles.realm, 'roles.realm').entries()) {
    if (raw === SKIPPED) continue;
    const rep = objectAt(raw, `roles.realm[${i}]`);
    await setComposites(ctx, ctx.realmRoles.get(String(rep.name))!, rep, `roles.realm[${i}]`);
  }
  for (const [clientId, list] of Object.entries(objectAt(roles.client, 'roles.client'))) {
    for (const [i, raw] of arrayAt(list, `roles.client["${clientId}"]`).entries()) {
      if (raw === SKIPPED) continue;
      const rep = objectAt(raw, `roles.client["${clientId}"][${i}]`);
      await setComposites(ctx, ctx.clientRoles.get(clientId)!.get(String(rep.name))!, rep, `roles.client["${clientId}"][${i}]`);
    }
  }
}

/**
 * `defaultRole` (Keycloak 13+): the composite role every new user gets. Usually
 * `default-roles-<realm>`, but an export may name another role; the realm then points at it.
 */
export async function importDefaultRole(ctx: ImportContext): Promise<void> {
  const given = objectAt(ctx.rep.defaultRole, 'defaultRole');
  const name = stringAt(given.name, 'defaultRole.name');
  if (name === undefined || name === defaultRoleName(ctx.realm.name)) return;
  const id = ctx.realmRoles.get(name);
  if (!id) throw importProblem('defaultRole.name', `role "${name}" not found`);
  const role = await ctx.tx.roles.findById(ctx.realm.id, id);
  ctx.realm.settings.defaultRole = { id, name, description: role?.description ?? undefined, composite: true, clientRole: false, containerId: ctx.realm.id };
  await ctx.tx.realms.update(ctx.realm);
}

/**
 * Keycloak before 13 listed default roles (`defaultRoles` on the realm and on each client)
 * instead of a `defaultRole` composite: they become the default role's composites.
 */
export async function importLegacyDefaultRoles(ctx: ImportContext): Promise<void> {
  const ids: string[] = [];
  const realmNames = ctx.rep.defaultRoles;
  let given = realmNames !== undefined && realmNames !== null;
  for (const [i, name] of stringsAt(realmNames, 'defaultRoles').entries()) {
    const id = ctx.realmRoles.get(name);
    if (!id) throw importProblem(`defaultRoles[${i}]`, `role "${name}" not found`);
    ids.push(id);
  }
  for (const [c, raw] of arrayAt(ctx.rep.clients, 'clients').entries()) {
    const client = objectAt(raw, `clients[${c}]`);
    if (client.defaultRoles === undefined || client.defaultRoles === null) continue;
    given = true;
    const clientId = String(client.clientId);
    for (const [i, name] of stringsAt(client.defaultRoles, `clients[${c}].defaultRoles`).entries()) {
      const id = ctx.clientRoles.get(clientId)?.get(name);
      if (!id) throw importProblem(`clients[${c}].defaultRoles[${i}]`, `role "${clientId}/${name}" not found`);
      ids.push(id);
    }
  }
  if (!given || ctx.rep.defaultRole !== undefined) return;
  const defaultRole = ctx.realmRoles.get(defaultRoleName(ctx.realm.name));
  if (!defaultRole) return;
  const current = (await ctx.tx.roles.listComposites(defaultRole)).map((r) => r.id);
  if (current.length > 0) await ctx.tx.roles.removeComposites(defaultRole, current);
  if (ids.length > 0) await ctx.tx.roles.addComposites(defaultRole, [...new Set(ids)]);
}
