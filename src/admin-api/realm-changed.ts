import { touchRealm } from '../domain/realms/touch-realm.ts';
import type { RealmRecord, Repositories } from '../storage/ports.ts';
import type { AdminDeps } from './types.ts';

/**
 * Makes a change to what the realm's OIDC engine is built from (a client, client scope,
 * protocol mapper, scope link or key), raising the realm's revision in the same transaction:
 * every other node on the database sees both at once and rebuilds its engine at its next
 * staleness check; this node drops its engines as soon as the change has committed.
 */
export async function changeRealmEngine<T>(deps: AdminDeps, realm: RealmRecord, work: (tx: Repositories) => Promise<T>): Promise<T> {
  const result = await deps.store.transaction(async (tx) => {
    const value = await work(tx);
    await touchRealm(tx, realm.id);
    return value;
  });
  deps.registry.invalidate(realm.name);
  return result;
}

/**
 * After a committed change the realm's engine may depend on, made outside
 * {@link changeRealmEngine}: this node drops its engines at once, and the raised revision
 * makes every other node rebuild its own (raised after the change, never before, so that no
 * node rebuilds from the old data and keeps it).
 */
export async function realmChanged(deps: AdminDeps, realm: RealmRecord): Promise<void> {
  await touchRealm(deps.store, realm.id);
  deps.registry.invalidate(realm.name);
}
