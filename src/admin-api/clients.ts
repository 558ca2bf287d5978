/**
 * Clients: `GET|POST /clients` and `GET|PUT|DELETE /clients/{id}`, with Keycloak's defaults,
 * generated secrets, the realm's default client scopes for a new client, and its errors.
 * Every change rebuilds the realm's OIDC engine, so that the token endpoint sees it at once.
 */
import { createClient, ensureServiceAccount, renameServiceAccount } from '../domain/clients/service.ts';
import { mappersOf, type StoredProtocolMapper } from '../domain/clients/protocol-mappers.ts';
import { secretRotationPolicy, attributesWithoutRotatedSecret } from '../domain/clients/secret-rotation.ts';
import { MASTER_REALM } from '../domain/realms/model.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import type { ClientRecord } from '../storage/ports.ts';
import { forbidden } from './auth.ts';
import { checkClientUrls, clientBody } from './client-body.ts';
import { clientAccess, clientOf, clientRepresentation } from './client-view.ts';
import { AdminError, badRequest, noContent, queryBool, queryInt, queryOne, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { changeRealmEngine } from './realm-changed.ts';

/** Fields that live elsewhere than the stored data of a client. */
const NOT_DATA = ['id', 'clientId', 'defaultClientScopes', 'optionalClientScopes', 'access', 'protocolMappers'];

/** `key1:value1 key2:value2` → attribute filters, as Keycloak's `q` parameter. */
function attributeFilters(q: string | undefined): [string, string][] {
  if (!q || q.trim() === '') return [];
  return q.trim().split(/\s+/).map((pair) => {
    const at = pair.indexOf(':');
    return at > 0 ? [pair.slice(0, at), pair.slice(at + 1)] : [pair, ''];
  });
}

async function listClients(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const clientId = queryOne(call.query, 'clientId');
  const search = queryBool(call.query, 'search') === true;
  const filters = attributeFilters(queryOne(call.query, 'q'));
  let clients = await store.clients.list(call.realm.id);
  if (clientId !== undefined && clientId.trim() !== '') {
    const wanted = clientId.toLowerCase();
    clients = clients.filter((c) => (search ? c.clientId.toLowerCase().includes(wanted) : c.clientId === clientId));
  } else if (filters.length > 0) {
    clients = clients.filter((c) => {
      const attributes = (c.data.attributes ?? {}) as Record<string, unknown>;
      return filters.every(([name, value]) => attributes[name] === value);
    });
  }
  const first = queryInt(call.query, 'first') ?? 0;
  const max = queryInt(call.query, 'max');
  clients = clients.slice(first, max === undefined ? undefined : first + max);
  const canView = await call.caller.can(call.realm, 'view-clients');
  const viewableOnly = queryBool(call.query, 'viewableOnly') === true;
  const access = await clientAccess(call.caller, call.realm);
  const body = [];
  for (const client of clients) {
    if (canView) body.push(await clientRepresentation(store, call.realm, client, access));
    else if (!viewableOnly) body.push({ id: client.id, clientId: client.clientId, ...(typeof client.data.description === 'string' ? { description: client.data.description } : {}) });
  }
  return { status: 200, body };
}

/** The rep's mappers with ids: an existing mapper of the same protocol and name keeps its id (Keycloak's update), a new one keeps the id it was sent with. */
function mappersWithIds(containerId: string, rep: unknown[], existing: StoredProtocolMapper[] = []): StoredProtocolMapper[] {
  const byKey = new Map(mappersOf(containerId, { protocolMappers: existing }).map((m) => [`${m.protocol}\u0000${m.name}`, m.id]));
  return (rep as StoredProtocolMapper[]).map((m) => {
    const protocol = m.protocol ?? 'openid-connect';
    return { ...m, protocol, consentRequired: m.consentRequired ?? false, config: m.config ?? {}, id: byKey.get(`${protocol}\u0000${m.name}`) ?? (typeof m.id === 'string' && m.id !== '' ? m.id : newId()) };
  });
}

async function postClient(call: AdminCall): Promise<AdminResponse> {
  if (!(await call.caller.can(call.realm, 'manage-clients')) && !(await call.caller.can(call.realm, 'create-client'))) throw forbidden();
  const rep = clientBody(call.body);
  const clientId = rep.clientId;
  if (typeof clientId !== 'string' || clientId.trim() === '') throw badRequest('Client id is missing', 'clientId');
  checkClientUrls(rep);
  delete rep.access;
  if (Array.isArray(rep.protocolMappers)) rep.protocolMappers = mappersWithIds('', rep.protocolMappers);
  const { deps } = call;
  let client: ClientRecord;
  try {
    client = await changeRealmEngine(deps, call.realm, (tx) => createClient(tx, call.realm, rep, deps.clock));
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw new AdminError(409, { errorMessage: `Client ${clientId} already exists` });
    throw error;
  }
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/clients/${client.id}` };
}

async function getClient(call: AdminCall): Promise<AdminResponse> {
  const client = await clientOf(call.deps.store, call.realm, call.params.id, call.caller);
  if (!(await call.caller.can(call.realm, 'view-clients'))) throw forbidden();
  return { status: 200, body: await clientRepresentation(call.deps.store, call.realm, client, await clientAccess(call.caller, call.realm)) };
}

/** Keycloak's update: only the fields sent change; attributes merge (an empty or null value removes one). */
function updatedData(client: ClientRecord, rep: Record<string, unknown>): Record<string, unknown> {
  const data = { ...client.data };
  for (const [key, value] of Object.entries(rep)) if (!NOT_DATA.includes(key) && value !== null && value !== undefined && key !== 'attributes') data[key] = value;
  if (rep.attributes && typeof rep.attributes === 'object') {
    const attributes = { ...((client.data.attributes ?? {}) as Record<string, string>) };
    for (const [name, value] of Object.entries(rep.attributes as Record<string, string | null>)) {
      if (value === null || value.trim() === '') delete attributes[name];
      else attributes[name] = value;
    }
    data.attributes = attributes;
  }
  if (Array.isArray(rep.protocolMappers)) data.protocolMappers = mappersWithIds(client.id, rep.protocolMappers, mappersOf(client.id, client.data));
  return data;
}

async function putClient(call: AdminCall): Promise<AdminResponse> {
  const { deps } = call;
  const client = await clientOf(deps.store, call.realm, call.params.id, call.caller);
  const rep = clientBody(call.body);
  const data = updatedData(client, rep);
  // Without a rotation policy, an update drops what an earlier rotation left (as Keycloak does).
  if (!secretRotationPolicy(call.realm)) data.attributes = attributesWithoutRotatedSecret((data.attributes ?? {}) as Record<string, string>);
  checkClientUrls(data);
  const clientId = typeof rep.clientId === 'string' && rep.clientId.trim() !== '' ? rep.clientId : client.clientId;
  const updated: ClientRecord = { ...client, clientId, data };
  try {
    await changeRealmEngine(deps, call.realm, async (tx) => {
      await tx.clients.update(updated);
      if (updated.clientId !== client.clientId) await renameServiceAccount(tx, call.realm, updated);
      if (data.serviceAccountsEnabled === true) await ensureServiceAccount(tx, call.realm, updated, deps.clock);
    });
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw new AdminError(409, { errorMessage: 'Client already exists' });
    throw error;
  }
  return noContent;
}

/** Clients every realm needs (and, in master, the clients through which other realms are administered). */
const INTERNAL_CLIENTS = new Set(['account', 'admin-cli', 'broker', 'realm-management', 'security-admin-console']);

async function isInternalClient(call: AdminCall, clientId: string): Promise<boolean> {
  if (INTERNAL_CLIENTS.has(clientId)) return true;
  if (call.realm.name !== MASTER_REALM || !clientId.endsWith('-realm')) return false;
  return (await call.deps.store.realms.findByName(clientId.slice(0, -'-realm'.length))) !== undefined;
}

async function deleteClient(call: AdminCall): Promise<AdminResponse> {
  const { deps } = call;
  const client = await clientOf(deps.store, call.realm, call.params.id, call.caller);
  if (await isInternalClient(call, client.clientId)) throw new AdminError(400, { error: 'invalid_request', error_description: 'Could not delete client' });
  await changeRealmEngine(deps, call.realm, async (tx) => {
    const serviceAccount = await tx.users.findByServiceAccountClient(call.realm.id, client.id);
    if (serviceAccount) await tx.users.delete(call.realm.id, serviceAccount.id);
    await tx.clients.delete(call.realm.id, client.id);
  });
  return noContent;
}

/** The client routes. */
export const clientRoutes: AdminRoute[] = [
  { method: 'GET', path: '/clients', permission: 'query-clients', handler: listClients },
  { method: 'POST', path: '/clients', permission: 'any', handler: postClient },
  { method: 'GET', path: '/clients/:id', permission: 'any', handler: getClient },
  { method: 'PUT', path: '/clients/:id', permission: 'manage-clients', handler: putClient },
  { method: 'DELETE', path: '/clients/:id', permission: 'manage-clients', handler: deleteClient },
];
