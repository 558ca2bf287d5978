import type { RealmRecord, Repositories } from '../../../storage/ports.ts';
import { exportFlows } from './authentication-flows.ts';
import { exportClients, exportClientScopes } from './clients.ts';
import { exportComponents } from './components.ts';
import { exportContext, MASKED_SECRET } from './export-context.ts';
import { exportGroups } from './groups.ts';
import { exportIdentityProviders } from './identity-providers.ts';
import { exportRoles } from './roles.ts';
import { exportUsers } from './users.ts';

/** What an export holds. A full export (the CLI) takes the defaults; the Admin API's partial export narrows it. */
export interface ExportOptions {
  /** Users inside the representation (false: left out, or written separately). */
  users?: boolean;
  /** Secrets as `**********` (partial export). */
  maskSecrets?: boolean;
  /** Realm keys with their private material, as key-provider components. */
  keys?: boolean;
  clients?: boolean;
  groupsAndRoles?: boolean;
}

/** The Keycloak version whose export shape this is, so that a Keycloak reading it migrates nothing. */
export const EXPORT_KEYCLOAK_VERSION = '26.0.0';

/**
 * A RealmRepresentation Keycloak and Gatehouse can import: settings, roles, clients, scopes,
 * groups, flows, required actions, components (user profile, keys), identity providers and,
 * when asked, users with their credential hashes; and whatever an import kept unread.
 */
export async function exportRealm(repos: Repositories, realm: RealmRecord, options: ExportOptions = {}): Promise<Record<string, unknown>> {
  const { users = false, maskSecrets = false, keys = true, clients = true, groupsAndRoles = true } = options;
  const ctx = await exportContext(repos, realm, maskSecrets);
  const settings: Record<string, unknown> = { ...realm.settings };
  const smtp = settings.smtpServer as Record<string, unknown> | undefined;
  if (maskSecrets && smtp && typeof smtp.password === 'string') settings.smtpServer = { ...smtp, password: MASKED_SECRET };
  const scopes = await exportClientScopes(ctx);
  const flows = await exportFlows(ctx);
  const idps = await exportIdentityProviders(ctx);
  const defaultGroups = (await repos.groups.listDefaultGroups(realm.id)).map((g) => ctx.groupPaths.get(g.id)!).filter(Boolean);
  const rep: Record<string, unknown> = {
    id: realm.id,
    realm: realm.name,
    enabled: realm.enabled,
    ...settings,
    ...(groupsAndRoles ? { roles: await exportRoles(ctx), groups: await exportGroups(ctx), defaultGroups } : {}),
    ...(clients ? { clients: await exportClients(ctx, scopes.names) } : {}),
    clientScopes: scopes.clientScopes,
    defaultDefaultClientScopes: scopes.defaults,
    defaultOptionalClientScopes: scopes.optionals,
    ...idps,
    components: await exportComponents(ctx, keys),
    ...flows,
    ...(await repos.representationExtras.get(realm.id, 'realm', realm.id)),
    keycloakVersion: EXPORT_KEYCLOAK_VERSION,
  };
  if (users) rep.users = await exportUsers(ctx);
  return rep;
}

/** A realm's users alone, for `<realm>-users-<n>.json` files. */
export async function exportRealmUsers(repos: Repositories, realm: RealmRecord): Promise<Record<string, unknown>[]> {
  return exportUsers(await exportContext(repos, realm, false));
}

/** Keycloak's `different_files` layout: `<realm>-users-<n>.json`, 50 users each. */
export function usersFiles(realmName: string, users: Record<string, unknown>[], perFile = 50): { name: string; content: Record<string, unknown> }[] {
  const files = [];
  for (let i = 0; i * perFile < users.length; i++) {
    files.push({ name: `${realmName}-users-${i}.json`, content: { realm: realmName, users: users.slice(i * perFile, (i + 1) * perFile) } });
  }
  return files;
}
