import { newId } from '../../../kernel/ids.ts';
import type { ImportContext } from './import-context.ts';
import { withMapperIds } from './client-scopes.ts';
import { arrayAt, importProblem, objectAt, requiredStringAt, SKIPPED, stringsAt } from './import-problem.ts';

/** ClientRepresentation fields kept apart from the client's data (identity, scope links, pre-13 default roles). */
const NOT_DATA = new Set(['id', 'clientId', 'defaultClientScopes', 'optionalClientScopes', 'defaultRoles']);

/**
 * `clients`: created with their protocol mappers (dedicated mappers included) and every
 * other field as data; a built-in client (`account`, `admin-cli`, …) is updated in place so
 * that its roles and links stay. Default and optional client scopes are linked by name.
 */
export async function importClients(ctx: ImportContext): Promise<void> {
  const seen = new Set<string>();
  for (const [i, raw] of arrayAt(ctx.rep.clients, 'clients').entries()) {
    if (raw === SKIPPED) continue;
    const path = `clients[${i}]`;
    const rep = objectAt(raw, path);
    const clientId = requiredStringAt(rep.clientId, `${path}.clientId`);
    if (seen.has(clientId)) throw importProblem(`${path}.clientId`, `client "${clientId}" appears twice`);
    seen.add(clientId);
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(rep)) if (!NOT_DATA.has(key) && value !== undefined) data[key] = value;
    if (data.protocolMappers !== undefined) data.protocolMappers = withMapperIds(data.protocolMappers, `${path}.protocolMappers`);
    const existing = ctx.clients.get(clientId);
    let uuid: string;
    if (existing) {
      const current = await ctx.tx.clients.findById(ctx.realm.id, existing);
      await ctx.tx.clients.update({ id: existing, realmId: ctx.realm.id, clientId, data: { ...current?.data, ...data } });
      uuid = existing;
    } else {
      uuid = typeof rep.id === 'string' && rep.id !== '' ? rep.id : newId();
      await ctx.tx.clients.create({ id: uuid, realmId: ctx.realm.id, clientId, data });
      ctx.clients.set(clientId, uuid);
      ctx.clientRoles.set(clientId, new Map());
    }
    await linkScopes(ctx, uuid, rep, path);
  }
}

async function linkScopes(ctx: ImportContext, uuid: string, rep: Record<string, unknown>, path: string): Promise<void> {
  const given = (field: string) => rep[field] !== undefined && rep[field] !== null;
  if (!given('defaultClientScopes') && !given('optionalClientScopes')) return;
  for (const link of await ctx.tx.clients.listScopeLinks(uuid)) await ctx.tx.clients.unlinkScope(uuid, link.scopeId);
  for (const [field, defaultScope] of [['defaultClientScopes', true], ['optionalClientScopes', false]] as const) {
    // A scope the realm lacks is left out, as Keycloak does for scopes of another version.
    const ids = stringsAt(rep[field], `${path}.${field}`).map((name) => ctx.scopes.get(name)).filter((id): id is string => id !== undefined);
    if (ids.length > 0) await ctx.tx.clients.linkScopes(uuid, [...new Set(ids)], defaultScope);
  }
}
