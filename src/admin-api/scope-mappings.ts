/**
 * Scope mappings, the roles a client without full scope (or a client scope) lets into tokens:
 * `/clients/{id}/scope-mappings[/realm|/clients/{clientUuid}][/available|/composite]` and the
 * same under `/client-scopes/{id}`, on the role-mapping routes.
 */
import { expandComposites } from '../domain/roles/expand-composites.ts';
import { clientOf } from './client-view.ts';
import { roleMappingRoutesFor, type RoleMappingHolder } from './role-mappings.ts';
import { notFound, type AdminRoute } from './types.ts';

const clientHolder: RoleMappingHolder = {
  path: '/clients/:id',
  segment: 'scope-mappings',
  view: 'view-clients',
  manage: 'manage-clients',
  load: async (call) => (await clientOf(call.deps.store, call.realm, call.params.id, call.caller)).id,
  direct: (repos, clientId) => repos.clients.listScopeMappings(clientId),
  effective: async (repos, _realmId, clientId) => expandComposites(repos, await repos.clients.listScopeMappings(clientId)),
  grant: (repos, clientId, roleIds) => repos.clients.addScopeMappings(clientId, roleIds),
  revoke: (repos, clientId, roleIds) => repos.clients.removeScopeMappings(clientId, roleIds),
};

const clientScopeHolder: RoleMappingHolder = {
  path: '/client-scopes/:id',
  segment: 'scope-mappings',
  view: 'view-clients',
  manage: 'manage-clients',
  load: async (call) => {
    const scope = call.params.id ? await call.deps.store.clientScopes.findById(call.realm.id, call.params.id) : undefined;
    if (!scope) throw notFound('Could not find client scope');
    return scope.id;
  },
  direct: (repos, scopeId) => repos.clientScopes.listScopeMappings(scopeId),
  effective: async (repos, _realmId, scopeId) => expandComposites(repos, await repos.clientScopes.listScopeMappings(scopeId)),
  grant: (repos, scopeId, roleIds) => repos.clientScopes.addScopeMappings(scopeId, roleIds),
  revoke: (repos, scopeId, roleIds) => repos.clientScopes.removeScopeMappings(scopeId, roleIds),
};

/** The scope-mapping routes of clients and client scopes. */
export const scopeMappingRoutes: AdminRoute[] = [...roleMappingRoutesFor(clientHolder), ...roleMappingRoutesFor(clientScopeHolder)];
