import type { Kysely } from 'kysely';

/**
 * Keycloak's admin events (who changed what through the Admin API), and the index that lets
 * the user-event query filter by client without scanning a realm's whole history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('admin_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('operation_type', 'varchar(16)', (c) => c.notNull())
    .addColumn('resource_type', 'varchar(64)', (c) => c.notNull())
    .addColumn('resource_path', 'text', (c) => c.notNull())
    .addColumn('auth_realm_id', 'varchar(36)')
    .addColumn('auth_client_id', 'varchar(36)')
    .addColumn('auth_user_id', 'varchar(36)')
    .addColumn('auth_ip_address', 'varchar(64)')
    .addColumn('representation', 'text')
    .addColumn('error', 'varchar(255)')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_events_realm_time_idx').on('admin_events').columns(['realm_id', 'time']).execute();
  await db.schema.createIndex('admin_events_realm_resource_time_idx').on('admin_events').columns(['realm_id', 'resource_type', 'time']).execute();
  await db.schema.createIndex('admin_events_realm_user_time_idx').on('admin_events').columns(['realm_id', 'auth_user_id', 'time']).execute();
  await db.schema.createIndex('events_realm_client_time_idx').on('events').columns(['realm_id', 'client_id', 'time']).execute();
}
