import { createClient } from '../../src/domain/clients/service.ts';
import { defaultProfileConfig } from '../../src/domain/profile/index.ts';
import { preparePassword, storePassword } from '../../src/domain/credentials/service.ts';
import { ensureMasterRealm, type BootstrapAdmin } from '../../src/domain/realms/bootstrap.ts';
import { createRealm, prepareRealmKeys } from '../../src/domain/realms/service.ts';
import { createUser } from '../../src/domain/users/service.ts';
import { seedBuiltinFlows } from '../../src/flows/index.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import { newId } from '../../src/kernel/ids.ts';
import type { RealmRecord, Store } from '../../src/storage/ports.ts';
import { openSqlStore, type DatabaseOptions } from '../../src/storage/sql/sql-store.ts';

export interface SeedUser {
  username: string;
  password: string;
  /** Defaults give a complete default profile; `null` leaves the field empty. */
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  enabled?: boolean;
  requiredActions?: string[];
  realmRoles?: string[];
}

export interface SeedRealm {
  name: string;
  settings?: Record<string, unknown>;
  clients?: Record<string, unknown>[];
  users?: SeedUser[];
  realmRoles?: string[];
  /** Requirements to change in the realm's flows, by step provider id (e.g. terms REQUIRED). */
  requirements?: Record<string, 'REQUIRED' | 'ALTERNATIVE' | 'DISABLED' | 'CONDITIONAL'>;
  /** A user profile config to store for the realm. */
  profile?: Record<string, unknown>;
}

/**
 * Writes a realm with its clients and users straight into the database, as the domain would,
 * before a server process starts on it. Returns the realm.
 */
export async function seedRealm(store: Store, seed: SeedRealm, afterCreate?: (store: Store, realm: RealmRecord) => Promise<void>): Promise<RealmRecord> {
  const id = newId();
  const keys = await prepareRealmKeys(id, systemClock);
  const realm = await store.transaction((tx) => createRealm(tx, { id, name: seed.name, keys, settings: seed.settings, seed: (tx, r) => seedBuiltinFlows(tx, r.id) }, systemClock));
  if (afterCreate) await afterCreate(store, realm);
  for (const execution of await store.flows.listRealmExecutions(realm.id)) {
    const requirement = execution.authenticator ? seed.requirements?.[execution.authenticator] : undefined;
    if (requirement) await store.flows.updateExecution({ ...execution, requirement });
  }
  if (seed.profile) {
    await store.components.create({
      id: newId(),
      realmId: realm.id,
      parentId: realm.id,
      name: 'Declarative User Profile',
      providerId: 'declarative-user-profile',
      providerType: 'org.keycloak.userprofile.UserProfileProvider',
      subType: null,
      config: { 'kc.user.profile.config': [JSON.stringify(seed.profile)] },
    });
  }
  await store.transaction(async (tx) => {
    for (const role of seed.realmRoles ?? []) {
      await tx.roles.create({ id: newId(), realmId: realm.id, name: role, description: null, clientId: null, attributes: {} });
    }
    for (const client of seed.clients ?? []) await createClient(tx, realm, client, systemClock);
  });
  for (const u of seed.users ?? []) {
    const credential = await preparePassword(realm, u.password, systemClock);
    await store.transaction(async (tx) => {
      const user = await createUser(
        tx,
        realm,
        // A complete profile unless the seed says otherwise, so that VERIFY_PROFILE (on by default, as in Keycloak) has nothing to ask.
        {
          username: u.username,
          email: u.email === undefined ? `${u.username}@example.test` : u.email,
          firstName: u.firstName === undefined ? u.username : u.firstName,
          lastName: u.lastName === undefined ? 'Tester' : u.lastName,
          enabled: u.enabled,
          requiredActions: u.requiredActions,
        },
        systemClock,
      );
      await storePassword(tx, realm.id, user.id, credential);
      for (const name of u.realmRoles ?? []) {
        const role = await tx.roles.findRealmRole(realm.id, name);
        if (role) await tx.roles.grantToUser(user.id, [role.id]);
      }
    });
  }
  return realm;
}

/** The administrator `start-dev` creates in a new master realm. */
export const DEV_ADMIN: BootstrapAdmin = { username: 'admin', password: 'admin' };

/**
 * Opens the database, seeds it, and closes it again so that the server process owns it. With
 * `bootstrapAdmin`, the master realm is created first, as a server's first start would create it.
 */
export async function seedDatabase(options: DatabaseOptions, seeds: SeedRealm[], opts: { bootstrapAdmin?: BootstrapAdmin } = {}): Promise<void> {
  const { store } = await openSqlStore(options);
  try {
    if (opts.bootstrapAdmin) await ensureMasterRealm(store, opts.bootstrapAdmin, systemClock, (tx, realm) => seedBuiltinFlows(tx, realm.id));
    for (const seed of seeds) await seedRealm(store, seed);
  } finally {
    await store.close();
  }
}

/** Keycloak's default user profile plus a `phoneNumber` attribute with a pattern validator, as sign-up tests use it. */
export function profileWithPhoneNumber(): Record<string, unknown> {
  const profile = defaultProfileConfig();
  profile.attributes.push({
    name: 'phoneNumber',
    displayName: '${phoneNumber}',
    validations: { pattern: { pattern: '^\\+?[0-9 ]{6,20}$', 'error-message': 'invalidPhoneNumberMessage' } },
    permissions: { view: ['admin', 'user'], edit: ['admin', 'user'] },
    annotations: { inputType: 'html5-tel' },
    multivalued: false,
  });
  return profile as unknown as Record<string, unknown>;
}
