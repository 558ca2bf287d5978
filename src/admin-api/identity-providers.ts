/**
 * `/admin/realms/{realm}/identity-provider/…`: identity providers and their mappers,
 * stored and served as Keycloak's representations (brokering itself comes later). Client
 * secrets in a provider's config come back as `**********`, and a PUT that sends the mask
 * back keeps the stored secret.
 */
import {
  identityProviderMapperRepresentation,
  identityProviderRepresentation,
  unmaskConfig,
} from '../domain/identity-providers/representation.ts';
import { mapperTypesFor } from '../domain/identity-providers/mapper-types.ts';
import { identityProviderMapperRecord, identityProviderRecord } from '../domain/realms/import/identity-providers.ts';
import { isGatehouseError } from '../kernel/errors.ts';
import type { IdentityProviderRecord } from '../storage/ports.ts';
import { objectBody } from './validate.ts';
import { badRequest, noContent, notFound, queryInt, queryOne, realmUrl, type AdminCall, type AdminResponse, type AdminRoute } from './types.ts';

/** What Keycloak fills in for a provider created with only alias and providerId. */
const PROVIDER_DEFAULTS = {
  enabled: true,
  updateProfileFirstLoginMode: 'on',
  trustEmail: false,
  storeToken: false,
  addReadTokenRoleOnCreate: false,
  authenticateByDefault: false,
  linkOnly: false,
  hideOnLogin: false,
  firstBrokerLoginFlowAlias: 'first broker login',
  config: {},
};

/** Runs a record conversion whose problems name a field: the Admin API answers 400 with `errorMessage`. */
function checked<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (isGatehouseError(error, 'GH_INVALID_INPUT')) throw badRequest(error.message.replace(/^\(body\)\.?/, ''), error.field?.replace(/^\(body\)\.?/, ''));
    throw error;
  }
}

async function findProvider(call: AdminCall): Promise<IdentityProviderRecord> {
  const provider = await call.deps.store.identityProviders.findByAlias(call.realm.id, call.params.alias ?? '');
  if (!provider) throw notFound('Could not find identity provider');
  return provider;
}

const instancesUrl = (call: AdminCall) => `${realmUrl(call.baseUrl, call.realm.name)}/identity-provider/instances`;

async function listProviders(call: AdminCall): Promise<AdminResponse> {
  const search = queryOne(call.query, 'search')?.toLowerCase();
  let providers = await call.deps.store.identityProviders.list(call.realm.id);
  if (search) {
    const term = search.replace(/\*/g, '');
    providers = providers.filter((p) => (search.startsWith('*') ? p.alias.toLowerCase().includes(term) : p.alias.toLowerCase().startsWith(term)));
  }
  const first = queryInt(call.query, 'first') ?? 0;
  const max = queryInt(call.query, 'max') ?? providers.length;
  return { status: 200, body: providers.slice(first, first + max).map((p) => identityProviderRepresentation(p, true)) };
}

async function createProvider(call: AdminCall): Promise<AdminResponse> {
  const body = objectBody(call.body);
  const record = checked(() => identityProviderRecord(call.realm.id, { ...PROVIDER_DEFAULTS, ...body }, '(body)'));
  await call.deps.store.identityProviders.create(record);
  return { status: 201, location: `${instancesUrl(call)}/${encodeURIComponent(record.alias)}` };
}

async function getProvider(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: identityProviderRepresentation(await findProvider(call), true) };
}

async function updateProvider(call: AdminCall): Promise<AdminResponse> {
  const existing = await findProvider(call);
  const body = objectBody(call.body);
  const merged = { ...existing.data, alias: existing.alias, ...body };
  const record = checked(() => identityProviderRecord(call.realm.id, merged, '(body)', existing.id));
  record.data.config = unmaskConfig((record.data.config as Record<string, unknown>) ?? {}, existing.data.config as Record<string, unknown> | undefined);
  const { store } = call.deps;
  await store.transaction(async (tx) => {
    await tx.identityProviders.update(record);
    if (record.alias !== existing.alias) {
      for (const mapper of await tx.identityProviders.listMappers(call.realm.id, existing.alias)) await tx.identityProviders.updateMapper({ ...mapper, identityProviderAlias: record.alias });
    }
  });
  return noContent;
}

