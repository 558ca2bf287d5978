/**
 * Required actions: `GET /authentication/required-actions`, `GET|PUT|DELETE …/{alias}`,
 * `POST …/{alias}/raise-priority|lower-priority`, `GET /authentication/unregistered-required-actions`,
 * `POST /authentication/register-required-action`, and Keycloak 26's `…/{alias}/config`
 * and `…/{alias}/config-description`.
 */
import { defaultRequiredActions } from '../flows/builtin/required-actions.ts';
import { newId } from '../kernel/ids.ts';
import type { RequiredActionRecord } from '../storage/ports.ts';
import type { ConfigProperty } from '../flows/steps/registry.ts';
import { forbidden } from './auth.ts';
import { objectBody, optBool, optString } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** The required-action providers Keycloak ships, by provider id, with their display names. */
const knownProviders = new Map(defaultRequiredActions.map((a) => [a.alias, a.name]));

const MAX_AUTH_AGE: ConfigProperty = {
  name: 'max_auth_age',
  label: 'Maximum Age of Authentication',
  helpText: 'Configures the duration in seconds this action can be used after the last authentication before the user is required to re-authenticate. This parameter is used just in the context of AIA when the kc_action parameter is available in the request, which is for instance when user himself updates his password in the account console.',
  type: 'String',
};

/** The actions that take configuration, and what it is (Keycloak 26's configurable factories). */
const configurable: ReadonlyMap<string, ConfigProperty[]> = new Map([
  ['UPDATE_PASSWORD', [MAX_AUTH_AGE]],
  ['UPDATE_EMAIL', [MAX_AUTH_AGE]],
  ['CONFIGURE_TOTP', [MAX_AUTH_AGE]],
  ['delete_credential', [MAX_AUTH_AGE]],
  ['webauthn-register', [MAX_AUTH_AGE]],
  ['webauthn-register-passwordless', [MAX_AUTH_AGE]],
  ['CONFIGURE_RECOVERY_AUTHN_CODES', [MAX_AUTH_AGE]],
]);

const representation = (a: RequiredActionRecord) => ({ alias: a.alias, name: a.name, providerId: a.providerId, enabled: a.enabled, defaultAction: a.defaultAction, priority: a.priority, config: a.config });

/** The realm's actions in Keycloak's order: by priority, then name. */
async function ordered(call: AdminCall): Promise<RequiredActionRecord[]> {
  return (await call.deps.store.requiredActions.list(call.realm.id)).sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

async function actionOf(call: AdminCall, message = 'Failed to find required action.'): Promise<RequiredActionRecord> {
  const action = call.params.alias ? await call.deps.store.requiredActions.find(call.realm.id, call.params.alias) : undefined;
  if (!action) throw notFound(message);
  return action;
}

async function list(call: AdminCall): Promise<AdminResponse> {
  // The user editor lists them too: realm viewers and user viewers may read them.
  if (!(await call.caller.can(call.realm, 'view-realm')) && !(await call.caller.can(call.realm, 'view-users'))) throw forbidden();
  return { status: 200, body: (await ordered(call)).map(representation) };
}

async function getOne(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: representation(await actionOf(call, 'Failed to find required action')) };
}

