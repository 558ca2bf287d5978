/**
 * `/admin/realms` and `/admin/realms/{realm}`: list, create, read, update and delete realms,
 * with Keycloak's RealmRepresentation `{id, realm, enabled, ...settings}`.
 */
import { defaultRealmSettings } from '../domain/realms/defaults.ts';
import { createRealm, deleteRealm, prepareRealmKeys } from '../domain/realms/service.ts';
import { importRealm } from '../domain/realms/import/import-realm.ts';
import { prepareRealmImport } from '../domain/realms/import/prepare-import.ts';
import { REALM_COLLECTIONS } from '../domain/realms/import/realm-settings.ts';
import { seedBuiltinFlows } from '../flows/index.ts';
import { newId } from '../kernel/ids.ts';
import type { RealmRecord } from '../storage/ports.ts';
import { forbidden } from './auth.ts';
import { checkSettingTypes, objectBody, optBool, optString } from './validate.ts';
import { badRequest, noContent, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** How Keycloak shows a secret it will not return. */
export const MASKED = '**********';

/** Representation fields that are not settings: identity, and the collections of a full import (see postFullRealm). */
const NOT_SETTINGS = new Set([
  'id', 'realm', 'enabled', 'users', 'clients', 'roles', 'groups', 'clientScopes', 'components', 'authenticationFlows',
  'authenticatorConfig', 'requiredActions', 'identityProviders', 'identityProviderMappers', 'scopeMappings',
  'clientScopeMappings', 'defaultDefaultClientScopes', 'defaultOptionalClientScopes', 'federatedUsers', 'keycloakVersion',
]);

/** Keycloak's RealmRepresentation of a stored realm, with the SMTP password masked. */
export function realmRepresentation(realm: RealmRecord): Record<string, unknown> {
  const settings = { ...realm.settings };
  const smtp = settings.smtpServer;
  if (smtp && typeof smtp === 'object' && typeof (smtp as Record<string, unknown>).password === 'string') {
    settings.smtpServer = { ...(smtp as Record<string, unknown>), password: MASKED };
  }
  return { id: realm.id, realm: realm.name, enabled: realm.enabled, ...settings };
}

/** The settings a representation carries, type-checked against the defaults. */
function settingsOf(body: Record<string, unknown>): Record<string, unknown> {
  checkSettingTypes(body, defaultRealmSettings());
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) if (!NOT_SETTINGS.has(key) && value !== undefined) settings[key] = value;
  return settings;
}

async function listRealms(call: AdminCall): Promise<AdminResponse> {
  const result: Record<string, unknown>[] = [];
  for (const realm of await call.deps.store.realms.list()) {
    if (await call.caller.can(realm, 'view-realm')) result.push(realmRepresentation(realm));
    else if (await call.caller.can(realm, 'any')) result.push({ id: realm.id, realm: realm.name });
  }
  return { status: 200, body: result };
}

/** Whether a create body is a full representation (an export), not just settings. */
const isFullRepresentation = (body: Record<string, unknown>): boolean =>
  [...REALM_COLLECTIONS].some((key) => !BASIC_FIELDS.has(key) && body[key] !== undefined && body[key] !== null);

/** Fields a plain create carries too (a GET realm answer sent back has `defaultRole`). */
const BASIC_FIELDS = new Set(['id', 'realm', 'enabled', 'keycloakVersion', 'defaultRole']);

/** Creates a realm from a full RealmRepresentation (an export or an import file), in one transaction. */
async function postFullRealm(call: AdminCall, body: Record<string, unknown>): Promise<AdminResponse> {
  const { deps } = call;
  const prepared = await prepareRealmImport(body, deps.clock);
  const realm = await deps.store.transaction((tx) => importRealm(tx, prepared, deps.clock, (t, r) => seedBuiltinFlows(t, r.id)));
  deps.registry.invalidate(realm.name);
  return { status: 201, location: realmUrl(call.baseUrl, realm.name) };
}

async function postRealm(call: AdminCall): Promise<AdminResponse> {
  if (!call.caller.mayCreateRealm) throw forbidden();
  const body = objectBody(call.body);
  if (isFullRepresentation(body)) return postFullRealm(call, body);
  const name = optString(body, 'realm');
  const enabled = optBool(body, 'enabled');
  const given = optString(body, 'id');
  const settings = settingsOf(body);
  const id = given && given.trim() !== '' ? given : newId();
  const { deps } = call;
  const keys = await prepareRealmKeys(id, deps.clock);
  const realm = await deps.store.transaction((tx) =>
    createRealm(tx, { id, name: name ?? '', enabled, settings, keys, seed: (t, r) => seedBuiltinFlows(t, r.id) }, deps.clock),
  );
  deps.registry.invalidate(realm.name);
  return { status: 201, location: realmUrl(call.baseUrl, realm.name) };
}

async function getRealm(call: AdminCall): Promise<AdminResponse> {
  if (await call.caller.can(call.realm, 'view-realm')) return { status: 200, body: realmRepresentation(call.realm) };
  return { status: 200, body: { id: call.realm.id, realm: call.realm.name } };
}

async function putRealm(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const name = optString(body, 'realm');
  if (name && name !== call.realm.name) throw badRequest('Renaming a realm is not supported', 'realm');
  const enabled = optBool(body, 'enabled');
  const given = settingsOf(body);
  const current = call.realm.settings;
  const smtp = given.smtpServer as Record<string, unknown> | undefined;
  if (smtp && smtp.password === MASKED) {
    const stored = (current.smtpServer as Record<string, unknown> | undefined)?.password;
    given.smtpServer = { ...smtp, password: stored };
  }
  const { deps } = call;
  await deps.store.transaction(async (tx) => {
    const fresh = await tx.realms.findById(call.realm.id);
    if (!fresh) return;
    await tx.realms.update({ ...fresh, enabled: enabled ?? fresh.enabled, settings: { ...fresh.settings, ...given } });
  });
  deps.registry.invalidate(call.realm.name);
  return noContent;
}

async function removeRealm(call: AdminCall): Promise<AdminResponse> {
  await call.deps.store.transaction((tx) => deleteRealm(tx, call.realm));
  call.deps.registry.invalidate(call.realm.name);
  return noContent;
}

/** The realm routes. */
export const realmRoutes: AdminRoute[] = [
  { method: 'GET', path: '/admin/realms', global: true, permission: 'none', handler: listRealms },
  { method: 'POST', path: '/admin/realms', global: true, permission: 'none', handler: postRealm },
  { method: 'GET', path: '', permission: 'any', handler: getRealm },
  { method: 'PUT', path: '', permission: 'manage-realm', handler: putRealm },
  { method: 'DELETE', path: '', permission: 'manage-realm', handler: removeRealm },
];
