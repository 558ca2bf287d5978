import type { Kysely } from 'kysely';

/**
 * Action tokens (email links) are single use: the ids of the tokens already used, kept until
 * the token would have expired anyway, so that a link works once however often it is opened.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('used_action_tokens')
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('token_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('used_action_tokens_pk', ['realm_id', 'token_id'])
    .execute();
  await db.schema.createIndex('used_action_tokens_expires_idx').on('used_action_tokens').column('expires_at').execute();
}
