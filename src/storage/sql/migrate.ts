import { sql, type Kysely } from 'kysely';
import { GatehouseError } from '../../kernel/errors.ts';
import { migrations, type Migration } from '../migrations/index.ts';
import type { Database } from './schema.ts';

/** An arbitrary constant that names Gatehouse's migration lock among PostgreSQL advisory locks. */
const MIGRATION_LOCK_KEY = 7_202_611_280;

/**
 * Applies the pending migrations in one transaction, so that a failure leaves the schema as
 * it was. Several processes may start on one fresh database at once: PostgreSQL serialises
 * them with an advisory lock, SQLite with `begin immediate` (see sqlite-dialect.ts); the
 * second one finds the work done.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: 'sqlite' | 'postgres',
  all: readonly Migration[] = migrations,
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      await trx.schema
        .createTable('gatehouse_migrations')
        .ifNotExists()
        .addColumn('name', 'varchar(255)', (c) => c.primaryKey())
        .addColumn('applied_at', 'bigint', (c) => c.notNull())
        .execute();
      const done = new Set((await trx.selectFrom('gatehouse_migrations').select('name').execute()).map((r) => r.name));
      const applied: string[] = [];
      for (const migration of all) {
        if (done.has(migration.name)) continue;
        try {
          await migration.up(trx as unknown as Kysely<unknown>);
        } catch (cause) {
          throw new GatehouseError('GH_MIGRATION_FAILED', [`${migration.name}: ${(cause as Error).message}`], { cause });
        }
        await trx.insertInto('gatehouse_migrations').values({ name: migration.name, applied_at: Date.now() }).execute();
        applied.push(migration.name);
      }
      return applied;
    });
}

/** Whether every known migration is recorded as applied. */
export async function migrationsApplied(db: Kysely<Database>, all: readonly Migration[] = migrations): Promise<boolean> {
  const rows = await db.selectFrom('gatehouse_migrations').select('name').execute();
  const done = new Set(rows.map((r) => r.name));
  return all.every((m) => done.has(m.name));
}