/** A string map (values as strings; empty ones dropped), or 400. */
function stringMap(value: unknown, field: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Invalid value for field '${field}': expected an object`, field);
  const map: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    if (raw === null || raw === undefined || raw === '') continue;
    if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') throw badRequest(`Invalid value for field '${field}.${key}': expected a string`, `${field}.${key}`);
    map[key] = String(raw);
  }
  return map;
}

async function update(call: AdminCall): Promise<AdminResponse> {
  const action = await actionOf(call, 'Failed to find required action');
  const body = objectBody(call.body);
  const priority = body.priority;
  if (priority !== undefined && priority !== null && !Number.isInteger(priority)) throw badRequest("Invalid value for field 'priority': expected an integer", 'priority');
  const updated: RequiredActionRecord = {
    ...action,
    name: optString(body, 'name') ?? action.name,
    alias: optString(body, 'alias') ?? action.alias,
    enabled: optBool(body, 'enabled') ?? action.enabled,
    defaultAction: optBool(body, 'defaultAction') ?? action.defaultAction,
    priority: typeof priority === 'number' ? priority : action.priority,
    config: stringMap(body.config, 'config') ?? action.config,
  };
  await call.deps.store.requiredActions.update(updated);
  return noContent;
}

async function remove(call: AdminCall): Promise<AdminResponse> {
  const action = await actionOf(call);
  await call.deps.store.requiredActions.delete(call.realm.id, action.alias);
  return noContent;
}

/** Swaps priorities with the neighbour `step` places away, as Keycloak does. */
async function move(call: AdminCall, step: -1 | 1): Promise<AdminResponse> {
  const action = await actionOf(call);
  const all = await ordered(call);
  const at = all.findIndex((a) => a.id === action.id);
  const other = all[at + step];
  if (!other) return noContent;
  const [mine, theirs] = other.priority === action.priority ? [at, at + step] : [action.priority, other.priority];
  await call.deps.store.transaction(async (tx) => {
    await tx.requiredActions.update({ ...action, priority: theirs });
    await tx.requiredActions.update({ ...other, priority: mine });
  });
  return noContent;
}

async function unregistered(call: AdminCall): Promise<AdminResponse> {
  const registered = new Set((await ordered(call)).map((a) => a.providerId));
  return { status: 200, body: [...knownProviders].filter(([id]) => !registered.has(id)).map(([providerId, name]) => ({ name, providerId })) };
}

async function register(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const providerId = optString(body, 'providerId');
  if (!providerId || !knownProviders.has(providerId)) throw new AdminError(400, { error: 'Required Action Provider with given providerId not found' });
  const all = await ordered(call);
  if (all.some((a) => a.alias === providerId)) throw new AdminError(409, { errorMessage: `Required action ${providerId} already exists` });
  const last = all[all.length - 1];
  await call.deps.store.requiredActions.create({
    id: newId(),
    realmId: call.realm.id,
    alias: providerId,
    name: optString(body, 'name') ?? knownProviders.get(providerId)!,
    providerId,
    enabled: true,
    defaultAction: false,
    priority: last ? last.priority + 1 : 0,
    config: {},
  });
  return noContent;
}

/** The configurable action named in the path: 400 when it takes no configuration, as Keycloak answers. */
async function configurableAction(call: AdminCall): Promise<RequiredActionRecord> {
  const action = call.params.alias ? await call.deps.store.requiredActions.find(call.realm.id, call.params.alias) : undefined;
  if (!action || !configurable.has(action.providerId)) throw new AdminError(400, { error: 'RequiredAction is not configurable' });
  return action;
}

async function getConfig(call: AdminCall): Promise<AdminResponse> {
  const action = await configurableAction(call);
  if (Object.keys(action.config).length === 0) throw notFound('Could not find RequiredAction config');
  return { status: 200, body: { config: action.config } };
}

async function putConfig(call: AdminCall): Promise<AdminResponse> {
  const action = await configurableAction(call);
  const config = stringMap(objectBody(call.body).config, 'config') ?? {};
  const maxAge = config.max_auth_age;
  if (maxAge !== undefined && !/^\d+$/.test(maxAge)) throw new AdminError(400, { field: 'max_auth_age', errorMessage: 'error-invalid-number', params: ['max_auth_age', maxAge] });
  await call.deps.store.requiredActions.update({ ...action, config });
  return noContent;
}

async function deleteConfig(call: AdminCall): Promise<AdminResponse> {
  const action = await configurableAction(call);
  if (Object.keys(action.config).length === 0) throw notFound('Could not find RequiredAction config');
  await call.deps.store.requiredActions.update({ ...action, config: {} });
  return noContent;
}

async function configDescription(call: AdminCall): Promise<AdminResponse> {
  const action = call.params.alias ? await call.deps.store.requiredActions.find(call.realm.id, call.params.alias) : undefined;
  const properties = action ? configurable.get(action.providerId) : undefined;
  if (!properties) throw notFound('Could not find configurable RequiredAction provider');
  return { status: 200, body: { properties } };
}

/** The required-action routes. */
export const requiredActionRoutes: AdminRoute[] = [
  { method: 'GET', path: '/authentication/required-actions', permission: 'any', handler: list },
  { method: 'GET', path: '/authentication/required-actions/:alias', permission: 'view-realm', handler: getOne },
  { method: 'PUT', path: '/authentication/required-actions/:alias', permission: 'manage-realm', handler: update },
  { method: 'DELETE', path: '/authentication/required-actions/:alias', permission: 'manage-realm', handler: remove },
  { method: 'POST', path: '/authentication/required-actions/:alias/raise-priority', permission: 'manage-realm', handler: (call) => move(call, -1) },
  { method: 'POST', path: '/authentication/required-actions/:alias/lower-priority', permission: 'manage-realm', handler: (call) => move(call, 1) },
  { method: 'GET', path: '/authentication/required-actions/:alias/config', permission: 'view-realm', handler: getConfig },
  { method: 'PUT', path: '/authentication/required-actions/:alias/config', permission: 'manage-realm', handler: putConfig },
  { method: 'DELETE', path: '/authentication/required-actions/:alias/config', permission: 'manage-realm', handler: deleteConfig },
  { method: 'GET', path: '/authentication/required-actions/:alias/config-description', permission: 'view-realm', handler: configDescription },
  { method: 'GET', path: '/authentication/unregistered-required-actions', permission: 'view-realm', handler: unregistered },
  { method: 'POST', path: '/authentication/register-required-action', permission: 'manage-realm', handler: register },
];
