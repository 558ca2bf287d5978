import { identityProviderRepresentation, identityProviderMapperRepresentation } from '../../identity-providers/representation.ts';
import type { ExportContext } from './export-context.ts';

/** `identityProviders` and `identityProviderMappers`. */
export async function exportIdentityProviders(ctx: ExportContext): Promise<{ identityProviders: unknown[]; identityProviderMappers: unknown[] }> {
  const providers = await ctx.repos.identityProviders.list(ctx.realm.id);
  const mappers = await ctx.repos.identityProviders.listMappers(ctx.realm.id);
  return {
    identityProviders: providers.map((p) => identityProviderRepresentation(p, ctx.maskSecrets)),
    identityProviderMappers: mappers
      .sort((a, b) => a.identityProviderAlias.localeCompare(b.identityProviderAlias) || a.name.localeCompare(b.name) || a.identityProviderMapper.localeCompare(b.identityProviderMapper))
      .map(identityProviderMapperRepresentation),
  };
}
