/**
 * Admin events for every Admin API change, derived in one place from the route rather than
 * written by each handler: the operation from the method (an action endpoint is `ACTION`),
 * Keycloak's resource type from the route's path, the resource path as Keycloak writes it
 * (below the realm, ending with the new resource's id on a create), and the request body
 * with its secrets masked as the representation.
 */
import { recordAdminEvent, type AdminEvent } from '../domain/events/admin-event.ts';
import { listenersOf, WEBHOOK_LISTENER } from '../domain/events/outbox.ts';
import type { AdminEventRecord } from '../storage/ports.ts';
import type { Caller } from './auth.ts';
import type { AdminDeps, AdminResponse, AdminRoute } from './types.ts';

/** Keycloak's resource type by route path (parameters written `*`); the first match wins. */
const resourceTypes: readonly [RegExp, string][] = [
  [/^(users|groups)\/\*\/role-mappings\/realm/, 'REALM_ROLE_MAPPING'],
  [/^(users|groups)\/\*\/role-mappings\/clients/, 'CLIENT_ROLE_MAPPING'],
  [/^users\/\*\/groups\//, 'GROUP_MEMBERSHIP'],
  [/^users\/profile/, 'USER_PROFILE'],
  [/^users/, 'USER'],
  [/^(groups|default-groups)/, 'GROUP'],
  [/^(roles|roles-by-id)(\/|$)/, 'REALM_ROLE'],
  [/^clients\/\*\/roles/, 'CLIENT_ROLE'],
  [/^(clients|client-scopes)\/\*\/protocol-mappers/, 'PROTOCOL_MAPPER'],
  [/^(clients|client-scopes)\/\*\/scope-mappings\/realm/, 'REALM_SCOPE_MAPPING'],
  [/^(clients|client-scopes)\/\*\/scope-mappings\/clients/, 'CLIENT_SCOPE_MAPPING'],
  [/^clients/, 'CLIENT'],
  [/^(client-scopes|default-default-client-scopes|default-optional-client-scopes)/, 'CLIENT_SCOPE'],
  [/^authentication\/flows\/\*\/executions\/flow/, 'AUTH_EXECUTION_FLOW'],
  [/^authentication\/(flows\/\*\/executions|executions\/\*(\/(raise|lower)-priority)?$)/, 'AUTH_EXECUTION'],
  [/^authentication\/(executions\/\*\/config|config)/, 'AUTHENTICATOR_CONFIG'],
  [/^authentication\/(required-actions|register-required-action)/, 'REQUIRED_ACTION'],
  [/^authentication/, 'AUTH_FLOW'],
  [/^identity-provider\/instances\/\*\/mappers/, 'IDENTITY_PROVIDER_MAPPER'],
  [/^identity-provider/, 'IDENTITY_PROVIDER'],
  [/^components/, 'COMPONENT'],
  [/^localization/, 'REALM_LOCALIZATION'],
  [/^attack-detection/, 'USER_LOGIN_FAILURE'],
  [/^sessions/, 'USER_SESSION'],
  [/^organizations/, 'ORGANIZATION'],
  [/^webhooks/, 'CUSTOM'],
  [/^registration-hooks/, 'CUSTOM'],
  [/^/, 'REALM'],
];

/** Last path segments of endpoints that do something rather than create, change or remove a resource. */
const actionSegments = new Set([
  'reset-password', 'logout', 'send-verify-email', 'execute-actions-email', 'impersonation', 'partialImport',
  'client-secret', 'push-revocation', 'logout-all', 'moveToFirst', 'moveAfter', 'userLabel', 'registration-access-token', 'redeliver',
]);

/** Last path segments of POSTs that change nothing (exports, tests, parsing a descriptor). */
const readOnlySegments = new Set(['partial-export', 'testSMTPConnection', 'import-config', 'test', 'evaluate-scopes']);

/** Keycloak's mask for a secret it will not show. */
const MASK = '**********';
const secretKey = /^(password|secret|value|salt|hashedSaltedValue|secretData|privateKey|token|bindCredential|client_?secret)$|(Password|Secret)$/i;

/** The body with every secret masked: password and secret fields, credential values, keys. */
export function maskSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskSecrets(v, k)]));
  }
  return secretKey.test(key) && value !== null && value !== undefined && value !== '' ? MASK : value;
}

