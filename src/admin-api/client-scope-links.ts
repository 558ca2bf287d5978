/**
 * A client's client scopes and own mappers: `GET|PUT|DELETE /clients/{id}/{default|optional}-client-scopes[/{scopeId}]`
 * and the client's protocol mappers (its "dedicated" scope).
 */
import type { StoredProtocolMapper } from '../domain/clients/protocol-mappers.ts';
import { clientOf } from './client-view.ts';
import { protocolMapperRoutes, type MapperContainer } from './protocol-mappers.ts';
import { noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { changeRealmEngine } from './realm-changed.ts';

function linkedScopes(defaultScope: boolean) {
  return async (call: AdminCall): Promise<AdminResponse> => {
    const { store } = call.deps;
    const client = await clientOf(store, call.realm, call.params.id, call.caller);
    const links = (await store.clients.listScopeLinks(client.id)).filter((l) => l.defaultScope === defaultScope);
    const scopes = new Map((await store.clientScopes.list(call.realm.id)).map((s) => [s.id, s]));
    const body = links
      .map((l) => scopes.get(l.scopeId))
      .filter((s) => s !== undefined)
      .map((s) => ({ id: s.id, name: s.name }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return { status: 200, body };
  };
}

async function scopeOf(call: AdminCall) {
  const scope = call.params.scopeId ? await call.deps.store.clientScopes.findById(call.realm.id, call.params.scopeId) : undefined;
  if (!scope) throw notFound('Client scope not found');
  return scope;
}

function linkScope(defaultScope: boolean) {
  return async (call: AdminCall): Promise<AdminResponse> => {
    const { store } = call.deps;
    const client = await clientOf(store, call.realm, call.params.id, call.caller);
    const scope = await scopeOf(call);
    await changeRealmEngine(call.deps, call.realm, (tx) => tx.clients.linkScopes(client.id, [scope.id], defaultScope));
    return noContent;
  };
}

async function unlinkScope(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const client = await clientOf(store, call.realm, call.params.id, call.caller);
  const scope = await scopeOf(call);
  await changeRealmEngine(call.deps, call.realm, (tx) => tx.clients.unlinkScope(client.id, scope.id));
  return noContent;
}

/** The client-scope link routes and the client's own protocol mappers. */
export const clientScopeLinkRoutes: AdminRoute[] = [
  { method: 'GET', path: '/clients/:id/default-client-scopes', permission: 'view-clients', handler: linkedScopes(true) },
  { method: 'PUT', path: '/clients/:id/default-client-scopes/:scopeId', permission: 'manage-clients', handler: linkScope(true) },
  { method: 'DELETE', path: '/clients/:id/default-client-scopes/:scopeId', permission: 'manage-clients', handler: unlinkScope },
  { method: 'GET', path: '/clients/:id/optional-client-scopes', permission: 'view-clients', handler: linkedScopes(false) },
  { method: 'PUT', path: '/clients/:id/optional-client-scopes/:scopeId', permission: 'manage-clients', handler: linkScope(false) },
  { method: 'DELETE', path: '/clients/:id/optional-client-scopes/:scopeId', permission: 'manage-clients', handler: unlinkScope },
  ...protocolMapperRoutes({
    path: '/clients/:id',
    view: 'view-clients',
    manage: 'manage-clients',
    load: (call) => clientOf(call.deps.store, call.realm, call.params.id, call.caller),
    save: async (call, container: MapperContainer, mappers: StoredProtocolMapper[]) => {
      const client = await clientOf(call.deps.store, call.realm, container.id);
      await changeRealmEngine(call.deps, call.realm, (tx) => tx.clients.update({ ...client, data: { ...client.data, protocolMappers: mappers } }));
    },
  }),
];
