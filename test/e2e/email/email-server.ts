import { after, before } from 'node:test';
import { newId } from '../../../src/kernel/ids.ts';
import type { RealmRecord, Store } from '../../../src/storage/ports.ts';
import { openSqlStore } from '../../../src/storage/sql/sql-store.ts';
import { freePort, runGatehouse, waitReady, type GatehouseProcess } from '../../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';
import { createTestRealm } from '../../support/test-realm.ts';

/** A Gatehouse process for email tests, with the flags a test needs and a way to kill and restart it. */
export interface EmailServer {
  port: number;
  baseUrl: string;
  process: GatehouseProcess;
  database: TestDatabase;
  /** A store on the server's database, for enqueuing emails and reading what the server wrote. */
  store: Store;
  /** Kills the process with SIGKILL (no shutdown at all) and starts a new one on the same database and port. */
  killAndRestart(): Promise<void>;
  /** Everything the running process and its predecessors logged. */
  log(): string;
}

export interface EmailServerOptions {
  command?: 'start-dev' | 'start';
  /** Flags after the basic ones; may be computed in `before` (e.g. a CA file made at test time). */
  flags?: () => string[];
  /** Runs before the server starts (start an SMTP sink, write a CA file). */
  beforeStart?: () => Promise<void>;
}

/** Retries start quickly in tests: 1 s, 2 s, 4 s … never more than 2 s apart. */
export const fastRetries = ['--email-retry-initial-delay', '1', '--email-retry-max-delay', '2'];

/** Starts the server before the file's tests and stops it after them. */
export function useEmailServer(options: EmailServerOptions = {}): EmailServer {
  const server = {} as EmailServer;
  let logs = '';
  let args: string[] = [];
  const start = async () => {
    server.process = runGatehouse(args, { GATEHOUSE_LOG_LEVEL: 'info' });
    // A generous wait: the machine is shared, and a new database hashes the admin password first.
    await waitReady(server.process, server.port, 60_000);
  };
  before(async () => {
    await options.beforeStart?.();
    server.database = await createTestDatabase();
    server.port = await freePort();
    server.baseUrl = `http://127.0.0.1:${server.port}`;
    const command = options.command ?? 'start-dev';
    const production = command === 'start' ? ['--hostname', server.baseUrl, '--bootstrap-admin-username', 'admin', '--bootstrap-admin-password', 'admin-Pa55word'] : [];
    args = [command, '--http-port', String(server.port), '--http-host', '127.0.0.1', ...production, ...server.database.flags, ...(options.flags?.() ?? [])];
    await start();
    server.store = (await openSqlStore(server.database.options)).store;
  });
  server.killAndRestart = async () => {
    logs += server.process.stdout() + server.process.stderr();
    server.process.child.kill('SIGKILL');
    await server.process.exited;
    await start();
  };
  server.log = () => logs + (server.process ? server.process.stdout() + server.process.stderr() : '');
  after(async () => {
    await server.process?.stop();
    await server.store?.close();
    await server.database?.drop();
  });
  return server;
}

/** A realm of its own for one test, with these settings (e.g. `smtpServer`), events stored. */
export function emailRealm(store: Store, settings: Record<string, unknown> = {}): Promise<RealmRecord> {
  return createTestRealm(store, `mail-${newId().slice(0, 8)}`, { eventsEnabled: true, ...settings });
}

/** Waits until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
