import type { IdentityProviderMapperRecord, IdentityProviderRecord } from '../../storage/ports.ts';

/** How Keycloak shows a secret it will not give out. */
const MASKED = '**********';

/** Config keys that hold secrets, masked on the way out as Keycloak does. */
const SECRET_CONFIG_KEYS = new Set(['clientSecret', 'secret']);

/** Keycloak's IdentityProviderRepresentation of a stored provider; `mask` hides its client secret. */
export function identityProviderRepresentation(provider: IdentityProviderRecord, mask: boolean): Record<string, unknown> {
  const config = { ...((provider.data.config as Record<string, unknown> | undefined) ?? {}) };
  if (mask) for (const key of Object.keys(config)) if (SECRET_CONFIG_KEYS.has(key) && typeof config[key] === 'string' && config[key] !== '') config[key] = MASKED;
  return { alias: provider.alias, internalId: provider.id, ...provider.data, config };
}

/** Keycloak's IdentityProviderMapperRepresentation. */
export function identityProviderMapperRepresentation(mapper: IdentityProviderMapperRecord): Record<string, unknown> {
  return { id: mapper.id, name: mapper.name, identityProviderAlias: mapper.identityProviderAlias, identityProviderMapper: mapper.identityProviderMapper, config: mapper.config };
}

/** A submitted config keeps the stored secret where the client sent back the mask. */
export function unmaskConfig(submitted: Record<string, unknown>, stored: Record<string, unknown> | undefined): Record<string, unknown> {
  const config = { ...submitted };
  for (const key of Object.keys(config)) if (SECRET_CONFIG_KEYS.has(key) && config[key] === MASKED && stored && key in stored) config[key] = stored[key];
  return config;
}
