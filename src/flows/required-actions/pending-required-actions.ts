import type { RealmRecord, Repositories, UserRecord } from '../../storage/ports.ts';
import { builtinRequiredActions } from './registry.ts';
import { actionNames, type RequiredAction } from './required-action.ts';

/**
 * The required actions the user must perform, by alias, in the realm's priority order: those
 * stored for the user (under the realm's alias or provider id, or a name the implementation
 * answers to, such as the older `terms_and_conditions`), and those whose implementation's
 * `evaluateTriggers` asks for them. Only actions the realm has enabled count: an action the
 * realm does not list or has switched off waits, as in Keycloak.
 */
export async function pendingRequiredActions(
  repos: Repositories,
  realm: RealmRecord,
  user: UserRecord,
  actions: ReadonlyMap<string, RequiredAction> = builtinRequiredActions,
): Promise<string[]> {
  const assigned = new Set(await repos.users.getRequiredActions(user.id));
  const pending: string[] = [];
  for (const record of await repos.requiredActions.list(realm.id)) {
    if (!record.enabled) continue;
    const action = actions.get(record.providerId) ?? actions.get(record.alias);
    const names = [record.alias, record.providerId, ...(action ? actionNames(action) : [])];
    if (names.some((name) => assigned.has(name)) || (await action?.evaluateTriggers?.(repos, realm, user))) pending.push(record.alias);
  }
  return pending;
}
