/**
 * Components: `GET /components?parent&type&name`, `POST /components`, `GET|PUT|DELETE
 * /components/{id}` and `GET /components/{id}/sub-component-types`. The user profile is one
 * (`declarative-user-profile`): a profile saved here is checked like `PUT /users/profile`, so
 * both views always hold a configuration the server can use.
 */
import { parseProfileConfig, PROFILE_PROVIDER_TYPE, profileConfigJson } from '../domain/profile/index.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';
import type { Attributes, ComponentRecord } from '../storage/ports.ts';
import { checkProfileConfig } from './user-profile.ts';
import { objectBody, optAttributes, optString } from './validate.ts';
import { badRequest, noContent, notFound, queryOne, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';
import { changeRealmEngine } from './realm-changed.ts';

/** Keycloak's ComponentRepresentation. */
export const componentRepresentation = (c: ComponentRecord): Record<string, unknown> => ({
  id: c.id,
  name: c.name,
  providerId: c.providerId,
  providerType: c.providerType,
  parentId: c.parentId,
  ...(c.subType !== null ? { subType: c.subType } : {}),
  config: c.config,
});

async function componentOf(call: AdminCall): Promise<ComponentRecord> {
  const component = call.params.id ? await call.deps.store.components.findById(call.realm.id, call.params.id) : undefined;
  if (!component) throw notFound('Could not find component');
  return component;
}

/** A user-profile component must carry a usable configuration (or none: the default). */
async function checkProfileComponent(call: AdminCall, providerType: string, config: Attributes): Promise<void> {
  if (providerType !== PROFILE_PROVIDER_TYPE) return;
  const json = profileConfigJson(config);
  if (json === undefined) return;
  let parsed: unknown;
  try {
    parsed = parseProfileConfig(json, call.realm.name);
  } catch (error) {
    if (isGatehouseError(error)) throw badRequest(error.message, 'config');
    throw error;
  }
  await checkProfileConfig(call.deps.store, call.realm, parsed);
}

async function listComponents(call: AdminCall): Promise<AdminResponse> {
  const filter = { parentId: queryOne(call.query, 'parent') || undefined, providerType: queryOne(call.query, 'type') || undefined, name: queryOne(call.query, 'name') || undefined };
  return { status: 200, body: (await call.deps.store.components.list(call.realm.id, filter)).map(componentRepresentation) };
}

async function postComponent(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const providerId = optString(body, 'providerId');
  const providerType = optString(body, 'providerType');
  if (!providerId) throw badRequest('Missing providerId', 'providerId');
  if (!providerType) throw badRequest('Missing providerType', 'providerType');
  const config = optAttributes(body, 'config') ?? {};
  await checkProfileComponent(call, providerType, config);
  const given = optString(body, 'id');
  const component: ComponentRecord = {
    id: given && given.trim() !== '' ? given : newId(),
    realmId: call.realm.id,
    parentId: optString(body, 'parentId') || call.realm.id,
    name: optString(body, 'name') ?? providerId,
    providerId,
    providerType,
    subType: optString(body, 'subType') ?? null,
    config,
  };
  if (await call.deps.store.components.findById(call.realm.id, component.id)) throw badRequest(`Component ${component.id} already exists`, 'id');
  await changeRealmEngine(call.deps, call.realm, (tx) => tx.components.create(component));
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/components/${component.id}` };
}

async function getComponent(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: componentRepresentation(await componentOf(call)) };
}

async function putComponent(call: AdminCall): Promise<AdminResponse> {
  const component = await componentOf(call);
  const body = objectBody(call.body);
  const updated: ComponentRecord = {
    ...component,
    name: optString(body, 'name') ?? component.name,
    providerId: optString(body, 'providerId') ?? component.providerId,
    providerType: optString(body, 'providerType') ?? component.providerType,
    parentId: optString(body, 'parentId') || component.parentId,
    subType: body.subType === undefined ? component.subType : (optString(body, 'subType') ?? null),
    config: optAttributes(body, 'config') ?? component.config,
  };
  await checkProfileComponent(call, updated.providerType, updated.config);
  await changeRealmEngine(call.deps, call.realm, (tx) => tx.components.update(updated));
  return noContent;
}

async function deleteComponent(call: AdminCall): Promise<AdminResponse> {
  const component = await componentOf(call);
  await changeRealmEngine(call.deps, call.realm, (tx) => tx.components.delete(call.realm.id, component.id));
  return noContent;
}

async function subComponentTypes(call: AdminCall): Promise<AdminResponse> {
  await componentOf(call);
  return { status: 200, body: [] };
}

/** The component routes. */
export const componentRoutes: AdminRoute[] = [
  { method: 'GET', path: '/components', permission: 'view-realm', handler: listComponents },
  { method: 'POST', path: '/components', permission: 'manage-realm', handler: postComponent },
  { method: 'GET', path: '/components/:id', permission: 'view-realm', handler: getComponent },
  { method: 'PUT', path: '/components/:id', permission: 'manage-realm', handler: putComponent },
  { method: 'DELETE', path: '/components/:id', permission: 'manage-realm', handler: deleteComponent },
  { method: 'GET', path: '/components/:id/sub-component-types', permission: 'view-realm', handler: subComponentTypes },
];
