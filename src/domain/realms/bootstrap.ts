import { isGatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { CredentialRecord, KeyRecord, Store } from '../../storage/ports.ts';
import { preparePassword, storePassword } from '../credentials/service.ts';
import { createUser } from '../users/service.ts';
import { MASTER_REALM } from './model.ts';
import { createRealm, prepareRealmKeys, type RealmSeeder } from './service.ts';

export interface BootstrapAdmin {
  username: string;
  password: string;
}

/** What creating the master realm computes before its transaction opens. */
interface PreparedMasterRealm {
  realmId: string;
  keys: KeyRecord[];
  credential: Omit<CredentialRecord, 'userId'>;
}

/** Generates the master realm's keys and hashes the bootstrap admin's password, both off the event loop, side by side. */
async function prepareMasterRealm(admin: BootstrapAdmin, clock: Clock): Promise<PreparedMasterRealm> {
  const realmId = newId();
  const draft = { id: realmId, name: MASTER_REALM, enabled: true, settings: {}, createdAt: 0 };
  const [keys, credential] = await Promise.all([prepareRealmKeys(realmId, clock), preparePassword(draft, admin.password, clock)]);
  return { realmId, keys, credential };
}

/**
 * Creates the master realm with its bootstrap admin on the first start, and nothing on later
 * ones. Several processes may race on a fresh database: the realm name is unique, so one
 * wins and the others see `created: false`.
 */
export async function ensureMasterRealm(
  store: Store,
  admin: BootstrapAdmin,
  clock: Clock,
  seed: RealmSeeder,
): Promise<{ created: boolean }> {
  if (await store.realms.findByName(MASTER_REALM)) return { created: false };
  const { realmId, keys, credential } = await prepareMasterRealm(admin, clock);
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
