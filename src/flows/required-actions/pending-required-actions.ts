import type { RealmRecord, Repositories } from '../../storage/ports.ts';

/**
 * The user's required actions that the realm has enabled, in the realm's priority order, by
 * alias. An action the realm does not list or has switched off waits, as in Keycloak.
 */
export async function pendingRequiredActions(repos: Repositories, realm: RealmRecord, userId: string): Promise<string[]> {
  const assigned = new Set(await repos.users.getRequiredActions(userId));
  if (assigned.size === 0) return [];
  const enabled = (await repos.requiredActions.list(realm.id)).filter((a) => a.enabled);
  return enabled.filter((a) => assigned.has(a.alias) || assigned.has(a.providerId)).map((a) => a.alias);
}
