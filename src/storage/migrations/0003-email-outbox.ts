import type { Kysely } from 'kysely';

/**
 * The email outbox: every email is written here in the transaction of the change that
 * caused it and delivered afterwards by a worker, with retries; several nodes claim rows
 * with a lease (`claimed_by`, `claimed_until`) so that each row is sent by one of them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('realm_id', 'varchar(36)', (c) => c.notNull().references('realms.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(36)')
    .addColumn('recipient', 'varchar(320)', (c) => c.notNull())
    .addColumn('template', 'varchar(128)', (c) => c.notNull())
    .addColumn('subject_key', 'varchar(128)', (c) => c.notNull())
    .addColumn('subject_params', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(32)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('claimed_by', 'varchar(64)')
    .addColumn('claimed_until', 'bigint')
    .addColumn('transport', 'varchar(16)')
    .addColumn('subject', 'text')
    .addColumn('body_text', 'text')
    .addColumn('body_html', 'text')
    .execute();
  await db.schema.createIndex('email_outbox_due_idx').on('email_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('email_outbox_realm_created_idx').on('email_outbox').columns(['realm_id', 'created_at']).execute();
  await db.schema.createIndex('email_outbox_transport_created_idx').on('email_outbox').columns(['transport', 'created_at']).execute();
}
