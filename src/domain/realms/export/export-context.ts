import type { RealmRecord, Repositories, RoleRecord } from '../../../storage/ports.ts';

/** How Keycloak shows a secret it will not give out. */
export const MASKED_SECRET = '**********';

/** What one export has read once and its parts share: roles and clients by id, group paths. */
export interface ExportContext {
  repos: Repositories;
  realm: RealmRecord;
  /** Replace secrets (client secrets, IdP client secrets, SMTP password) with `**********`. */
  maskSecrets: boolean;
  roles: Map<string, RoleRecord>;
  /** Internal id → clientId. */
  clientIds: Map<string, string>;
  /** Group id → path (`/a/b`). */
  groupPaths: Map<string, string>;
}

/** Reads the lookups every part needs. */
export async function exportContext(repos: Repositories, realm: RealmRecord, maskSecrets: boolean): Promise<ExportContext> {
  const clients = await repos.clients.list(realm.id);
  const roles = [...(await repos.roles.listRealmRoles(realm.id))];
  for (const client of clients) roles.push(...(await repos.roles.listClientRoles(realm.id, client.id)));
  const groups = await repos.groups.listAll(realm.id);
  const byId = new Map(groups.map((g) => [g.id, g]));
  const pathOf = (id: string): string => {
    const g = byId.get(id)!;
    return `${g.parentId && byId.has(g.parentId) ? pathOf(g.parentId) : ''}/${g.name}`;
  };
  return {
    repos,
    realm,
    maskSecrets,
    roles: new Map(roles.map((r) => [r.id, r])),
    clientIds: new Map(clients.map((c) => [c.id, c.clientId])),
    groupPaths: new Map(groups.map((g) => [g.id, pathOf(g.id)])),
  };
}

/** Role ids as Keycloak's `{realmRoles, clientRoles}` pair of a user or group. */
export function roleNames(ctx: ExportContext, roles: RoleRecord[]): { realmRoles: string[]; clientRoles: Record<string, string[]> } {
  const realmRoles: string[] = [];
  const clientRoles: Record<string, string[]> = {};
  for (const role of roles) {
    if (role.clientId === null) realmRoles.push(role.name);
    else (clientRoles[ctx.clientIds.get(role.clientId) ?? role.clientId] ??= []).push(role.name);
  }
  return { realmRoles: realmRoles.sort(), clientRoles };
}
