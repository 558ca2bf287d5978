import type { Clock } from '../../../kernel/clock.ts';
import type { RealmRecord, Repositories } from '../../../storage/ports.ts';
import { createRealm, type RealmSeeder } from '../service.ts';
import { importClientScopes, importRealmDefaultScopes } from './client-scopes.ts';
import { importClients } from './clients.ts';
import { importComponents } from './components.ts';
import { importFlows, importRequiredActions } from './authentication-flows.ts';
import { importDefaultGroups, importGroups } from './groups.ts';
import { importIdentityProviders } from './identity-providers.ts';
import type { ImportContext, PreparedSecrets } from './import-context.ts';
import type { PreparedRealmImport } from './prepare-import.ts';
import { realmExtras } from './realm-settings.ts';
import { importClientRoles, importDefaultRole, importLegacyDefaultRoles, importRealmRoles, importRoleComposites } from './roles.ts';
import { importUsers } from './users.ts';

/** An import context over an existing realm, its names resolved to ids from the store. */
export async function contextFor(tx: Repositories, realm: RealmRecord, rep: Record<string, unknown>, clock: Clock, prepared: PreparedSecrets): Promise<ImportContext> {
  const ctx: ImportContext = {
    tx, realm, rep, clock, prepared,
    realmRoles: new Map((await tx.roles.listRealmRoles(realm.id)).map((r) => [r.name, r.id])),
    clients: new Map(),
    clientRoles: new Map(),
    scopes: new Map((await tx.clientScopes.list(realm.id)).map((s) => [s.name, s.id])),
    groups: new Map(),
  };
  for (const client of await tx.clients.list(realm.id)) {
    ctx.clients.set(client.clientId, client.id);
    ctx.clientRoles.set(client.clientId, new Map((await tx.roles.listClientRoles(realm.id, client.id)).map((r) => [r.name, r.id])));
  }
  const groups = await tx.groups.listAll(realm.id);
  const byId = new Map(groups.map((g) => [g.id, g]));
  const pathOf = (id: string): string => {
    const g = byId.get(id)!;
    return `${g.parentId && byId.has(g.parentId) ? pathOf(g.parentId) : ''}/${g.name}`;
  };
  for (const g of groups) ctx.groups.set(pathOf(g.id), g.id);
  return ctx;
}

/**
 * Creates a realm from a full RealmRepresentation, in the caller's transaction: the realm
 * as a new one gets it (built-in clients, roles, scopes, flows), then the file's parts over
 * it in dependency order. Prepare it first with prepareRealmImport; a broken part throws a
 * `GH_INVALID_INPUT` naming it, and the transaction leaves nothing behind.
 */
export async function importRealm(tx: Repositories, prepared: PreparedRealmImport, clock: Clock, seed: RealmSeeder): Promise<RealmRecord> {
  const realm = await createRealm(
    tx,
    { id: prepared.id, name: prepared.name, enabled: prepared.enabled, settings: prepared.settings, keys: prepared.keys, seed },
    clock,
  );
  const ctx = await contextFor(tx, realm, prepared.rep, clock, prepared.secrets);
  await importRealmRoles(ctx);
  await importClientScopes(ctx);
  await importRealmDefaultScopes(ctx);
  await importClients(ctx);
  await importClientRoles(ctx);
  await importRoleComposites(ctx);
  await importDefaultRole(ctx);
  await importLegacyDefaultRoles(ctx);
  await importGroups(ctx);
  await importDefaultGroups(ctx);
  await importFlows(ctx);
  await importRequiredActions(ctx);
  await importComponents(ctx, prepared.components);
  await importIdentityProviders(ctx);
  await importUsers(ctx);
  const extras = realmExtras(prepared.rep);
  if (Object.keys(extras).length > 0) await tx.representationExtras.put(realm.id, 'realm', realm.id, extras);
  return realm;
}
