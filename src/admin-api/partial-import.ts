/**
 * `POST /admin/realms/{realm}/partialImport` and `POST /admin/realms/{realm}/partial-export`,
 * as Keycloak: users, clients, groups, identity providers and roles into an existing realm
 * under an `ifResourceExists` policy; and the realm out with secrets masked.
 */
import { exportRealm } from '../domain/realms/export/export-realm.ts';
import { partialImport, preparePartialImport } from '../domain/realms/import/partial-import.ts';
import { changeRealmEngine } from './realm-changed.ts';
import { objectBody } from './validate.ts';
import { queryBool, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

async function postPartialImport(call: AdminCall): Promise<AdminResponse> {
  const { deps } = call;
  const prepared = await preparePartialImport(call.realm, objectBody(call.body), deps.clock);
  const results = await changeRealmEngine(deps, call.realm, (tx) => partialImport(tx, call.realm, prepared, deps.clock));
  return { status: 200, body: results };
}

async function postPartialExport(call: AdminCall): Promise<AdminResponse> {
  const clients = queryBool(call.query, 'exportClients') ?? false;
  const groupsAndRoles = queryBool(call.query, 'exportGroupsAndRoles') ?? false;
  // As Keycloak: reading the realm, plus the right to see what else was asked for.
  if (clients) await call.caller.require(call.realm, 'view-clients');
  if (groupsAndRoles) await call.caller.require(call.realm, 'query-groups');
  const body = await exportRealm(call.deps.store, call.realm, { maskSecrets: true, keys: false, users: false, clients, groupsAndRoles });
  return { status: 200, body };
}

/** The partial import and export routes. */
export const partialImportRoutes: AdminRoute[] = [
  { method: 'POST', path: '/partialImport', permission: 'manage-realm', handler: postPartialImport },
  { method: 'POST', path: '/partial-export', permission: 'view-realm', handler: postPartialExport },
];
