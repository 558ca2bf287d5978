import type { Clock } from '../kernel/clock.ts';
import type { Logger } from '../kernel/logger.ts';
import type { ProviderRegistry } from '../protocol/oidc/provider-registry.ts';
import type { RealmRecord, Store } from '../storage/ports.ts';

/** The client the account console signs in as: Keycloak's built-in public client, present in every realm. */
export const ACCOUNT_CONSOLE = 'account-console';

/** Renders a page of the realm's account theme (`account.liquid`, `error.liquid`). */
export type AccountRender = (realm: RealmRecord, template: string, data: Record<string, unknown>, locale: string) => Promise<string>;

/** What the account console needs. */
export interface AccountDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** The realms' OIDC engines: their keys, clients and settings. */
  registry: ProviderRegistry;
  /** The account-theme renderer; the HTTP layer supplies the themes' one when absent. */
  render?: AccountRender;
  /** How the callback reaches the realm's token endpoint; global `fetch` when absent. */
  fetch?: typeof fetch;
}

/** The URLs of one realm's account console and of the endpoints it talks to, for a public base URL. */
export interface AccountUrls {
  issuer: string;
  /** `/realms/{realm}/account`: also the cookies' path. */
  path: string;
  account: string;
  callback: string;
  logoutAction: string;
  authorization: string;
  token: string;
  endSession: string;
}

/** The account console's URLs for a realm name and base URL (scheme://host[:port]). */
export function accountUrls(realmName: string, baseUrl: string): AccountUrls {
  const realmPath = `/realms/${encodeURIComponent(realmName)}`;
  const issuer = `${baseUrl}${realmPath}`;
  const path = `${realmPath}/account`;
  return {
    issuer,
    path,
    account: `${baseUrl}${path}`,
    callback: `${baseUrl}${path}/callback`,
    logoutAction: `${path}/logout`,
    authorization: `${issuer}/protocol/openid-connect/auth`,
    token: `${issuer}/protocol/openid-connect/token`,
    endSession: `${issuer}/protocol/openid-connect/logout`,
  };
}
