import type { ExportContext } from './export-context.ts';
import { MASKED_SECRET } from './export-context.ts';

/** `clients`: every field as stored, the scope links by name, the secret masked when asked. */
export async function exportClients(ctx: ExportContext, scopeNames: Map<string, string>): Promise<Record<string, unknown>[]> {
  const result: Record<string, unknown>[] = [];
  for (const client of await ctx.repos.clients.list(ctx.realm.id)) {
    const links = await ctx.repos.clients.listScopeLinks(client.id);
    const names = (defaultScope: boolean) => links.filter((l) => l.defaultScope === defaultScope).map((l) => scopeNames.get(l.scopeId)).filter((n): n is string => n !== undefined).sort();
    const rep: Record<string, unknown> = { id: client.id, clientId: client.clientId, ...client.data, defaultClientScopes: names(true), optionalClientScopes: names(false) };
    if (ctx.maskSecrets && typeof rep.secret === 'string') rep.secret = MASKED_SECRET;
    result.push(rep);
  }
  return result;
}

/** `clientScopes` and the realm's default and optional scopes by name. */
export async function exportClientScopes(ctx: ExportContext): Promise<{ clientScopes: Record<string, unknown>[]; names: Map<string, string>; defaults: string[]; optionals: string[] }> {
  const scopes = await ctx.repos.clientScopes.list(ctx.realm.id);
  const names = new Map(scopes.map((s) => [s.id, s.name]));
  const links = await ctx.repos.clientScopes.listRealmDefaults(ctx.realm.id);
  const pick = (defaultScope: boolean) => links.filter((l) => l.defaultScope === defaultScope).map((l) => names.get(l.scopeId)!).filter(Boolean).sort();
  return { clientScopes: scopes.map((s) => ({ id: s.id, name: s.name, ...s.data })), names, defaults: pick(true), optionals: pick(false) };
}
