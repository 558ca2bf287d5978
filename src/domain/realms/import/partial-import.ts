import type { Clock } from '../../../kernel/clock.ts';
import { GatehouseError } from '../../../kernel/errors.ts';
import type { RealmRecord, Repositories } from '../../../storage/ports.ts';
import { importClients } from './clients.ts';
import { importGroups } from './groups.ts';
import { importIdentityProviders } from './identity-providers.ts';
import type { PreparedSecrets } from './import-context.ts';
import { arrayAt, importProblem, objectAt, SKIPPED, stringAt } from './import-problem.ts';
import { contextFor } from './import-realm.ts';
import { importClientRoles, importRealmRoles, importRoleComposites } from './roles.ts';
import { importUser, userPath } from './users.ts';
import { preparePlainPasswords } from './prepare-import.ts';

/** Keycloak's `ifResourceExists` policies. */
export type IfResourceExists = 'FAIL' | 'SKIP' | 'OVERWRITE';

/** One line of Keycloak's PartialImportResults. */
export interface PartialImportResult {
  action: 'ADDED' | 'SKIPPED' | 'OVERWRITTEN';
  resourceType: 'USER' | 'CLIENT' | 'GROUP' | 'IDP' | 'REALM_ROLE' | 'CLIENT_ROLE';
  resourceName: string;
  id: string;
}

export interface PartialImportResults {
  overwritten: number;
  added: number;
  skipped: number;
  results: PartialImportResult[];
}

/** A partial import checked, with its plain passwords hashed, ready for its transaction. */
export interface PreparedPartialImport {
  rep: Record<string, unknown>;
  policy: IfResourceExists;
  secrets: PreparedSecrets;
}

/** Checks the body's policy and hashes its plain passwords, before the transaction. */
export async function preparePartialImport(realm: RealmRecord, body: unknown, clock: Clock): Promise<PreparedPartialImport> {
  const rep = objectAt(body, '(body)');
  const policy = (stringAt(rep.ifResourceExists, 'ifResourceExists') ?? 'FAIL').toUpperCase();
  if (policy !== 'FAIL' && policy !== 'SKIP' && policy !== 'OVERWRITE') throw importProblem('ifResourceExists', `"${policy}" is not FAIL, SKIP or OVERWRITE`);
  for (const field of ['users', 'clients', 'groups', 'identityProviders']) arrayAt(rep[field], field);
  return { rep: { ...rep }, policy, secrets: await preparePlainPasswords(realm, rep.users, clock) };
}

const typeNames: Record<PartialImportResult['resourceType'], string> = {
  USER: 'User', CLIENT: 'Client', GROUP: 'Group', IDP: 'Identity Provider', REALM_ROLE: 'Realm role', CLIENT_ROLE: 'Client role',
};

/**
 * Keycloak's partial import (`POST /{realm}/partialImport`) in the caller's transaction:
 * realm roles, clients and their roles, groups, identity providers and users; what exists
 * already fails the whole import (FAIL, 409), is left as it is (SKIP) or is replaced
 * (OVERWRITE).
 */
