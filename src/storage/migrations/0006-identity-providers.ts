import type { Kysely } from 'kysely';

/**
 * Identity providers and their mappers (stored and served; brokering comes later), the links
 * between users and their accounts at those providers, and the parts of an imported
 * representation Gatehouse does not use yet, kept so that an export gives them back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('alias', 'varchar(255)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addUniqueConstraint('identity_providers_realm_alias', ['realm_id', 'alias'])
    .execute();

  await db.schema
    .createTable('identity_provider_mappers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('identity_provider_alias', 'varchar(255)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('mapper', 'varchar(255)', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('identity_provider_mappers_idp_idx').on('identity_provider_mappers').columns(['realm_id', 'identity_provider_alias']).execute();

  await db.schema
    .createTable('federated_identities')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('identity_provider', 'varchar(255)', (c) => c.notNull())
    .addColumn('federated_user_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('federated_username', 'varchar(255)')
    .addPrimaryKeyConstraint('federated_identities_pk', ['user_id', 'identity_provider'])
    .execute();
  await db.schema.createIndex('federated_identities_lookup_idx').on('federated_identities').columns(['realm_id', 'identity_provider', 'federated_user_id']).execute();

  // One row per imported object with fields Gatehouse does not read (owner: 'realm', 'user', 'group', …).
  await db.schema
    .createTable('representation_extras')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('owner_type', 'varchar(32)', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('representation_extras_pk', ['realm_id', 'owner_type', 'owner_id'])
    .execute();
}
