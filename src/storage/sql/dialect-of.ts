import { PostgresAdapter, type Kysely } from 'kysely';

/** Whether a Kysely instance (or transaction) talks to PostgreSQL, for the few queries that differ by dialect. */
export function isPostgres<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
