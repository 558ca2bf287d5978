import { isGatehouseError } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import type { ComponentRecord } from '../../../storage/ports.ts';
import { parseProfileConfig, profileConfigJson, PROFILE_PROVIDER_TYPE } from '../../profile/config-store.ts';
import type { ImportContext } from './import-context.ts';
import { arrayAt, attributesAt, importProblem, objectAt, requiredStringAt, stringAt } from './import-problem.ts';
import { isSigningKeyComponent, KEY_PROVIDER_TYPE } from './keys.ts';

/** One exported component and its path, flattened out of the `{providerType: [...]}` tree. */
export interface ComponentEntry {
  path: string;
  record: ComponentRecord;
}

/**
 * Reads `components` (`{providerType: [{id, name, providerId, subType, subComponents, config}]}`)
 * into records, sub-components under their parent; ids are new unless `keepIds`.
 */
export function componentEntries(rep: Record<string, unknown>, realmId: string, keepIds = false): ComponentEntry[] {
  const entries: ComponentEntry[] = [];
  const walk = (tree: unknown, path: string, parentId: string): void => {
    for (const [providerType, list] of Object.entries(objectAt(tree, path))) {
      for (const [i, raw] of arrayAt(list, `${path}["${providerType}"]`).entries()) {
        const itemPath = `${path}["${providerType}"][${i}]`;
        const c = objectAt(raw, itemPath);
        const given = stringAt(c.id, `${itemPath}.id`);
        const record: ComponentRecord = {
          id: keepIds && given ? given : newId(),
          realmId,
          parentId,
          name: stringAt(c.name, `${itemPath}.name`) ?? requiredStringAt(c.providerId, `${itemPath}.providerId`),
          providerId: requiredStringAt(c.providerId, `${itemPath}.providerId`),
          providerType,
          subType: stringAt(c.subType, `${itemPath}.subType`) ?? null,
          config: attributesAt(c.config, `${itemPath}.config`),
        };
        entries.push({ path: itemPath, record });
        walk(c.subComponents, `${itemPath}.subComponents`, record.id);
      }
    }
  };
  walk(rep.components, 'components', realmId);
  return entries;
}

/**
 * `components`: stored as components, as Keycloak keeps them — the user profile (either the
 * single `kc.user.profile.config` JSON or the older `config-piece-N` layout, checked here),
 * client-registration policies, LDAP and the rest. Key providers with key material became
 * realm keys before the transaction (see prepare-import.ts) and are not stored twice.
 */
export async function importComponents(ctx: ImportContext, entries: ComponentEntry[]): Promise<void> {
  for (const { path, record } of entries) {
    if (record.providerType === KEY_PROVIDER_TYPE && isSigningKeyComponent(record)) continue;
    if (record.providerType === PROFILE_PROVIDER_TYPE) {
      const json = profileConfigJson(record.config);
      if (json !== undefined) {
        try {
          parseProfileConfig(json, ctx.realm.name);
        } catch (error) {
          if (isGatehouseError(error, 'GH_CONFIG_INVALID')) throw importProblem(`${path}.config`, error.message);
          throw error;
        }
      }
      // The realm holds one profile: the file's replaces any earlier one.
      for (const old of await ctx.tx.components.list(ctx.realm.id, { providerType: PROFILE_PROVIDER_TYPE })) await ctx.tx.components.delete(ctx.realm.id, old.id);
    }
    await ctx.tx.components.create(record);
  }
}
