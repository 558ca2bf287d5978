import { newId } from '../../../kernel/ids.ts';
import type { IdentityProviderMapperRecord, IdentityProviderRecord } from '../../../storage/ports.ts';
import type { ImportContext } from './import-context.ts';
import { arrayAt, importProblem, objectAt, requiredStringAt, SKIPPED, stringAt } from './import-problem.ts';

/** An IdentityProviderRepresentation as a record: `alias` and `internalId` apart, the rest as data. */
export function identityProviderRecord(realmId: string, raw: unknown, path: string, id: string = newId()): IdentityProviderRecord {
  const rep = objectAt(raw, path);
  const alias = requiredStringAt(rep.alias, `${path}.alias`);
  requiredStringAt(rep.providerId, `${path}.providerId`);
  objectAt(rep.config, `${path}.config`);
  const { alias: _alias, internalId: _internalId, ...data } = rep;
  return { id, realmId, alias, data };
}

/** An IdentityProviderMapperRepresentation as a record. */
export function identityProviderMapperRecord(realmId: string, raw: unknown, path: string, id: string = newId()): IdentityProviderMapperRecord {
  const rep = objectAt(raw, path);
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries(objectAt(rep.config, `${path}.config`))) config[key] = stringAt(value, `${path}.config.${key}`) ?? '';
  return {
    id,
    realmId,
    identityProviderAlias: requiredStringAt(rep.identityProviderAlias, `${path}.identityProviderAlias`),
    name: requiredStringAt(rep.name, `${path}.name`),
    identityProviderMapper: requiredStringAt(rep.identityProviderMapper, `${path}.identityProviderMapper`),
    config,
  };
}

/** `identityProviders` and `identityProviderMappers` (stored and served; brokering comes later). */
export async function importIdentityProviders(ctx: ImportContext): Promise<void> {
  const aliases = new Set<string>();
  for (const [i, raw] of arrayAt(ctx.rep.identityProviders, 'identityProviders').entries()) {
    if (raw === SKIPPED) continue;
    const record = identityProviderRecord(ctx.realm.id, raw, `identityProviders[${i}]`);
    if (aliases.has(record.alias)) throw importProblem(`identityProviders[${i}].alias`, `identity provider "${record.alias}" appears twice`);
    aliases.add(record.alias);
    await ctx.tx.identityProviders.create(record);
  }
  for (const [i, raw] of arrayAt(ctx.rep.identityProviderMappers, 'identityProviderMappers').entries()) {
    const path = `identityProviderMappers[${i}]`;
    const record = identityProviderMapperRecord(ctx.realm.id, raw, path);
    if (!aliases.has(record.identityProviderAlias) && !(await ctx.tx.identityProviders.findByAlias(ctx.realm.id, record.identityProviderAlias))) throw importProblem(`${path}.identityProviderAlias`, `identity provider "${record.identityProviderAlias}" not found`);
    await ctx.tx.identityProviders.createMapper(record);
  }
}
