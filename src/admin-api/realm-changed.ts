import { touchRealm } from '../domain/realms/touch-realm.ts';
import type { RealmRecord } from '../storage/ports.ts';
import type { AdminDeps } from './types.ts';

/**
 * After a committed change to what the realm's OIDC engine is built from: this node drops
 * its engines at once, and the raised revision makes every other node on the database
 * rebuild its own at its next staleness check (within a second or so).
 */
export async function realmChanged(deps: AdminDeps, realm: RealmRecord): Promise<void> {
  await touchRealm(deps.store, realm.id);
  deps.registry.invalidate(realm.name);
}
