/**
 * Keycloak's ClientRepresentation of a stored client (Keycloak's defaults for missing fields,
 * scope names, mappers with ids, the caller's `access`), and the lookup of the client a path
 * names.
 */
import { clientDefaults } from '../domain/clients/defaults.ts';
import { mappersOf } from '../domain/clients/protocol-mappers.ts';
import type { ClientRecord, RealmRecord, Repositories } from '../storage/ports.ts';
import type { Caller } from './auth.ts';
import { forbidden } from './auth.ts';
import { notFound } from './types.ts';

/** Fields kept in other places than the client's data, or computed. */
const COMPUTED = new Set(['id', 'clientId', 'defaultClientScopes', 'optionalClientScopes', 'protocolMappers', 'access']);

/** The caller's rights on clients (ClientRepresentation `access`). */
export async function clientAccess(caller: Caller, realm: RealmRecord): Promise<Record<string, boolean>> {
  const manage = await caller.can(realm, 'manage-clients');
  return { view: manage || (await caller.can(realm, 'view-clients')), configure: manage, manage };
}

/** The names of a client's default (true) or optional (false) client scopes. */
export async function clientScopeNames(repos: Repositories, realm: RealmRecord, client: ClientRecord): Promise<{ defaults: string[]; optionals: string[] }> {
  const links = await repos.clients.listScopeLinks(client.id);
  const names = new Map((await repos.clientScopes.list(realm.id)).map((s) => [s.id, s.name]));
  const pick = (defaultScope: boolean) =>
    links.filter((l) => l.defaultScope === defaultScope).map((l) => names.get(l.scopeId)).filter((n): n is string => n !== undefined).sort();
  return { defaults: pick(true), optionals: pick(false) };
}

/** Keycloak's full ClientRepresentation. */
export async function clientRepresentation(repos: Repositories, realm: RealmRecord, client: ClientRecord, access?: Record<string, boolean>): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(client.data)) if (!COMPUTED.has(key)) data[key] = value;
  const mappers = mappersOf(client.id, client.data);
  const scopes = await clientScopeNames(repos, realm, client);
  return {
    id: client.id,
    clientId: client.clientId,
    ...clientDefaults,
    ...data,
    ...(mappers.length > 0 ? { protocolMappers: mappers } : {}),
    defaultClientScopes: scopes.defaults,
    optionalClientScopes: scopes.optionals,
    ...(access ? { access } : {}),
  };
}

/**
 * The client a path names. Like Keycloak, an unknown id is a 404 only for callers who may
 * list clients, so that ids cannot be probed.
 */
export async function clientOf(repos: Repositories, realm: RealmRecord, id: string | undefined, caller?: Caller): Promise<ClientRecord> {
  const client = id ? await repos.clients.findById(realm.id, id) : undefined;
  if (!client) {
    if (caller && !(await caller.can(realm, 'query-clients'))) throw forbidden();
    throw notFound('Could not find client');
  }
  return client;
}
