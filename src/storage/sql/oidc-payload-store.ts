import type { Kysely, Selectable } from 'kysely';
import type { OidcPayloadRecord, OidcPayloadStore } from '../ports.ts';
import { withRelaxedDurability } from './relaxed-durability.ts';
import type { Database } from './schema.ts';

type Row = Selectable<Database['oidc_payloads']>;

const toRecord = (row: Row): OidcPayloadRecord => ({
  realmId: row.realm_id,
  model: row.model,
  id: row.id,
  payload: JSON.parse(row.payload) as Record<string, unknown>,
  grantId: row.grant_id,
  userCode: row.user_code,
  uid: row.uid,
  accountId: row.account_id,
  expiresAt: row.expires_at === null ? null : Number(row.expires_at),
  consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
});

export class SqlOidcPayloadStore implements OidcPayloadStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** Sessions, interactions, grants, codes and tokens: a power cut may cost a sign-in, never data. Revoking stays fully durable. */
  async upsert(r: OidcPayloadRecord): Promise<void> {
    const row: Row = {
      realm_id: r.realmId,
      model: r.model,
      id: r.id,
      payload: JSON.stringify(r.payload),
      grant_id: r.grantId,
      user_code: r.userCode,
      uid: r.uid,
      account_id: r.accountId,
      expires_at: r.expiresAt,
      consumed_at: r.consumedAt,
    };
    const { realm_id: _realm, model: _model, id: _id, ...changes } = row;
    await withRelaxedDurability(this.db, this.dialect, (db) =>
      db
        .insertInto('oidc_payloads')
        .values(row)
        .onConflict((oc) => oc.columns(['realm_id', 'model', 'id']).doUpdateSet(changes))
        .execute(),
    );
  }

  private live(realmId: string, model: string) {
    return this.db.selectFrom('oidc_payloads').selectAll().where('realm_id', '=', realmId).where('model', '=', model);
  }

  async find(realmId: string, model: string, id: string): Promise<OidcPayloadRecord | undefined> {
    const row = await this.live(realmId, model).where('id', '=', id).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByUid(realmId: string, model: string, uid: string): Promise<OidcPayloadRecord | undefined> {
    const row = await this.live(realmId, model).where('uid', '=', uid).executeTakeFirst();
    return row && toRecord(row);
  }

  async findByUserCode(realmId: string, model: string, userCode: string): Promise<OidcPayloadRecord | undefined> {
    const row = await this.live(realmId, model).where('user_code', '=', userCode).executeTakeFirst();
    return row && toRecord(row);
  }

  async listByAccount(realmId: string, model: string, accountId: string): Promise<OidcPayloadRecord[]> {
    const rows = await this.live(realmId, model).where('account_id', '=', accountId).execute();
    return rows.map(toRecord);
  }

  /**
   * A code is consumed in the same relaxed way as the tokens it is exchanged for: a power cut that
   * loses the mark loses those tokens too, and the code still expires within its minute. (Keycloak
   * keeps codes in memory only.) This saves an fsync on the event loop per sign-in.
   */
  async consume(realmId: string, model: string, id: string, at: number): Promise<void> {
    await withRelaxedDurability(this.db, this.dialect, (db) =>
      db.updateTable('oidc_payloads').set({ consumed_at: at }).where('realm_id', '=', realmId).where('model', '=', model).where('id', '=', id).execute(),
    );
  }

  async destroy(realmId: string, model: string, id: string): Promise<void> {
    const remove = (db: Kysely<Database>) => db.deleteFrom('oidc_payloads').where('realm_id', '=', realmId).where('model', '=', model).where('id', '=', id).execute();
    // A finished interaction that survives a power cut only expires later; a revoked token or ended session must stay gone.
    await (model === 'Interaction' ? withRelaxedDurability(this.db, this.dialect, remove) : remove(this.db));
  }

  async revokeByGrantId(realmId: string, grantId: string): Promise<void> {
    await this.db.deleteFrom('oidc_payloads').where('realm_id', '=', realmId).where('grant_id', '=', grantId).execute();
  }

  async listAccounts(realmId: string, models: string[], now: number): Promise<string[]> {
    if (models.length === 0) return [];
    const rows = await this.db
      .selectFrom('oidc_payloads')
      .select('account_id')
      .distinct()
      .where('realm_id', '=', realmId)
      .where('model', 'in', models)
      .where('account_id', 'is not', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .orderBy('account_id')
      .execute();
    return rows.map((r) => r.account_id!);
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('oidc_payloads').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
