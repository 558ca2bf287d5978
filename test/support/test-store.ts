import { after, before } from 'node:test';
import type { Store } from '../../src/storage/ports.ts';
import { openSqlStore } from '../../src/storage/sql/sql-store.ts';
import { createTestDatabase } from './test-database.ts';
import { useTestKeyPool } from './test-keys.ts';

/**
 * A migrated store on a fresh database of the configured kind, opened before the file's
 * tests and removed after them. Read `.store` inside tests (it is set in `before`).
 */
export function useTestStore(): { store: Store } {
  const holder = {} as { store: Store };
  let drop: () => Promise<void> = async () => undefined;
  before(async () => {
    useTestKeyPool();
    const database = await createTestDatabase();
    drop = database.drop;
    holder.store = (await openSqlStore(database.options)).store;
  });
  after(async () => {
    await holder.store?.close();
    await drop();
  });
  return holder;
}
