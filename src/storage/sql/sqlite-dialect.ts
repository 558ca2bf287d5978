import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver } from 'kysely';

/**
 * SQLite with write transactions that take the write lock when they begin. A plain `begin`
 * takes it at the first write, and two processes that both read first then fail at once
 * with SQLITE_BUSY instead of waiting their turn (busy_timeout cannot help a deferred
 * transaction whose snapshot is stale).
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection): Promise<void> => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}
