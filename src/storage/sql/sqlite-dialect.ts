import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type SqliteDatabase, type SqliteDialectConfig, type SqliteStatement } from 'kysely';
import type { WalDurability } from './wal-durability.ts';

/**
 * SQLite with write transactions that take the write lock when they begin. A plain `begin`
 * takes it at the first write, and two processes that both read first then fail at once
 * with SQLITE_BUSY instead of waiting their turn (busy_timeout cannot help a deferred
 * transaction whose snapshot is stale).
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  /** With `durability`, durable writes wait for the log's fsync off the event loop (see WalDurability). */
  constructor(
    config: SqliteDialectConfig,
    private readonly durability?: WalDurability,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection): Promise<void> => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return this.durability ? this.durability.wrapDriver(driver) : driver;
  }
}

/**
 * better-sqlite3 compiles SQL on every `prepare`, and Kysely prepares for every query: with a
 * dozen statements per token request, compiling was an eighth of the server's CPU. The same
 * few hundred SQL strings recur, so their compiled statements are kept (least recently used
 * out first). Safe because a statement is run to completion before the next query starts
 * (Kysely serialises the single connection; nothing here streams).
 */
export function withStatementCache(database: SqliteDatabase, capacity = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
    close(): void {
      cache.clear();
      database.close();
    },
  };
}
