import type { Kysely } from 'kysely';
import type { LoginFailureRecord, LoginFailureStore } from '../ports.ts';
import type { Database } from './schema.ts';

export class SqlLoginFailureStore implements LoginFailureStore {
  constructor(private readonly db: Kysely<Database>) {}

  async find(realmId: string, userId: string): Promise<LoginFailureRecord | undefined> {
    const row = await this.db.selectFrom('login_failures').selectAll().where('realm_id', '=', realmId).where('user_id', '=', userId).executeTakeFirst();
    if (!row) return undefined;
    return {
      realmId: row.realm_id,
      userId: row.user_id,
      numFailures: Number(row.num_failures),
      numTemporaryLockouts: Number(row.num_temporary_lockouts),
      lastFailure: Number(row.last_failure),
      lastIpFailure: row.last_ip_failure,
      failedLoginNotBefore: Number(row.failed_login_not_before),
    };
  }

  async save(r: LoginFailureRecord): Promise<void> {
    const values = {
      num_failures: r.numFailures,
      num_temporary_lockouts: r.numTemporaryLockouts,
      last_failure: r.lastFailure,
      last_ip_failure: r.lastIpFailure,
      failed_login_not_before: r.failedLoginNotBefore,
    };
    await this.db
      .insertInto('login_failures')
      .values({ realm_id: r.realmId, user_id: r.userId, ...values })
      .onConflict((oc) => oc.columns(['realm_id', 'user_id']).doUpdateSet(values))
      .execute();
  }

  async delete(realmId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('realm_id', '=', realmId).where('user_id', '=', userId).execute();
  }

  async deleteAll(realmId: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('realm_id', '=', realmId).execute();
  }
}
