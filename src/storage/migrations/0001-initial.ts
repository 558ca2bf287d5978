import type { Kysely } from 'kysely';

/**
 * The first schema. Column types are the portable subset (text, integer, bigint) so that
 * SQLite and PostgreSQL share this file; foreign keys cascade from realms and users so that
 * deleting one removes what hangs off it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('realms')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('username', 'varchar(255)', (c) => c.notNull())
    .addColumn('email', 'varchar(255)')
    .addColumn('email_constraint', 'varchar(255)')
    .addColumn('email_verified', 'integer', (c) => c.notNull())
    .addColumn('first_name', 'varchar(255)')
    .addColumn('last_name', 'varchar(255)')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_timestamp', 'bigint', (c) => c.notNull())
    .addColumn('service_account_client_link', 'varchar(36)')
    .addColumn('not_before', 'integer', (c) => c.notNull())
    .addUniqueConstraint('users_realm_username', ['realm_id', 'username'])
    .addUniqueConstraint('users_realm_email', ['realm_id', 'email_constraint'])
    .execute();
  await db.schema.createIndex('users_realm_email_idx').on('users').columns(['realm_id', 'email']).execute();
  await db.schema.createIndex('users_realm_first_name_idx').on('users').columns(['realm_id', 'first_name']).execute();
  await db.schema.createIndex('users_realm_last_name_idx').on('users').columns(['realm_id', 'last_name']).execute();
  await db.schema
    .createIndex('users_service_account_idx')
    .on('users')
    .columns(['realm_id', 'service_account_client_link'])
    .execute();

  await db.schema
    .createTable('user_attributes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    // The order of a multi-valued attribute's values is the user's, and is kept.
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_attributes_user_idx').on('user_attributes').column('user_id').execute();
  // Searching users by attribute (`q=key:value`) is keyed by realm, name and value.
  await db.schema
    .createIndex('user_attributes_search_idx')
    .on('user_attributes')
    .columns(['realm_id', 'name', 'value'])
    .execute();

  await db.schema
    .createTable('user_required_actions')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('action', 'varchar(255)', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_required_actions_pk', ['user_id', 'action'])
    .execute();

  await db.schema
    .createTable('credentials')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('type', 'varchar(255)', (c) => c.notNull())
    .addColumn('user_label', 'varchar(255)')
    .addColumn('secret_data', 'text', (c) => c.notNull())
    .addColumn('credential_data', 'text', (c) => c.notNull())
    .addColumn('created_date', 'bigint', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credentials_user_idx').on('credentials').column('user_id').execute();

  await db.schema
    .createTable('clients')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('client_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('clients_realm_client_id', ['realm_id', 'client_id'])
    .execute();

  await db.schema
    .createTable('roles')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('container_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(36)', (c) => c.references('clients.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addUniqueConstraint('roles_container_name', ['container_id', 'name'])
    .execute();

  await db.schema
    .createTable('role_composites')
    .addColumn('parent_id', 'varchar(36)', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('role_composites_pk', ['parent_id', 'child_id'])
    .execute();

  await db.schema
    .createTable('user_role_mappings')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_role_mappings_pk', ['user_id', 'role_id'])
    .execute();
  await db.schema.createIndex('user_role_mappings_role_idx').on('user_role_mappings').column('role_id').execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('parent_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addUniqueConstraint('groups_sibling_name', ['realm_id', 'parent_id', 'name'])
    .execute();

  await db.schema
    .createTable('group_role_mappings')
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('role_id', 'varchar(36)', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_role_mappings_pk', ['group_id', 'role_id'])
    .execute();

  await db.schema
    .createTable('user_group_memberships')
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_group_memberships_pk', ['user_id', 'group_id'])
    .execute();
  await db.schema.createIndex('user_group_memberships_group_idx').on('user_group_memberships').column('group_id').execute();

  await db.schema
    .createTable('realm_default_groups')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('realm_default_groups_pk', ['realm_id', 'group_id'])
    .execute();

  await db.schema
    .createTable('client_scopes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('client_scopes_realm_name', ['realm_id', 'name'])
    .execute();

  await db.schema
    .createTable('realm_default_client_scopes')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('scope_id', 'varchar(36)', (c) => c.notNull().references('client_scopes.id').onDelete('cascade'))
    .addColumn('default_scope', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('realm_default_client_scopes_pk', ['realm_id', 'scope_id'])
    .execute();

  await db.schema
    .createTable('client_scope_links')
    .addColumn('client_uuid', 'varchar(36)', (c) => c.notNull().references('clients.id').onDelete('cascade'))
    .addColumn('scope_id', 'varchar(36)', (c) => c.notNull().references('client_scopes.id').onDelete('cascade'))
    .addColumn('default_scope', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_scope_links_pk', ['client_uuid', 'scope_id'])
    .execute();

  await db.schema
    .createTable('realm_keys')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('kid', 'varchar(255)', (c) => c.notNull())
    .addColumn('provider_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('algorithm', 'varchar(64)', (c) => c.notNull())
    .addColumn('key_use', 'varchar(8)', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('public_jwk', 'text')
    .addColumn('private_jwk', 'text', (c) => c.notNull())
    .addColumn('certificate', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('realm_keys_realm_idx').on('realm_keys').column('realm_id').execute();

  await db.schema
    .createTable('components')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('parent_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('provider_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('provider_type', 'varchar(255)', (c) => c.notNull())
    .addColumn('sub_type', 'varchar(255)')
    .addColumn('config', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('components_realm_type_idx').on('components').columns(['realm_id', 'provider_type']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Gatehouse migrations are forward-only; restore a backup to go back.');
}
