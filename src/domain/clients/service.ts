import { randomBytes } from 'node:crypto';
import { GatehouseError } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import type { Clock } from '../../kernel/clock.ts';
import type { ClientRecord, RealmRecord, Repositories } from '../../storage/ports.ts';
import { createUser, updateUser } from '../users/service.ts';
import { clientDefaults } from './defaults.ts';

/** A client secret as Keycloak generates one: 32 characters of URL-safe randomness. */
export function generateClientSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Creates a client from a (partial) ClientRepresentation with Keycloak's defaults: a secret
 * for a confidential client, the realm's default and optional client scopes, and the
 * `service-account-{clientId}` user when service accounts are enabled.
 */
export async function createClient(tx: Repositories, realm: RealmRecord, representation: Record<string, unknown>, clock: Clock): Promise<ClientRecord> {
  const clientId = representation.clientId;
  if (typeof clientId !== 'string' || clientId.trim() === '') {
    throw new GatehouseError('GH_INVALID_INPUT', ['clientId is required'], { field: 'clientId' });
  }
  const { id, clientId: _clientId, defaultClientScopes, optionalClientScopes, ...rest } = representation;
  const data: Record<string, unknown> = { ...clientDefaults, ...rest };
  if (data.publicClient !== true && data.bearerOnly !== true && (typeof data.secret !== 'string' || data.secret === '')) {
    data.secret = generateClientSecret();
  }
  const client: ClientRecord = { id: typeof id === 'string' && id ? id : newId(), realmId: realm.id, clientId, data };
  await tx.clients.create(client);

  const scopes = await tx.clientScopes.list(realm.id);
  const byName = new Map(scopes.map((s) => [s.name, s.id]));
  const realmDefaults = await tx.clientScopes.listRealmDefaults(realm.id);
  const protocol = data.protocol ?? 'openid-connect';
  const ofProtocol = (scopeId: string) => scopes.find((s) => s.id === scopeId)?.data.protocol === protocol;
  const pick = (names: unknown, defaultScope: boolean): string[] =>
    Array.isArray(names)
      ? names.map((n) => byName.get(String(n))).filter((x): x is string => x !== undefined)
      : realmDefaults.filter((d) => d.defaultScope === defaultScope && ofProtocol(d.scopeId)).map((d) => d.scopeId);
  await tx.clients.linkScopes(client.id, pick(defaultClientScopes, true), true);
  await tx.clients.linkScopes(client.id, pick(optionalClientScopes, false), false);

  if (data.serviceAccountsEnabled === true) await ensureServiceAccount(tx, realm, client, clock);
  return client;
}

/** The client's service-account user, created on first need, holding the realm's default roles. */
export async function ensureServiceAccount(tx: Repositories, realm: RealmRecord, client: ClientRecord, clock: Clock): Promise<void> {
  if (await tx.users.findByServiceAccountClient(realm.id, client.id)) return;
  await createUser(tx, realm, { username: `service-account-${client.clientId}`, serviceAccountClientLink: client.id, enabled: true }, clock);
}

/** After a client's clientId changed: its service-account user follows the new name, as in Keycloak. */
export async function renameServiceAccount(tx: Repositories, realm: RealmRecord, client: ClientRecord): Promise<void> {
  const user = await tx.users.findByServiceAccountClient(realm.id, client.id);
  const username = `service-account-${client.clientId}`.toLowerCase();
  if (user && user.username !== username) await updateUser(tx, realm, { ...user, username });
}
