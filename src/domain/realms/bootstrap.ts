import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { Store } from '../../storage/ports.ts';
import { preparePassword, storePassword } from '../credentials/service.ts';
import { createUser } from '../users/service.ts';
import { MASTER_REALM } from './model.ts';
import { createRealm, prepareRealmKeys, type RealmSeeder } from './service.ts';

export interface BootstrapAdmin {
  username: string;
  password: string;
}

/**
 * Creates the master realm with its bootstrap admin on the first start, and nothing on later
 * ones. Several processes may race on a fresh database: the realm name is unique, so one
 * wins and the others see `created: false`.
 */
export async function ensureMasterRealm(store: Store, admin: BootstrapAdmin, clock: Clock, seed: RealmSeeder): Promise<{ created: boolean }> {
  if (await store.realms.findByName(MASTER_REALM)) return { created: false };
  const realmId = newId();
  const draft = { id: realmId, name: MASTER_REALM, enabled: true, settings: {}, createdAt: 0 };
  // Key generation and hashing both run off the event loop; side by side they take the time of the slower.
  const [keys, credential] = await Promise.all([prepareRealmKeys(realmId, clock), preparePassword(draft, admin.password, clock)]);
  try {
    await store.transaction(async (tx) => {
      const master = await createRealm(
        tx,
        { id: realmId, name: MASTER_REALM, keys, seed, settings: { displayName: 'Gatehouse', displayNameHtml: '<div class="kc-logo-text"><span>Gatehouse</span></div>' } },
        clock,
      );
      const user = await createUser(tx, master, { username: admin.username, enabled: true }, clock);
      await storePassword(tx, master.id, user.id, credential);
      const adminRole = await tx.roles.findRealmRole(master.id, 'admin');
      if (adminRole) await tx.roles.grantToUser(user.id, [adminRole.id]);
    });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT') && (await store.realms.findByName(MASTER_REALM))) return { created: false };
    throw error;
  }
  return { created: true };
}
