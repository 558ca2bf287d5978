import { open, type FileHandle } from 'node:fs/promises';
import type { CompiledQuery, DatabaseConnection, Driver, QueryResult } from 'kysely';

/**
 * Durable SQLite commits without blocking the event loop.
 *
 * With `synchronous = FULL`, SQLite fsyncs its write-ahead log inside every commit, and
 * better-sqlite3 runs commits on the JavaScript thread: each durable commit stopped the whole
 * server for the length of an fsync (1.5–5 ms here), a third of the time at full sign-up load.
 * Instead the connection runs at `synchronous = NORMAL` (a commit writes the log without
 * syncing it; the database stays consistent after any crash) and a durable write is followed
 * by an fsync of the log file on libuv's thread pool before its caller goes on. The log is
 * append-only between checkpoints, so that fsync makes every earlier commit durable too, and
 * writers waiting at the same time share one fsync (group commit).
 *
 * Durable is the default: a write outside a transaction waits for its fsync before it resolves,
 * and `SqlStore.transaction` waits after its commit (with the connection already free for the
 * next transaction). Only writes run through {@link WalDurability.relaxed} skip the wait.
 */
export class WalDurability {
  /** Raised after every statement that changed rows: the log holds writes up to this count. */
  private written = 0;
  /** The count the last completed fsync covered. */
  private synced = 0;
  private syncing: Promise<void> | undefined;
  private handle: Promise<FileHandle> | undefined;
  private relaxedDepth = 0;

  constructor(private readonly walFile: string) {}

  /** How many writes the log holds so far; compare before and after a transaction. */
  get writes(): number {
    return this.written;
  }

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
   * The dialect's driver with every statement counted, and a write outside a transaction and
   * outside {@link relaxed} held until its fsync. `inTransaction` is better-sqlite3's own flag.
   */
  wrapDriver(driver: Driver, inTransaction: () => boolean): Driver {
    const wrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const acquire = driver.acquireConnection.bind(driver);
    driver.acquireConnection = async () => {
      const connection = await acquire();
      let durable = wrapped.get(connection);
      if (!durable) {
        durable = this.wrapConnection(connection, inTransaction);
        wrapped.set(connection, durable);
      }
      return durable;
    };
    return driver;
  }

  private wrapConnection(connection: DatabaseConnection, inTransaction: () => boolean): DatabaseConnection {
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await connection.executeQuery<R>(query);
        if ((result.numAffectedRows ?? 0n) > 0n) {
          this.written++;
          if (this.relaxedDepth === 0 && !inTransaction()) await this.flush();
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
