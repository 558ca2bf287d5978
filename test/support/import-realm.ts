import { importRealm } from '../../src/domain/realms/import/import-realm.ts';
import { prepareRealmImport } from '../../src/domain/realms/import/prepare-import.ts';
import { seedBuiltinFlows } from '../../src/flows/index.ts';
import { systemClock } from '../../src/kernel/clock.ts';
import type { RealmRecord, Store } from '../../src/storage/ports.ts';

/** Imports a RealmRepresentation as `POST /admin/realms` and the CLI do: prepared, then one transaction. */
export async function importRep(store: Store, rep: Record<string, unknown>): Promise<RealmRecord> {
  const prepared = await prepareRealmImport(rep, systemClock);
  return store.transaction((tx) => importRealm(tx, prepared, systemClock, (t, realm) => seedBuiltinFlows(t, realm.id)));
}

/** The message of the import error `work` throws (it must throw). */
export async function importError(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the import to fail');
}

let counter = 0;
/** A realm name no other test of the file uses. */
export const uniqueRealm = (prefix: string): string => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;
