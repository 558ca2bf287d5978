import type { Kysely } from 'kysely';

/**
 * Abuse defence: Keycloak's per-user login failures (brute-force detection), shared rate-limit
 * counters (the columns `rate-limiter-flexible` uses, so several nodes on one PostgreSQL
 * share them), used proof-of-work challenges (single use until they expire), and the
 * normalised email keys sign-up compares when a realm asks for normalised uniqueness.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('num_failures', 'integer', (c) => c.notNull())
    .addColumn('num_temporary_lockouts', 'integer', (c) => c.notNull())
    .addColumn('last_failure', 'bigint', (c) => c.notNull())
    .addColumn('last_ip_failure', 'varchar(255)')
    .addColumn('failed_login_not_before', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_failures_pk', ['realm_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();

  await db.schema
    .createTable('used_challenges')
    .addColumn('id', 'varchar(255)', (c) => c.primaryKey())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('used_challenges_expires_idx').on('used_challenges').column('expires_at').execute();

  await db.schema
    .createTable('email_keys')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('email_key', 'varchar(255)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('email_keys_pk', ['realm_id', 'email_key'])
    .execute();
}