async function deleteProvider(call: AdminCall): Promise<AdminResponse> {
  const provider = await findProvider(call);
  await call.deps.store.identityProviders.delete(call.realm.id, provider.alias);
  return noContent;
}

async function listMappers(call: AdminCall): Promise<AdminResponse> {
  const provider = await findProvider(call);
  const mappers = await call.deps.store.identityProviders.listMappers(call.realm.id, provider.alias);
  return { status: 200, body: mappers.map(identityProviderMapperRepresentation) };
}

async function createMapper(call: AdminCall): Promise<AdminResponse> {
  const provider = await findProvider(call);
  const body = objectBody(call.body);
  const record = checked(() => identityProviderMapperRecord(call.realm.id, { ...body, identityProviderAlias: provider.alias }, '(body)'));
  await call.deps.store.identityProviders.createMapper(record);
  return { status: 201, location: `${instancesUrl(call)}/${encodeURIComponent(provider.alias)}/mappers/${record.id}` };
}

async function findMapper(call: AdminCall) {
  const provider = await findProvider(call);
  const mapper = await call.deps.store.identityProviders.findMapper(call.realm.id, call.params.id ?? '');
  if (!mapper || mapper.identityProviderAlias !== provider.alias) throw notFound('Model not found');
  return mapper;
}

async function getMapper(call: AdminCall): Promise<AdminResponse> {
  return { status: 200, body: identityProviderMapperRepresentation(await findMapper(call)) };
}

async function updateMapper(call: AdminCall): Promise<AdminResponse> {
  const existing = await findMapper(call);
  const body = objectBody(call.body);
  const record = checked(() =>
    identityProviderMapperRecord(call.realm.id, { ...identityProviderMapperRepresentation(existing), ...body, identityProviderAlias: existing.identityProviderAlias }, '(body)', existing.id),
  );
  await call.deps.store.identityProviders.updateMapper(record);
  return noContent;
}

async function deleteMapper(call: AdminCall): Promise<AdminResponse> {
  const mapper = await findMapper(call);
  await call.deps.store.identityProviders.deleteMapper(call.realm.id, mapper.id);
  return noContent;
}

async function mapperTypes(call: AdminCall): Promise<AdminResponse> {
  const provider = await findProvider(call);
  return { status: 200, body: mapperTypesFor(String(provider.data.providerId ?? '')) };
}

/** The identity-provider routes. */
export const identityProviderRoutes: AdminRoute[] = [
  { method: 'GET', path: '/identity-provider/instances', permission: 'view-identity-providers', handler: listProviders },
  { method: 'POST', path: '/identity-provider/instances', permission: 'manage-identity-providers', handler: createProvider },
  { method: 'GET', path: '/identity-provider/instances/:alias', permission: 'view-identity-providers', handler: getProvider },
  { method: 'PUT', path: '/identity-provider/instances/:alias', permission: 'manage-identity-providers', handler: updateProvider },
  { method: 'DELETE', path: '/identity-provider/instances/:alias', permission: 'manage-identity-providers', handler: deleteProvider },
  { method: 'GET', path: '/identity-provider/instances/:alias/mappers', permission: 'view-identity-providers', handler: listMappers },
  { method: 'POST', path: '/identity-provider/instances/:alias/mappers', permission: 'manage-identity-providers', handler: createMapper },
  { method: 'GET', path: '/identity-provider/instances/:alias/mappers/:id', permission: 'view-identity-providers', handler: getMapper },
  { method: 'PUT', path: '/identity-provider/instances/:alias/mappers/:id', permission: 'manage-identity-providers', handler: updateMapper },
  { method: 'DELETE', path: '/identity-provider/instances/:alias/mappers/:id', permission: 'manage-identity-providers', handler: deleteMapper },
  { method: 'GET', path: '/identity-provider/instances/:alias/mapper-types', permission: 'view-identity-providers', handler: mapperTypes },
];
