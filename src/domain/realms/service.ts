import { GatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { KeyRecord, RealmRecord, Repositories } from '../../storage/ports.ts';
import { builtinScopes } from '../client-scopes/builtin-scopes.ts';
import { generateHmacKey, generateRsaSigningKey } from '../keys/generate.ts';
import { builtinClients, builtinRealmRoles, realmManagementClient, type BuiltinClient } from './builtin-clients.ts';
import { defaultRealmSettings, realmNameProblem } from './defaults.ts';
import { defaultRoleName, MASTER_REALM } from './model.ts';
import { touchRealm } from './touch-realm.ts';

/**
 * Writes what higher layers own into a new realm, inside its transaction: the built-in
 * authentication flows and required actions (flows/builtin) are seeded this way.
 */
export type RealmSeeder = (tx: Repositories, realm: RealmRecord) => Promise<void>;

export interface NewRealm {
  name: string;
  /** Called once the realm exists, in the same transaction. */
  seed?: RealmSeeder;
  enabled?: boolean;
  /** RealmRepresentation settings that override the defaults. */
  settings?: Record<string, unknown>;
}

/**
 * Generates what a realm needs before its transaction opens: key generation is slow, and a
 * transaction held open across it would block every other writer on SQLite.
 */
export async function prepareRealmKeys(realmId: string, clock: Clock): Promise<KeyRecord[]> {
  const now = clock.now();
  return [await generateRsaSigningKey(realmId, now), generateHmacKey(realmId, now)];
}

/**
 * Creates a realm with everything Keycloak gives a new one: default roles, the built-in
 * clients and their roles, the default client scopes, signing keys, and (outside master) the
 * `{realm}-realm` management client in master that master's `admin` role reaches it through.
 * Run it inside a transaction; `keys` come from prepareRealmKeys with the same realm id.
 */
export async function createRealm(tx: Repositories, input: NewRealm & { id: string; keys: KeyRecord[] }, clock: Clock): Promise<RealmRecord> {
  const problem = realmNameProblem(input.name);
  if (problem) throw new GatehouseError('GH_INVALID_INPUT', [problem], { field: 'realm' });
  if (await tx.realms.findByName(input.name)) throw new GatehouseError('GH_CONFLICT', [`Conflict detected. See logs for details`]);

  const isMaster = input.name === MASTER_REALM;
  const realm: RealmRecord = {
    id: input.id,
    name: input.name,
    enabled: input.enabled ?? true,
    settings: { ...defaultRealmSettings(), ...input.settings },
    createdAt: clock.now(),
  };
  await tx.realms.create(realm);
  if (input.seed) await input.seed(tx, realm);

  const realmRoleIds = new Map<string, string>();
  for (const role of builtinRealmRoles) {
    const id = newId();
    await tx.roles.create({ id, realmId: realm.id, name: role.name, description: role.description, clientId: null, attributes: {} });
    realmRoleIds.set(role.name, id);
  }

  const scopeIds = await createBuiltinScopes(tx, realm.id);
  const clientRoleIds = new Map<string, Map<string, string>>();
  for (const builtin of builtinClients(isMaster)) {
    clientRoleIds.set(builtin.clientId, await createBuiltinClient(tx, realm, builtin, scopeIds));
  }

  const defaultRoleId = newId();
  await tx.roles.create({
    id: defaultRoleId,
    realmId: realm.id,
    name: defaultRoleName(realm.name),
    description: '${role_default-roles}',
    clientId: null,
    attributes: {},
  });
  const account = clientRoleIds.get('account');
  await tx.roles.addComposites(defaultRoleId, [
    realmRoleIds.get('offline_access')!,
    realmRoleIds.get('uma_authorization')!,
    account!.get('view-profile')!,
    account!.get('manage-account')!,
  ]);
  // Keycloak's scope mappings for a new realm: `offline_access` tokens may carry the realm
  // role of that name, and the account console's tokens the account roles it needs.
  await tx.clientScopes.addScopeMappings(scopeIds.get('offline_access')!, [realmRoleIds.get('offline_access')!]);
  const accountConsole = await tx.clients.findByClientId(realm.id, 'account-console');
  if (accountConsole) await tx.clients.addScopeMappings(accountConsole.id, [account!.get('manage-account')!, account!.get('view-groups')!]);
  realm.settings.defaultRole = { id: defaultRoleId, name: defaultRoleName(realm.name), description: '${role_default-roles}', composite: true, clientRole: false, containerId: realm.id };
  await tx.realms.update(realm);

  for (const key of input.keys) await tx.keys.create({ ...key, realmId: realm.id });

  if (isMaster) await createMasterAdminRoles(tx, realm, scopeIds);
  else await linkToMaster(tx, realm);
  return realm;
}

async function createBuiltinScopes(tx: Repositories, realmId: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const scope of builtinScopes) {
    const id = newId();
    await tx.clientScopes.create({
      id,
      realmId,
      name: scope.name,
      data: {
        description: scope.description,
        protocol: scope.protocol,
        attributes: scope.attributes,
        protocolMappers: scope.protocolMappers.map((m) => ({ id: newId(), ...m })),
      },
    });
    if (scope.realmDefault !== undefined) await tx.clientScopes.setRealmDefault(realmId, id, scope.realmDefault);
    ids.set(scope.name, id);
  }
  return ids;
}

