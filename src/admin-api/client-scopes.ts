/**
 * Client scopes: `GET|POST /client-scopes`, `GET|PUT|DELETE /client-scopes/{id}` with their
 * protocol mappers, and the realm's scopes for new clients,
 * `GET|PUT|DELETE /default-default-client-scopes[/{id}]` and `/default-optional-client-scopes[/{id}]`.
 */
import { mappersOf, type StoredProtocolMapper } from '../domain/clients/protocol-mappers.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import type { ClientScopeRecord, RealmRecord, Repositories } from '../storage/ports.ts';
import { checkMapper } from './client-body.ts';
import { protocolMapperRoutes } from './protocol-mappers.ts';
import { objectBody, optString } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { changeRealmEngine } from './realm-changed.ts';

/** Keycloak's ClientScopeRepresentation. */
export function clientScopeRepresentation(scope: ClientScopeRecord): Record<string, unknown> {
  const { protocolMappers: _mappers, ...data } = scope.data;
  const mappers = mappersOf(scope.id, scope.data);
  return { id: scope.id, name: scope.name, ...data, ...(mappers.length > 0 ? { protocolMappers: mappers } : {}) };
}

async function scopeOf(repos: Repositories, realm: RealmRecord, id: string | undefined): Promise<ClientScopeRecord> {
  const scope = id ? await repos.clientScopes.findById(realm.id, id) : undefined;
  if (!scope) throw notFound('Could not find client scope');
  return scope;
}

/** The stored data of a ClientScopeRepresentation (type-checked). */
function scopeData(body: Record<string, unknown>, base: Record<string, unknown> = {}): Record<string, unknown> {
  const data = { ...base };
  for (const field of ['description', 'protocol']) {
    const value = optString(body, field);
    if (value !== undefined && value !== null) data[field] = value;
  }
  if (body.attributes !== undefined && body.attributes !== null) {
    if (typeof body.attributes !== 'object' || Array.isArray(body.attributes)) throw badRequest("Invalid value for field 'attributes': expected an object", 'attributes');
    for (const [name, value] of Object.entries(body.attributes)) {
      if (typeof value !== 'string') throw badRequest(`Invalid value for field 'attributes.${name}': expected a string`, `attributes.${name}`);
    }
    data.attributes = body.attributes;
  }
  data.protocol ??= 'openid-connect';
  data.attributes ??= {};
  return data;
}

const conflict = (name: string) => new AdminError(409, { errorMessage: `Client Scope ${name} already exists` });

async function listScopes(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: (await call.deps.store.clientScopes.list(call.realm.id)).map(clientScopeRepresentation) };
}