/** The static segments of a route path, parameters written `*`, without the leading slash. */
const pattern = (path: string): string => path.replace(/^\//, '').replace(/:[^/]+/g, '*');

/** Clearing the event stores is not itself an admin event (as in Keycloak: the log starts empty). */
const notRecorded = new Set(['DELETE events', 'DELETE admin-events']);

function operationOf(route: AdminRoute, lastStatic: string): AdminEvent['operationType'] | undefined {
  if (readOnlySegments.has(lastStatic) && route.method === 'POST') return undefined;
  if (notRecorded.has(`${route.method} ${pattern(route.path)}`)) return undefined;
  if (actionSegments.has(lastStatic)) return 'ACTION';
  if (route.method === 'POST') return /(raise|lower)-priority$/.test(lastStatic) ? 'UPDATE' : 'CREATE';
  if (route.method === 'PUT') return /\/groups\/\*$/.test(pattern(route.path)) ? 'CREATE' : 'UPDATE';
  if (route.method === 'DELETE') return 'DELETE';
  return undefined;
}

/** What happened, or undefined for a call that changed nothing worth an admin event. */
export function describeAdminCall(route: AdminRoute, params: Record<string, string>, response: AdminResponse): Pick<AdminEvent, 'operationType' | 'resourceType' | 'resourcePath'> | undefined {
  if (route.global || route.method === 'GET' || response.status < 200 || response.status >= 300) return undefined;
  const template = pattern(route.path);
  const lastStatic = template.split('/').filter((s) => s !== '*').pop() ?? '';
  const operationType = operationOf(route, lastStatic);
  if (!operationType) return undefined;
  const resourceType = resourceTypes.find(([re]) => re.test(template))![1];
  let resourcePath = route.path.replace(/^\//, '').replace(/:([^/]+)/g, (_, name: string) => params[name] ?? '');
  // A create names the new resource as its Location does (an id, a role name, an alias).
  if (operationType === 'CREATE' && response.location) {
    const created = decodeURIComponent(response.location.split('?')[0]!.split('/').pop() ?? '');
    if (created !== '' && !resourcePath.endsWith(`/${created}`)) resourcePath = `${resourcePath}/${created}`;
  }
  return { operationType, resourceType, resourcePath };
}

/** No body, or one that says nothing (the admin client sends `{}` with some calls). */
const isEmpty = (body: unknown): boolean =>
  body === undefined || body === null || body === '' || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);

/** One finished Admin API call, as the router saw it. */
export interface FinishedAdminCall {
  route: AdminRoute;
  realmName: string;
  caller: Caller;
  params: Record<string, string>;
  body: unknown;
  response: AdminResponse;
  ipAddress: string | null;
}

/**
 * Records the admin event of a successful change when the changed realm keeps admin events.
 * It runs after the handler's own transaction (so a handler never has to know about it),
 * reading the realm afresh: a change that switches admin events on is itself recorded.
 */
export async function recordAdminCall(deps: AdminDeps, call: FinishedAdminCall): Promise<AdminEventRecord | undefined> {
  const what = describeAdminCall(call.route, call.params, call.response);
  if (!what) return undefined;
  const realm = await deps.store.realms.findByName(call.realmName);
  if (!realm || (realm.settings.adminEventsEnabled !== true && !listenersOf(realm).includes(WEBHOOK_LISTENER))) return undefined;
  const azp = typeof call.caller.claims.azp === 'string' ? call.caller.claims.azp : undefined;
  const client = azp ? await deps.store.clients.findByClientId(call.caller.realm.id, azp) : undefined;
  const event: AdminEvent = {
    ...what,
    authRealmId: call.caller.realm.id,
    authClientId: client?.id ?? null,
    authUserId: call.caller.user.id,
    authIpAddress: call.ipAddress,
    representation: isEmpty(call.body) ? undefined : maskSecrets(call.body),
  };
  return deps.store.transaction((tx) => recordAdminEvent(tx, realm, event, deps.clock));
}
