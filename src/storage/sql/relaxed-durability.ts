import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import { durabilityOf } from './wal-durability.ts';

/**
 * Runs a write of records that may be lost in a power cut without harm to anyone's data —
 * sign-in sessions, interactions, codes, issued tokens, journeys: at worst someone signs in
 * again — without waiting for the disk. On SQLite every other write waits for an fsync of the
 * write-ahead log (on the thread pool, see WalDurability), and a token or a sign-up writes
 * several such rows. The log keeps commits in order, so the next durable write (a registration,
 * a revocation) makes these durable too. Inside a transaction, and on PostgreSQL, the write
 * runs as it is.
 */
export async function withRelaxedDurability<T>(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const durability = dialect === 'sqlite' && !db.isTransaction ? durabilityOf(db) : undefined;
  if (!durability) return work(db);
  // The one connection is held for the work, so no other writer's statement runs relaxed.
  return db.connection().execute((connection) => durability.relaxed(() => work(connection)));
}
