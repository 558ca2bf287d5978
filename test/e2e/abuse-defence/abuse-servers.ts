import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { openSqlStore } from '../../../src/storage/sql/sql-store.ts';
import type { Store } from '../../../src/storage/ports.ts';
import { DEV_ADMIN, seedDatabase, type SeedRealm } from '../../support/seed.ts';
import { freePort, runGatehouse, waitReady, type GatehouseProcess } from '../../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { useTestKeyPool } from '../../support/test-keys.ts';

export interface AbuseServers {
  /** Base URLs, one per process. */
  urls: string[];
  processes: GatehouseProcess[];
  database: TestDatabase;
  store: Store;
  /** The processes' data directory (a temporary one). */
  dataDir: string;
}

/**
 * `count` Gatehouse processes in dev mode on one fresh database seeded with `seeds`, each
 * started with `args` (a trusted proxy, a counter store…), for the file's tests.
 */
export function useAbuseServers(seeds: SeedRealm[], args: string[], count = 1): AbuseServers {
  const servers = { urls: [], processes: [] } as unknown as AbuseServers;
  let ownDir: string | undefined;
  before(async () => {
    useTestKeyPool();
    servers.database = await createTestDatabase();
    await seedDatabase(servers.database.options, seeds, { bootstrapAdmin: DEV_ADMIN });
    const flags = [...servers.database.flags];
    const dirFlag = flags.indexOf('--data-dir');
    if (dirFlag >= 0) servers.dataDir = flags[dirFlag + 1]!;
    else flags.push('--data-dir', (servers.dataDir = ownDir = mkdtempSync(join(tmpdir(), 'gatehouse-abuse-'))));
    for (let i = 0; i < count; i++) {
      const port = await freePort();
      const process = runGatehouse(['start-dev', '--http-port', String(port), '--http-host', '127.0.0.1', ...flags, ...args]);
      servers.processes.push(process);
      await waitReady(process, port);
      servers.urls.push(`http://127.0.0.1:${port}`);
    }
    servers.store = (await openSqlStore(servers.database.options)).store;
  });
  after(async () => {
    await Promise.all(servers.processes.map((p) => p.stop()));
    await servers.store?.close();
    await servers.database?.drop();
    if (ownDir) rmSync(ownDir, { recursive: true, force: true });
  });
  return servers;
}
