import { newId } from '../../../kernel/ids.ts';
import type { ImportContext } from './import-context.ts';
import { arrayAt, objectAt, requiredStringAt, stringsAt } from './import-problem.ts';

/** Protocol mappers with an id each (hand-written files often leave it out). */
export function withMapperIds(mappers: unknown, path: string): Record<string, unknown>[] {
  return arrayAt(mappers, path).map((raw, i) => {
    const mapper = objectAt(raw, `${path}[${i}]`);
    requiredStringAt(mapper.name, `${path}[${i}].name`);
    return { ...mapper, id: typeof mapper.id === 'string' && mapper.id !== '' ? mapper.id : newId() };
  });
}

/** `clientScopes`: created, or the built-in scope of that name replaced by the file's. */
export async function importClientScopes(ctx: ImportContext): Promise<void> {
  for (const [i, raw] of arrayAt(ctx.rep.clientScopes, 'clientScopes').entries()) {
    const path = `clientScopes[${i}]`;
    const rep = objectAt(raw, path);
    const name = requiredStringAt(rep.name, `${path}.name`);
    const { id: _id, name: _name, ...data } = rep;
    if (data.protocolMappers !== undefined) data.protocolMappers = withMapperIds(data.protocolMappers, `${path}.protocolMappers`);
    const existing = ctx.scopes.get(name);
    if (existing) {
      await ctx.tx.clientScopes.update({ id: existing, realmId: ctx.realm.id, name, data });
    } else {
      const id = newId();
      await ctx.tx.clientScopes.create({ id, realmId: ctx.realm.id, name, data });
      ctx.scopes.set(name, id);
    }
  }
}

/** `defaultDefaultClientScopes` / `defaultOptionalClientScopes`: when the file has them, they replace the realm's. */
export async function importRealmDefaultScopes(ctx: ImportContext): Promise<void> {
  const lists = [['defaultDefaultClientScopes', true], ['defaultOptionalClientScopes', false]] as const;
  if (lists.every(([field]) => ctx.rep[field] === undefined || ctx.rep[field] === null)) return;
  for (const link of await ctx.tx.clientScopes.listRealmDefaults(ctx.realm.id)) await ctx.tx.clientScopes.removeRealmDefault(ctx.realm.id, link.scopeId);
  for (const [field, defaultScope] of lists) {
    for (const name of stringsAt(ctx.rep[field], field)) {
      // Keycloak skips a name no scope has (older exports name scopes a newer server dropped).
      const id = ctx.scopes.get(name);
      if (id) await ctx.tx.clientScopes.setRealmDefault(ctx.realm.id, id, defaultScope);
    }
  }
}
