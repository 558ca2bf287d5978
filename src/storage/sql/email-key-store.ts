import type { Kysely } from 'kysely';
import { GatehouseError } from '../../kernel/errors.ts';
import type { EmailKeyStore } from '../ports.ts';
import { isUniqueViolation } from './codec.ts';
import type { Database } from './schema.ts';

export class SqlEmailKeyStore implements EmailKeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  async findUserId(realmId: string, key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('email_keys').select('user_id').where('realm_id', '=', realmId).where('email_key', '=', key).executeTakeFirst();
    return row?.user_id;
  }

  async add(realmId: string, key: string, userId: string): Promise<void> {
    try {
      await this.db.insertInto('email_keys').values({ realm_id: realmId, email_key: key, user_id: userId }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new GatehouseError('GH_CONFLICT', ['User exists with same email'], { field: 'email', cause: error });
      throw error;
    }
  }
}