export async function partialImport(tx: Repositories, realm: RealmRecord, prepared: PreparedPartialImport, clock: Clock): Promise<PartialImportResults> {
  const { policy } = prepared;
  const rep = prepared.rep;
  const ctx = await contextFor(tx, realm, rep, clock, prepared.secrets);
  const results: PartialImportResult[] = [];
  const pending: { type: PartialImportResult['resourceType']; name: string; overwritten: boolean; id: () => string | undefined }[] = [];

  /** Decides one entry: returns the entry to import, or SKIPPED. */
  const decide = async (type: PartialImportResult['resourceType'], name: string, exists: boolean, remove: () => Promise<void>, id: () => string | undefined, raw: unknown): Promise<unknown> => {
    if (!exists) {
      pending.push({ type, name, overwritten: false, id });
      return raw;
    }
    if (policy === 'FAIL') throw new GatehouseError('GH_CONFLICT', [`${typeNames[type]} '${name}' already exists.`]);
    if (policy === 'SKIP') {
      results.push({ action: 'SKIPPED', resourceType: type, resourceName: name, id: id() ?? '' });
      return SKIPPED;
    }
    await remove();
    pending.push({ type, name, overwritten: true, id });
    return raw;
  };

  const roles = objectAt(rep.roles, 'roles');
  const realmRoles = [];
  for (const [i, raw] of arrayAt(roles.realm, 'roles.realm').entries()) {
    const name = String(objectAt(raw, `roles.realm[${i}]`).name ?? '');
    realmRoles.push(await decide('REALM_ROLE', name, ctx.realmRoles.has(name), async () => undefined, () => ctx.realmRoles.get(name), raw));
  }
  // Client roles are judged before their client may be replaced, which takes its roles along.
  const clientRoles: Record<string, unknown[]> = {};
  for (const [clientId, list] of Object.entries(objectAt(roles.client, 'roles.client'))) {
    clientRoles[clientId] = [];
    for (const [i, raw] of arrayAt(list, `roles.client["${clientId}"]`).entries()) {
      const name = String(objectAt(raw, `roles.client["${clientId}"][${i}]`).name ?? '');
      const existing = () => ctx.clientRoles.get(clientId)?.get(name);
      clientRoles[clientId].push(await decide('CLIENT_ROLE', `${clientId}/${name}`, existing() !== undefined, async () => undefined, existing, raw));
    }
  }
  const clients = [];
  for (const [i, raw] of arrayAt(rep.clients, 'clients').entries()) {
    const clientId = String(objectAt(raw, `clients[${i}]`).clientId ?? '');
    const remove = async () => {
      await tx.clients.delete(realm.id, ctx.clients.get(clientId)!);
      ctx.clients.delete(clientId);
      ctx.clientRoles.delete(clientId);
    };
    clients.push(await decide('CLIENT', clientId, ctx.clients.has(clientId), remove, () => ctx.clients.get(clientId), raw));
  }
  rep.roles = { ...roles, realm: realmRoles, client: {} };
  rep.clients = clients;
  await importRealmRoles(ctx);
  await importClients(ctx);

  rep.roles = { ...roles, realm: realmRoles, client: clientRoles };
  await importClientRoles(ctx);
  await importRoleComposites(ctx);

  const groups = [];
  for (const [i, raw] of arrayAt(rep.groups, 'groups').entries()) {
    const name = String(objectAt(raw, `groups[${i}]`).name ?? '');
    const path = `/${name}`;
    const remove = async () => {
      await tx.groups.delete(realm.id, ctx.groups.get(path)!);
      for (const key of [...ctx.groups.keys()]) if (key === path || key.startsWith(`${path}/`)) ctx.groups.delete(key);
    };
    groups.push(await decide('GROUP', name, ctx.groups.has(path), remove, () => ctx.groups.get(path), raw));
  }
  rep.groups = groups;
  await importGroups(ctx);

  const providers = [];
  const providerIds = new Map<string, string>();
  for (const [i, raw] of arrayAt(rep.identityProviders, 'identityProviders').entries()) {
    const alias = String(objectAt(raw, `identityProviders[${i}]`).alias ?? '');
    const existing = await tx.identityProviders.findByAlias(realm.id, alias);
    if (existing) providerIds.set(alias, existing.id);
    providers.push(await decide('IDP', alias, existing !== undefined, () => tx.identityProviders.delete(realm.id, alias), () => providerIds.get(alias), raw));
  }
  rep.identityProviders = providers;
  await importIdentityProviders(ctx);
  for (const provider of await tx.identityProviders.list(realm.id)) providerIds.set(provider.alias, provider.id);

  const userIds = new Map<string, string>();
  for (const [i, raw] of arrayAt(rep.users, 'users').entries()) {
    const user = objectAt(raw, userPath(i));
    const username = String(user.username ?? user.email ?? '').toLowerCase();
    const existing = await tx.users.findByUsername(realm.id, username);
    if (existing) userIds.set(username, existing.id);
    const entry = await decide('USER', username, existing !== undefined, () => tx.users.delete(realm.id, existing!.id), () => userIds.get(username), raw);
    if (entry !== SKIPPED) userIds.set(username, await importUser(ctx, entry, userPath(i)));
  }

  for (const p of pending) results.push({ action: p.overwritten ? 'OVERWRITTEN' : 'ADDED', resourceType: p.type, resourceName: p.name, id: p.id() ?? '' });
  const count = (action: PartialImportResult['action']) => results.filter((r) => r.action === action).length;
  return { overwritten: count('OVERWRITTEN'), added: count('ADDED'), skipped: count('SKIPPED'), results };
}
