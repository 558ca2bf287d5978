import type { Kysely, Selectable } from 'kysely';
import type { FederatedIdentityRecord, FederatedIdentityStore } from '../ports.ts';
import { conflictAs } from './codec.ts';
import type { Database } from './schema.ts';

const toRecord = (row: Selectable<Database['federated_identities']>): FederatedIdentityRecord => ({
  realmId: row.realm_id,
  userId: row.user_id,
  identityProvider: row.identity_provider,
  federatedUserId: row.federated_user_id,
  federatedUsername: row.federated_username,
});

export class SqlFederatedIdentityStore implements FederatedIdentityStore {
  constructor(private readonly db: Kysely<Database>) {}

  async create(link: FederatedIdentityRecord): Promise<void> {
    await conflictAs(
      () => `User is already linked with provider ${link.identityProvider}`,
      () =>
        this.db
          .insertInto('federated_identities')
          .values({
            realm_id: link.realmId,
            user_id: link.userId,
            identity_provider: link.identityProvider,
            federated_user_id: link.federatedUserId,
            federated_username: link.federatedUsername,
          })
          .execute(),
    );
  }

  async listForUser(userId: string): Promise<FederatedIdentityRecord[]> {
    const rows = await this.db.selectFrom('federated_identities').selectAll().where('user_id', '=', userId).orderBy('identity_provider').execute();
    return rows.map(toRecord);
  }

  async listForRealm(realmId: string): Promise<FederatedIdentityRecord[]> {
    const rows = await this.db.selectFrom('federated_identities').selectAll().where('realm_id', '=', realmId).orderBy('user_id').orderBy('identity_provider').execute();
    return rows.map(toRecord);
  }

  async findUserId(realmId: string, identityProvider: string, federatedUserId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('federated_identities')
      .select('user_id')
      .where('realm_id', '=', realmId)
      .where('identity_provider', '=', identityProvider)
      .where('federated_user_id', '=', federatedUserId)
      .executeTakeFirst();
    return row?.user_id;
  }

  async delete(userId: string, identityProvider: string): Promise<void> {
    await this.db.deleteFrom('federated_identities').where('user_id', '=', userId).where('identity_provider', '=', identityProvider).execute();
  }
}
