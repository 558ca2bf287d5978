import type { Kysely, Selectable } from 'kysely';
import type { CredentialRecord, CredentialStore } from '../ports.ts';
import type { Database } from './schema.ts';
import { batchedRowsByKey, type BatchOptions } from './tick-batch.ts';

const toRecord = (row: Selectable<Database['credentials']>): CredentialRecord => ({
  id: row.id,
  userId: row.user_id,
  type: row.type,
  userLabel: row.user_label,
  secretData: row.secret_data,
  credentialData: row.credential_data,
  createdDate: Number(row.created_date),
  priority: row.priority,
});

export class SqlCredentialStore implements CredentialStore {
  /** Set outside transactions: a user's credentials read in the same event-loop turn as others' share a statement. */
  private readonly byUser?: (key: readonly string[]) => Promise<Selectable<Database['credentials']>[]>;

  constructor(
    private readonly db: Kysely<Database>,
    options: BatchOptions = {},
  ) {
    if (options.batchPerTick) this.byUser = batchedRowsByKey(db, 'credentials', ['user_id'], ['priority', 'created_date'], options.batchPerTick);
  }

  async create(realmId: string, c: CredentialRecord): Promise<void> {
    await this.db
      .insertInto('credentials')
      .values({
        id: c.id,
        realm_id: realmId,
        user_id: c.userId,
        type: c.type,
        user_label: c.userLabel,
        secret_data: c.secretData,
        credential_data: c.credentialData,
        created_date: c.createdDate,
        priority: c.priority,
      })
      .execute();
  }

  async listForUser(userId: string): Promise<CredentialRecord[]> {
    const rows = this.byUser
      ? await this.byUser([userId])
      : await this.db.selectFrom('credentials').selectAll().where('user_id', '=', userId).orderBy('priority').orderBy('created_date').execute();
    return rows.map(toRecord);
  }

  async update(c: CredentialRecord): Promise<void> {
    await this.db
      .updateTable('credentials')
      .set({ user_label: c.userLabel, secret_data: c.secretData, credential_data: c.credentialData, priority: c.priority })
      .where('id', '=', c.id)
      .where('user_id', '=', c.userId)
      .execute();
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.db.deleteFrom('credentials').where('user_id', '=', userId).where('id', '=', id).execute();
  }
}
