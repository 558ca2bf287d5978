/**
 * Authenticator configs and provider descriptions: `POST /authentication/executions/{id}/config`,
 * `GET|PUT|DELETE /authentication/config/{id}`, `GET /authentication/config-description/{providerId}`,
 * the `{authenticator|form|form-action|client-authenticator}-providers` listings and
 * `GET /authentication/per-client-config-description`.
 */
import { builtinSteps } from '../flows/index.ts';
import { providerDescriptions, type ProviderKind } from '../flows/steps/registry.ts';
import { newId } from '../kernel/ids.ts';
import type { AuthenticatorConfigRecord } from '../storage/ports.ts';
import { forbidden } from './auth.ts';
import { executionOf } from './authentication-model.ts';
import { objectBody, optString } from './validate.ts';
import { AdminError, badRequest, noContent, notFound, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** A config map of strings (Keycloak drops empty values), or 400. */
function configMap(body: Record<string, unknown>): Record<string, string> {
  const raw = body.config;
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest("Invalid value for field 'config': expected an object", 'config');
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null || value === undefined || value === '') continue;
    if (typeof value !== 'string') throw badRequest(`Invalid value for field 'config.${key}': expected a string`, `config.${key}`);
    config[key] = value;
  }
  return config;
}

function aliasOf(body: Record<string, unknown>): string {
  const alias = optString(body, 'alias');
  if (!alias) throw new AdminError(400, { errorMessage: 'Alias missing' });
  if (/[<>&"$/]/.test(alias)) throw badRequest(`Character '${/[<>&"$/]/.exec(alias)![0]}' not allowed.`, 'alias');
  return alias;
}

const configRepresentation = (config: AuthenticatorConfigRecord) => ({ id: config.id, alias: config.alias, config: config.config });

async function newExecutionConfig(call: AdminCall): Promise<AdminResponse> {
  const { store } = call.deps;
  const body = objectBody(call.body);
  const execution = await executionOf(store, call.realm, call.params.id);
  const config: AuthenticatorConfigRecord = { id: newId(), realmId: call.realm.id, alias: aliasOf(body), config: configMap(body) };
  await store.transaction(async (tx) => {
    await tx.flows.createConfig(config);
    await tx.flows.updateExecution({ ...execution, configId: config.id });
  });
  return { status: 201, location: `${realmUrl(call.baseUrl, call.realm.name)}/authentication/executions/${execution.id}/config/${config.id}` };
}

async function configOf(call: AdminCall): Promise<AuthenticatorConfigRecord> {
  const id = call.params.configId ?? call.params.id;
  const config = id ? await call.deps.store.flows.findConfig(call.realm.id, id) : undefined;
  if (!config) throw notFound('Could not find authenticator config');
  return config;
}

async function getConfig(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: configRepresentation(await configOf(call)) };
}

async function putConfig(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const alias = aliasOf(body);
  const config = await configOf(call);
  await call.deps.store.flows.updateConfig({ ...config, alias, config: configMap(body) });
  return noContent;
}

async function deleteConfig(call: AdminCall): Promise<AdminResponse> {
  const config = await configOf(call);
  const { store } = call.deps;
  await store.transaction(async (tx) => {
    for (const e of await tx.flows.listRealmExecutions(call.realm.id)) if (e.configId === config.id) await tx.flows.updateExecution({ ...e, configId: null });
    await tx.flows.deleteConfig(call.realm.id, config.id);
  });
  return noContent;
}

async function configDescription(call: AdminCall): Promise<AdminResponse> {
  const providerId = call.params.providerId ?? '';
  const described = providerDescriptions.get(providerId);
  if (!described) throw notFound('Could not find authenticator provider');
  return { status: 200, body: { providerId, name: described.displayName, helpText: described.description, properties: described.properties } };
}

/** The providers of one kind Gatehouse runs: the step registry's, or the client authenticators. */
function providers(kind: ProviderKind): AdminRoute['handler'] {
  return async () => {
    const body = [];
    for (const [id, described] of providerDescriptions) {
      if (described.kind !== kind) continue;
      if (kind !== 'client-authenticator' && !builtinSteps.has(id)) continue;
      body.push({ id, displayName: described.displayName, description: described.description, ...(kind === 'client-authenticator' ? { supportsSecret: id === 'client-secret' || id === 'client-secret-jwt' } : {}) });
    }
    return { status: 200, body };
  };
}

/** Client authenticators are read by realm viewers and by client admins (Keycloak's requireViewClientAuthenticatorProviders). */
const viewRealmOrClients = (handler: AdminRoute['handler']): AdminRoute['handler'] => async (call) => {
  if (!(await call.caller.can(call.realm, 'view-realm')) && !(await call.caller.can(call.realm, 'view-clients'))) throw forbidden();
  return handler(call);
};

/** The configuration properties each client authenticator adds to a client: none here. */
async function perClientConfigDescription(): Promise<AdminResponse> {
  const body: Record<string, unknown[]> = {};
  for (const [id, described] of providerDescriptions) if (described.kind === 'client-authenticator') body[id] = [];
  return { status: 200, body };
}

/** The config and provider routes. */
export const authenticationConfigRoutes: AdminRoute[] = [
  { method: 'POST', path: '/authentication/executions/:id/config', permission: 'manage-realm', handler: newExecutionConfig },
  { method: 'GET', path: '/authentication/executions/:id/config/:configId', permission: 'view-realm', handler: getConfig },
  { method: 'GET', path: '/authentication/config/:id', permission: 'view-realm', handler: getConfig },
  { method: 'PUT', path: '/authentication/config/:id', permission: 'manage-realm', handler: putConfig },
  { method: 'DELETE', path: '/authentication/config/:id', permission: 'manage-realm', handler: deleteConfig },
  { method: 'GET', path: '/authentication/config-description/:providerId', permission: 'view-realm', handler: configDescription },
  { method: 'GET', path: '/authentication/authenticator-providers', permission: 'view-realm', handler: providers('authenticator') },
  { method: 'GET', path: '/authentication/form-providers', permission: 'view-realm', handler: providers('form') },
  { method: 'GET', path: '/authentication/form-action-providers', permission: 'view-realm', handler: providers('form-action') },
  { method: 'GET', path: '/authentication/client-authenticator-providers', permission: 'any', handler: viewRealmOrClients(providers('client-authenticator')) },
  { method: 'GET', path: '/authentication/per-client-config-description', permission: 'any', handler: viewRealmOrClients(perClientConfigDescription) },
];
