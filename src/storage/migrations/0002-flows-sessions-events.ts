import type { Kysely } from 'kysely';

/**
 * Authentication flows as data (Keycloak's model), required-action providers, the journeys
 * that run them, the OpenID Connect engine's artefacts (sessions, codes, tokens, grants) and
 * user events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('authentication_flows')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('alias', 'varchar(255)', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('provider_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('top_level', 'integer', (c) => c.notNull())
    .addColumn('built_in', 'integer', (c) => c.notNull())
    .addUniqueConstraint('authentication_flows_realm_alias', ['realm_id', 'alias'])
    .execute();

  await db.schema
    .createTable('authenticator_configs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('alias', 'varchar(255)', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('authenticator_configs_realm_idx').on('authenticator_configs').column('realm_id').execute();

  await db.schema
    .createTable('authentication_executions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('flow_id', 'varchar(36)', (c) => c.notNull().references('authentication_flows.id').onDelete('cascade'))
    .addColumn('authenticator', 'varchar(255)')
    .addColumn('child_flow_id', 'varchar(36)', (c) => c.references('authentication_flows.id').onDelete('cascade'))
    .addColumn('requirement', 'varchar(32)', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('config_id', 'varchar(36)', (c) => c.references('authenticator_configs.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('authentication_executions_flow_idx').on('authentication_executions').column('flow_id').execute();

  await db.schema
    .createTable('required_action_providers')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('alias', 'varchar(255)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('provider_id', 'varchar(255)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('default_action', 'integer', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addUniqueConstraint('required_action_providers_realm_alias', ['realm_id', 'alias'])
    .execute();

  await db.schema
    .createTable('journeys')
    .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('journeys_expires_idx').on('journeys').column('expires_at').execute();

  await db.schema
    .createTable('oidc_payloads')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('model', 'varchar(64)', (c) => c.notNull())
    .addColumn('id', 'varchar(255)', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'varchar(255)')
    .addColumn('user_code', 'varchar(255)')
    .addColumn('uid', 'varchar(255)')
    .addColumn('account_id', 'varchar(255)')
    .addColumn('expires_at', 'bigint')
    .addColumn('consumed_at', 'bigint')
    .addPrimaryKeyConstraint('oidc_payloads_pk', ['realm_id', 'model', 'id'])
    .execute();
  await db.schema.createIndex('oidc_payloads_grant_idx').on('oidc_payloads').columns(['realm_id', 'grant_id']).execute();
  await db.schema.createIndex('oidc_payloads_uid_idx').on('oidc_payloads').columns(['realm_id', 'model', 'uid']).execute();
  await db.schema.createIndex('oidc_payloads_account_idx').on('oidc_payloads').columns(['realm_id', 'model', 'account_id']).execute();
  await db.schema.createIndex('oidc_payloads_expires_idx').on('oidc_payloads').column('expires_at').execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('type', 'varchar(64)', (c) => c.notNull())
    .addColumn('client_id', 'varchar(255)')
    .addColumn('user_id', 'varchar(36)')
    .addColumn('session_id', 'varchar(255)')
    .addColumn('ip_address', 'varchar(64)')
    .addColumn('error', 'varchar(255)')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_realm_time_idx').on('events').columns(['realm_id', 'time']).execute();
  await db.schema.createIndex('events_realm_type_time_idx').on('events').columns(['realm_id', 'type', 'time']).execute();
  await db.schema.createIndex('events_realm_user_time_idx').on('events').columns(['realm_id', 'user_id', 'time']).execute();
}
