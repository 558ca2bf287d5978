import { after, before } from 'node:test';
import { openSqlStore } from '../../src/storage/sql/sql-store.ts';
import type { Store } from '../../src/storage/ports.ts';
import { DEV_ADMIN, seedDatabase, type SeedRealm } from './seed.ts';
import { freePort, runGatehouse, waitReady, type GatehouseProcess } from './server-process.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { useTestKeyPool } from './test-keys.ts';

export interface RunningServer {
  port: number;
  baseUrl: string;
  process: GatehouseProcess;
  database: TestDatabase;
  /** A store on the server's database, for checking what the server wrote. */
  store: Store;
}

/**
 * A Gatehouse process in dev mode on a fresh database seeded with the master realm and the given realms, started
 * before the file's tests and stopped after them. Read the fields inside tests.
 */
export function useGatehouseServer(seeds: SeedRealm[]): RunningServer {
  const server = {} as RunningServer;
  before(async () => {
    useTestKeyPool();
    server.database = await createTestDatabase();
    // The master realm too, with the admin start-dev would create: its keys then come from the pool.
    await seedDatabase(server.database.options, seeds, { bootstrapAdmin: DEV_ADMIN });
    server.port = await freePort();
    server.baseUrl = `http://127.0.0.1:${server.port}`;
    server.process = runGatehouse(['start-dev', '--http-port', String(server.port), '--http-host', '127.0.0.1', ...server.database.flags]);
    await waitReady(server.process, server.port);
    server.store = (await openSqlStore(server.database.options)).store;
  });
  after(async () => {
    await server.process?.stop();
    await server.store?.close();
    await server.database?.drop();
  });
  return server;
}