/** Creates a built-in client with its roles and the realm's default OIDC scopes; returns role ids by name. */
async function createBuiltinClient(
  tx: Repositories,
  realm: RealmRecord,
  builtin: BuiltinClient,
  scopeIds: Map<string, string>,
): Promise<Map<string, string>> {
  const clientUuid = newId();
  const data = builtin.data(realm.name);
  if (Array.isArray(data.protocolMappers)) {
    data.protocolMappers = data.protocolMappers.map((m: Record<string, unknown>) => ({ id: newId(), ...m }));
  }
  await tx.clients.create({ id: clientUuid, realmId: realm.id, clientId: builtin.clientId, data });
  const oidcScopes = builtinScopes.filter((s) => s.protocol === 'openid-connect' && s.realmDefault !== undefined);
  for (const defaultScope of [true, false]) {
    const ids = oidcScopes.filter((s) => s.realmDefault === defaultScope).map((s) => scopeIds.get(s.name)!);
    await tx.clients.linkScopes(clientUuid, ids, defaultScope);
  }
  const roleIds = new Map<string, string>();
  for (const role of builtin.roles) {
    const id = newId();
    await tx.roles.create({ id, realmId: realm.id, name: role.name, description: `\${role_${role.name}}`, clientId: clientUuid, attributes: {} });
    roleIds.set(role.name, id);
  }
  for (const role of builtin.roles) {
    if (!role.composites) continue;
    await tx.roles.addComposites(roleIds.get(role.name)!, role.composites.map((name) => roleIds.get(name)!));
  }
  return roleIds;
}

/** Master's `admin` and `create-realm` roles, and its own `master-realm` management client. */
async function createMasterAdminRoles(tx: Repositories, master: RealmRecord, scopeIds: Map<string, string>): Promise<void> {
  const adminId = newId();
  const createRealmId = newId();
  await tx.roles.create({ id: adminId, realmId: master.id, name: 'admin', description: '${role_admin}', clientId: null, attributes: {} });
  await tx.roles.create({ id: createRealmId, realmId: master.id, name: 'create-realm', description: '${role_create-realm}', clientId: null, attributes: {} });
  await tx.roles.addComposites(adminId, [createRealmId]);
  const roleIds = await createBuiltinClient(tx, master, realmManagementClient('master-realm', 'master Realm', false), scopeIds);
  await tx.roles.addComposites(adminId, [...roleIds.values()]);
  // Realms created before master (by an import) get their management clients now.
  for (const other of await tx.realms.list()) if (other.id !== master.id) await linkToMaster(tx, other);
}

/** The `{realm}-realm` client in master whose roles master's `admin` role includes. */
async function linkToMaster(tx: Repositories, realm: RealmRecord): Promise<void> {
  const master = await tx.realms.findByName(MASTER_REALM);
  if (!master) return;
  const clientId = `${realm.name}-realm`;
  if (await tx.clients.findByClientId(master.id, clientId)) return;
  const masterScopes = new Map((await tx.clientScopes.list(master.id)).map((s) => [s.name, s.id]));
  const roleIds = await createBuiltinClient(tx, master, realmManagementClient(clientId, `${realm.name} Realm`, false), masterScopes);
  const admin = await tx.roles.findRealmRole(master.id, 'admin');
  if (admin) await tx.roles.addComposites(admin.id, [...roleIds.values()]);
  await touchRealm(tx, master.id);
}

/** Removes a realm, everything in it, and its management client in master. */
export async function deleteRealm(tx: Repositories, realm: RealmRecord): Promise<void> {
  if (realm.name === MASTER_REALM) throw new GatehouseError('GH_INVALID_INPUT', ['The master realm cannot be removed']);
  const master = await tx.realms.findByName(MASTER_REALM);
  if (master) {
    const link = await tx.clients.findByClientId(master.id, `${realm.name}-realm`);
    if (link) {
      await tx.clients.delete(master.id, link.id);
      await touchRealm(tx, master.id);
    }
  }
  await tx.realms.delete(realm.id);
}
