import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Runs a write of records that may be lost in a power cut without harm to anyone's data —
 * sign-in sessions, interactions, codes, issued tokens, journeys: at worst someone signs in
 * again — without waiting for the disk. On SQLite every commit otherwise fsyncs on the event
 * loop (0.5–3 ms here), and a token or a sign-up writes several such rows. WAL keeps commits
 * in order, so the next fully synchronous commit (a registration, a revocation) makes these
 * durable too. Inside a transaction, and on PostgreSQL, the write runs as it is.
 */
export async function withRelaxedDurability<T>(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  if (dialect !== 'sqlite' || db.isTransaction) return work(db);
  // The connection is held for the three statements, so no other commit runs relaxed.
  return db.connection().execute(async (connection) => {
    await sql`pragma synchronous = NORMAL`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`pragma synchronous = FULL`.execute(connection);
    }
  });
}
