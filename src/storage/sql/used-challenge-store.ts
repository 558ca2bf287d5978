import type { Kysely } from 'kysely';
import type { UsedChallengeStore } from '../ports.ts';
import { isUniqueViolation } from './codec.ts';
import type { Database } from './schema.ts';

export class SqlUsedChallengeStore implements UsedChallengeStore {
  constructor(private readonly db: Kysely<Database>) {}

  async use(id: string, expiresAt: number): Promise<boolean> {
    try {
      await this.db.insertInto('used_challenges').values({ id, expires_at: expiresAt }).execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('used_challenges').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