async function postScope(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const name = optString(body, 'name');
  if (!name || name.trim() === '') throw badRequest('Client Scope name is missing', 'name');
  const id = optString(body, 'id') || newId();
  const data = scopeData(body);
  if (body.protocolMappers !== undefined && body.protocolMappers !== null) {
    if (!Array.isArray(body.protocolMappers)) throw badRequest("Invalid value for field 'protocolMappers': expected an array", 'protocolMappers');
    data.protocolMappers = body.protocolMappers.map((m) => ({ protocol: data.protocol, consentRequired: false, config: {}, ...checkMapper(m), id: newId() }));
  }
  try {
    await changeRealmEngine(call.deps, call.realm, (tx) => tx.clientScopes.create({ id, realmId: call.realm.id, name, data }));
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw conflict(name);
    throw error;
  }
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/client-scopes/${id}` };
}

async function getScope(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: clientScopeRepresentation(await scopeOf(call.deps.store, call.realm, call.params.id)) };
}

async function putScope(call: AdminCall): Promise<AdminResponse> {
  const scope = await scopeOf(call.deps.store, call.realm, call.params.id);
  const body = objectBody(call.body);
  const name = optString(body, 'name');
  const updated = { ...scope, name: name && name.trim() !== '' ? name : scope.name, data: scopeData(body, scope.data) };
  try {
    await changeRealmEngine(call.deps, call.realm, (tx) => tx.clientScopes.update(updated));
  } catch (error) {
    if (isGatehouseError(error, 'GH_CONFLICT')) throw conflict(updated.name);
    throw error;
  }
  return noContent;
}

async function deleteScope(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const scope = await scopeOf(store, call.realm, call.params.id);
  for (const client of await store.clients.list(call.realm.id)) {
    if ((await store.clients.listScopeLinks(client.id)).some((l) => l.scopeId === scope.id)) {
      throw badRequest('Cannot remove client scope, it is currently in use');
    }
  }
  await changeRealmEngine(call.deps, call.realm, (tx) => tx.clientScopes.delete(call.realm.id, scope.id));
  return noContent;
}

function realmDefaults(defaultScope: boolean) {
  return async (call: AdminCall): Promise<AdminResponse> => {
    const { store } = call.deps;
    const scopes = new Map((await store.clientScopes.list(call.realm.id)).map((s) => [s.id, s]));
    const body = (await store.clientScopes.listRealmDefaults(call.realm.id))
      .filter((d) => d.defaultScope === defaultScope)
      .map((d) => scopes.get(d.scopeId))
      .filter((s) => s !== undefined)
      .map((s) => ({ id: s.id, name: s.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { status: 200, body };
  };
}

function addRealmDefault(defaultScope: boolean) {
  return async (call: AdminCall): Promise<AdminResponse> => {
    const scope = call.params.scopeId ? await call.deps.store.clientScopes.findById(call.realm.id, call.params.scopeId) : undefined;
    if (!scope) throw notFound('Client scope not found');
    await call.deps.store.clientScopes.setRealmDefault(call.realm.id, scope.id, defaultScope);
    return noContent;
  };
}

async function removeRealmDefault(call: AdminCall): Promise<AdminResponse> {
  const scope = call.params.scopeId ? await call.deps.store.clientScopes.findById(call.realm.id, call.params.scopeId) : undefined;
  if (!scope) throw notFound('Client scope not found');
  await call.deps.store.clientScopes.removeRealmDefault(call.realm.id, scope.id);
  return noContent;
}

/** The client-scope routes. */
export const clientScopeRoutes: AdminRoute[] = [
  { method: 'GET', path: '/client-scopes', permission: 'query-clients', handler: listScopes },
  { method: 'POST', path: '/client-scopes', permission: 'manage-clients', handler: postScope },
  { method: 'GET', path: '/client-scopes/:id', permission: 'view-clients', handler: getScope },
  { method: 'PUT', path: '/client-scopes/:id', permission: 'manage-clients', handler: putScope },
  { method: 'DELETE', path: '/client-scopes/:id', permission: 'manage-clients', handler: deleteScope },
  ...protocolMapperRoutes({
    path: '/client-scopes/:id',
    view: 'view-clients',
    manage: 'manage-clients',
    load: (call) => scopeOf(call.deps.store, call.realm, call.params.id),
    save: async (call, container, mappers: StoredProtocolMapper[]) => {
      const scope = await scopeOf(call.deps.store, call.realm, container.id);
      await changeRealmEngine(call.deps, call.realm, (tx) => tx.clientScopes.update({ ...scope, data: { ...scope.data, protocolMappers: mappers } }));
    },
  }),
  { method: 'GET', path: '/default-default-client-scopes', permission: 'view-clients', handler: realmDefaults(true) },
  { method: 'PUT', path: '/default-default-client-scopes/:scopeId', permission: 'manage-realm', handler: addRealmDefault(true) },
  { method: 'DELETE', path: '/default-default-client-scopes/:scopeId', permission: 'manage-realm', handler: removeRealmDefault },
  { method: 'GET', path: '/default-optional-client-scopes', permission: 'view-clients', handler: realmDefaults(false) },
  { method: 'PUT', path: '/default-optional-client-scopes/:scopeId', permission: 'manage-realm', handler: addRealmDefault(false) },
  { method: 'DELETE', path: '/default-optional-client-scopes/:scopeId', permission: 'manage-realm', handler: removeRealmDefault },
];
