import { newId } from '../../../src/kernel/ids.ts';
import type { Store } from '../../../src/storage/ports.ts';

/**
 * Gives the realm's executions of `authenticator` a config and a requirement, as an admin
 * would through the authentication Admin API. Flows are read per journey, so a running server
 * picks this up at once.
 */
export async function configureStep(store: Store, realmName: string, authenticator: string, config: Record<string, string>, requirement: 'REQUIRED' | 'DISABLED' = 'REQUIRED'): Promise<void> {
  const realm = (await store.realms.findByName(realmName))!;
  for (const execution of await store.flows.listRealmExecutions(realm.id)) {
    if (execution.authenticator !== authenticator) continue;
    const configId = newId();
    await store.flows.createConfig({ id: configId, realmId: realm.id, alias: `${authenticator}-${configId.slice(0, 6)}`, config });
    await store.flows.updateExecution({ ...execution, requirement, configId });
  }
}
