import type { Kysely } from 'kysely';
import type { UsedActionTokenStore } from '../ports.ts';
import type { Database } from './schema.ts';

export class SqlUsedActionTokenStore implements UsedActionTokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  async markUsed(realmId: string, tokenId: string, expiresAt: number): Promise<boolean> {
    // `on conflict do nothing` rather than catching the violation: inside a PostgreSQL
    // transaction a failed insert would abort the whole transaction.
    const result = await this.db
      .insertInto('used_action_tokens')
      .values({ realm_id: realmId, token_id: tokenId, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['realm_id', 'token_id']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async isUsed(realmId: string, tokenId: string): Promise<boolean> {
    const row = await this.db.selectFrom('used_action_tokens').select('token_id').where('realm_id', '=', realmId).where('token_id', '=', tokenId).executeTakeFirst();
    return row !== undefined;
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('used_action_tokens').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
