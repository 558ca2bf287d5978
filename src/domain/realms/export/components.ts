import type { ComponentRecord } from '../../../storage/ports.ts';
import { componentFromKey, KEY_PROVIDER_TYPE } from '../import/keys.ts';
import type { ExportContext } from './export-context.ts';

type Tree = Record<string, Record<string, unknown>[]>;

/**
 * `components`: `{providerType: [...]}` with sub-components nested under their parent. The
 * realm's signing keys are written as key-provider components with their private material,
 * as Keycloak's export does, unless `withKeys` is false (partial export).
 */
export async function exportComponents(ctx: ExportContext, withKeys: boolean): Promise<Tree> {
  const stored = await ctx.repos.components.list(ctx.realm.id);
  const all: ComponentRecord[] = withKeys ? [...stored, ...(await ctx.repos.keys.listForRealm(ctx.realm.id)).map((k) => componentFromKey(k, ctx.realm.id))] : stored.filter((c) => c.providerType !== KEY_PROVIDER_TYPE);
  const build = (parentId: string): Tree => {
    const tree: Tree = {};
    // Names repeat (two "Allowed Client Templates" policies): a full sort keeps exports stable across imports.
    const key = (c: ComponentRecord) => [c.providerType, c.name, c.subType ?? '', c.providerId, JSON.stringify(c.config)].join('\u0000');
    const siblings = all.filter((x) => x.parentId === parentId).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    for (const c of siblings) {
      (tree[c.providerType] ??= []).push({
        id: c.id,
        name: c.name,
        providerId: c.providerId,
        ...(c.subType !== null ? { subType: c.subType } : {}),
        subComponents: build(c.id),
        config: c.config,
      });
    }
    return tree;
  };
  return build(ctx.realm.id);
}
