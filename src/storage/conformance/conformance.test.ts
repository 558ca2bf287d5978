import { createTestDatabase, testDatabaseKind } from '../../../test/support/test-database.ts';
import { openSqlStore } from '../sql/sql-store.ts';
import { storeConformance } from './suite.ts';

storeConformance(`SQL store on ${testDatabaseKind}`, async () => {
  const database = await createTestDatabase();
  const { store } = await openSqlStore(database.options);
  return { store, drop: database.drop };
});
