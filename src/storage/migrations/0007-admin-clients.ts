import type { Kysely } from 'kysely';

/**
 * Keycloak's scope mappings: the roles a client (without full scope) and a client scope let
 * into tokens. Both go with their client, scope or role.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('client_scope_mappings')
    .addColumn('client_uuid', 'varchar(36)', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('client_scope_mappings_pk', ['client_uuid', 'role_id'])
    .execute();
  await db.schema.createIndex('client_scope_mappings_role_idx').on('client_scope_mappings').column('role_id').execute();

  await db.schema
    .createTable('client_scope_role_mappings')
    .addColumn('scope_id', 'varchar(36)', (c) => c.notNull().references('client_scopes.id').onDelete('cascade'))
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('client_scope_role_mappings_pk', ['scope_id', 'role_id'])
    .execute();
  await db.schema.createIndex('client_scope_role_mappings_role_idx').on('client_scope_role_mappings').column('role_id').execute();
}
