import { open, type FileHandle } from 'node:fs/promises';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';

/**
 * Durable SQLite commits without blocking the event loop.
 *
 * With `synchronous = FULL`, SQLite fsyncs its write-ahead log inside every commit, and
 * better-sqlite3 runs commits on the JavaScript thread: each durable commit stopped the whole
 * server for the length of an fsync (1–3 ms here), a third of the time at full sign-up load.
 * Instead the connection runs at `synchronous = NORMAL` (a commit writes the log without
 * syncing it; the database stays consistent after any crash) and a durable write is followed
 * by an fsync of the log file on libuv's thread pool before its caller goes on. The log is
 * append-only between checkpoints, so that fsync makes every earlier commit durable too, and
 * writers waiting at the same time share one fsync (group commit).
 *
 * Durable is the default: a write outside a transaction, or a transaction that wrote, resolves
 * only after the fsync, which runs once the connection is free for the next query or
 * transaction. Only writes run through {@link WalDurability.relaxed} skip the wait.
 */
export class WalDurability {
  /** Raised after every statement that changed rows: the log holds writes up to this count. */
  private written = 0;
  /** The count the last completed fsync covered. */
  private synced = 0;
  private syncing: Promise<void> | undefined;
  private handle: Promise<FileHandle> | undefined;
  private relaxedDepth = 0;
  /** Durable writes made by the current holder of the one connection. */
  private durableWritesInUse = 0;

  constructor(private readonly walFile: string) {}

  /** Runs `work` (which holds the one connection) with its writes not waiting for the disk. */
  async relaxed<T>(work: () => Promise<T>): Promise<T> {
    this.relaxedDepth++;
    try {
      return await work();
    } finally {
      this.relaxedDepth--;
    }
  }

  /** Resolves once every write made before the call is on disk. */
  async flush(): Promise<void> {
    const target = this.written;
    while (this.synced < target) {
      this.syncing ??= this.syncOnce().finally(() => (this.syncing = undefined));
      await this.syncing;
    }
  }

  async close(): Promise<void> {
    await this.syncing?.catch(() => undefined);
    const handle = await this.handle?.catch(() => undefined);
    this.handle = undefined;
    await handle?.close();
  }

  private async syncOnce(): Promise<void> {
    // Everything written so far is in the log file's pages by now: better-sqlite3 writes synchronously.
    const covered = this.written;
    this.handle ??= open(this.walFile, 'r');
    await (await this.handle).sync();
    this.synced = Math.max(this.synced, covered);
  }

  /**
   * The dialect's driver with every statement counted. A use of the connection (one query, or a
   * whole transaction) that made durable writes waits for their fsync after it has released the
   * connection, so that other queries and transactions go on while the disk syncs.
   */
  wrapDriver(driver: Driver): Driver {
    const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const acquire = driver.acquireConnection.bind(driver);
    const release = driver.releaseConnection.bind(driver);
    driver.acquireConnection = async () => {
      const connection = await acquire();
      this.durableWritesInUse = 0;
      let durable = wrapped.get(connection);
      if (!durable) {
        durable = this.wrapConnection(connection);
        wrapped.set(connection, durable);
      }
      return durable;
    };
    driver.releaseConnection = async (connection) => {
      // SQLite has one connection: this use's count is read before anyone else can acquire it.
      const mustSync = this.durableWritesInUse > 0;
      this.durableWritesInUse = 0;
      await release(connection);
      if (mustSync) await this.flush();
    };
    return driver;
  }

  private wrapConnection(connection: DatabaseConnection): DatabaseConnection {
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await connection.executeQuery<R>(query);
        if ((result.numAffectedRows ?? 0n) > 0n) {
          this.written++;
          if (this.relaxedDepth === 0) this.durableWritesInUse++;
        }
        return result;
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }
}

const durabilities = new WeakMap<object, WalDurability>();

/** Ties a Kysely instance (the store's root one) to its SQLite durability. */
export function registerDurability(db: object, durability: WalDurability): void {
  durabilities.set(db, durability);
}

/** The SQLite durability of a store's root Kysely instance; undefined on PostgreSQL and for transactions. */
export function durabilityOf(db: object): WalDurability | undefined {
  return durabilities.get(db);
}
