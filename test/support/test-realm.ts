import { createRealm, prepareRealmKeys } from '../../src/domain/realms/service.ts';
import { seedBuiltinFlows } from '../../src/flows/index.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { newId } from '../../src/kernel/ids.ts';
import type { RealmRecord, Store } from '../../src/storage/ports.ts';
import { useTestKeyPool } from './test-keys.ts';

/** A realm as the server creates one — keys, built-in clients, roles, scopes and flows — for tests that work below HTTP. */
export async function createTestRealm(store: Store, name: string, settings: Record<string, unknown> = {}): Promise<RealmRecord> {
  useTestKeyPool();
  const id = newId();
  const keys = await prepareRealmKeys(id, systemClock);
  return store.transaction((tx) => createRealm(tx, { id, name, keys, settings, seed: (t, realm) => seedBuiltinFlows(t, realm.id) }, systemClock));
}
